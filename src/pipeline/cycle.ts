import type { ResolvedSource } from '../config/schema.ts';
import { refreshSource, type RefreshDeps, type RefreshResult } from './refresh.ts';

/**
 * Refresh many sources at once; the limiter in `deps` decides how many requests run (globally and per site).
 * One failing source never stops the others. `onResult` hears of each source as it finishes; the results come back
 * in the order of `sources`.
 */
export function runCycle(
  sources: readonly ResolvedSource[],
  deps: RefreshDeps,
  onResult?: (r: RefreshResult) => void,
): Promise<RefreshResult[]> {
  return Promise.all(
    sources.map(async (s) => {
      const r = await refreshSource(s, deps);
      onResult?.(r);
      return r;
    }),
  );
}

/** The line `huiju fetch` prints for a source. */
export function formatResult(r: RefreshResult): string {
  if (!r.ok) return `${r.sourceId}  FAILED  ${r.error}`;
  const line = `${r.sourceId}  new ${r.counts.new}  updated ${r.counts.updated}  unchanged ${r.counts.unchanged}`;
  // What went wrong with part of the document (unreadable dates, pages whose full text could not be read), each below.
  return [r.notModified ? `${line}  (not modified)` : line, ...r.warnings.map((w) => `  warning: ${w}`)].join('\n');
}
