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
