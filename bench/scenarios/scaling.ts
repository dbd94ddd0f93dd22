/**
 * Scenario 5: per-item ingest cost with a small and a large database (dedup candidates must come from indexes, so the
 * cost must not grow with the database), and re-tagging every stored item after the rules change.
 */
import { compileTagger, openBenchDatabase, retagIfRulesChanged } from '../lib/huiju.ts';
import { median } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';
import { StreamIngester } from '../stream-ingest.ts';

export interface ScalingOptions {
  seed: number;
  small: number;
  large: number;
  retagAt: number;
  /** Items ingested (and timed) at each size. */
  sample: number;
  runs: number;
  log: (line: string) => void;
}

export interface ScalingRun {
  smallUsPerItem: number;
  largeUsPerItem: number;
  retagItems: number;
  retagMs: number;
}

export interface ScalingResult {
  small: number;
  large: number;
  sample: number;
  runs: ScalingRun[];
  median: ScalingRun & { ratio: number };
}

/**
 * CPU µs per item (ingest is synchronous, SQLite included, so the process's CPU time is its cost), as the median of
 * ten chunks: steadier than wall time on a machine other work shares.
 */
function timed(ingester: StreamIngester, count: number): number {
  const chunks: number[] = [];
  for (let i = 0; i < 10; i++) {
    const before = ingester.fed;
    const t = process.cpuUsage();
    const after = ingester.feed(count / 10);
    const used = process.cpuUsage(t);
    chunks.push((used.user + used.system) / (after - before));
  }
  return median(chunks);
}

export function runScalingScenario(o: ScalingOptions): ScalingResult {
  const tags = shippedTags();
  const runs: ScalingRun[] = [];
  for (let i = 0; i < o.runs; i++) {
    const work = scratch('scaling');
    try {
      const { db, ctx } = openBenchDatabase(work.file('scaling.db'), tags);
      const ingester = new StreamIngester(ctx, o.seed + i);
      ingester.feed(o.small);
      const smallUsPerItem = timed(ingester, o.sample);
      ingester.feed(o.retagAt - ingester.fed);
      // Changed rules: one more keyword on the first tag, so every stored item is due for re-tagging.
      const changed = tags.map((t, k) => (k === 0 ? { ...t, keywords: [...t.keywords, '智能体'] } : t));
      const t = performance.now();
      const retagItems = retagIfRulesChanged(db, compileTagger(changed));
      const retagMs = performance.now() - t;
      ctx.tagger = compileTagger(changed);
      ingester.feed(o.large - ingester.fed);
      const largeUsPerItem = timed(ingester, o.sample);
      db.close();
      runs.push({ smallUsPerItem, largeUsPerItem, retagItems, retagMs });
      o.log(
        `  run ${i + 1}: ${smallUsPerItem.toFixed(0)} µs/item at ${o.small} stored, ${largeUsPerItem.toFixed(0)} µs/item at ${o.large} stored ` +
          `(ratio ${(largeUsPerItem / smallUsPerItem).toFixed(2)}); re-tagged ${retagItems} items in ${(retagMs / 1000).toFixed(1)} s`,
      );
    } finally {
      work.dispose();
    }
  }
  const m = (f: (r: ScalingRun) => number) => median(runs.map(f));
  return {
    small: o.small,
    large: o.large,
    sample: o.sample,
    runs,
    median: {
      smallUsPerItem: m((r) => r.smallUsPerItem),
      largeUsPerItem: m((r) => r.largeUsPerItem),
      retagItems: m((r) => r.retagItems),
      retagMs: m((r) => r.retagMs),
      ratio: m((r) => r.largeUsPerItem / r.smallUsPerItem),
    },
  };
}
