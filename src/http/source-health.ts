import type { Config } from '../config/schema.ts';
import type { SourceStatus } from '../model/source.ts';
import type { SourceState } from '../store/store.ts';

export interface SourceHealth {
  id: string;
  name: string;
  url: string;
  type: string;
  enabled: boolean;
  status: SourceStatus;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextFetchAt: string | null;
  itemCount: number;
  charset: string | null;
  feedTitle: string | null;
  permanentRedirect: string | null;
}

export function statusOf(st: SourceState | undefined): SourceStatus {
  return !st?.lastFetchAt ? 'pending' : st.consecutiveFailures > 0 ? 'error' : 'ok';
}

/**
 * Each configured source with what the database knows of its fetches, for /api/sources and /sources. The next fetch
 * is the later of the scheduler's next run and the source's own gate (backoff, Retry-After).
 */
export function sourceHealth(
  config: Config,
  states: Map<string, SourceState & { itemCount: number }>,
  nextRun?: (sourceId: string) => Date | null,
): SourceHealth[] {
  return config.sources.map((s) => {
    const st = states.get(s.id);
    const scheduled = s.enabled ? nextRun?.(s.id)?.toISOString() : null;
    const gate = st?.nextFetchAt ?? null;
    const next = scheduled && gate ? (scheduled > gate ? scheduled : gate) : (scheduled ?? gate);
    return {
      id: s.id,
      name: s.name,
      url: s.url,
      type: s.type,
      enabled: s.enabled,
      status: statusOf(st),
      lastFetchAt: st?.lastFetchAt ?? null,
      lastSuccessAt: st?.lastSuccessAt ?? null,
      lastError: st?.lastError ?? null,
      consecutiveFailures: st?.consecutiveFailures ?? 0,
      nextFetchAt: s.enabled ? next : null,
      itemCount: st?.itemCount ?? 0,
      charset: st?.charset ?? null,
      feedTitle: st?.feedTitle ?? null,
      permanentRedirect: st?.permanentRedirect ?? null,
    };
  });
}

/** Enabled sources by the outcome of their last fetch. */
export interface SourceCounts {
  ok: number;
  failing: number;
  pending: number;
}

export function sourceCounts(config: Config, states: ReadonlyMap<string, SourceState>): SourceCounts {
  const counts: SourceCounts = { ok: 0, failing: 0, pending: 0 };
  for (const s of config.sources) {
    if (!s.enabled) continue;
    const status = statusOf(states.get(s.id));
    counts[status === 'error' ? 'failing' : status]++;
  }
  return counts;
}

/**
 * Degraded: more of the enabled sources that have been fetched are failing than working (13 of 13 after a network or
 * DNS outage, say). One dead outlet among many is not; /api/sources names it.
 */
export const isDegraded = (c: SourceCounts): boolean => c.failing > 0 && c.failing > c.ok;
