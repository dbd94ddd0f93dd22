import type { SourceConfig } from '../config/schema.ts';
import { refreshSource, type RefreshDeps, type RefreshResult } from './refresh.ts';

/** Refresh many sources, at most `concurrency` at a time; one failing source never stops the others. */
export async function runCycle(sources: readonly SourceConfig[], deps: RefreshDeps, concurrency: number): Promise<RefreshResult[]> {
  const results: RefreshResult[] = new Array(sources.length);
  let next = 0;
  const worker = async () => {
    while (next < sources.length) {
      const i = next++;
      results[i] = await refreshSource(sources[i]!, deps);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sources.length) }, worker));
  return results;
}

/** The line `huiju fetch` prints for a source. */
export function formatResult(r: RefreshResult): string {
  if (!r.ok) return `${r.sourceId}  FAILED  ${r.error}`;
  const line = `${r.sourceId}  new ${r.counts.new}  updated ${r.counts.updated}  unchanged ${r.counts.unchanged}`;
  return r.notModified ? `${line}  (not modified)` : line;
}
