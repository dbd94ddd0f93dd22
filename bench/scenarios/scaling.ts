/**
 * Scenario 5: per-item ingest cost with a small and a large database (dedup candidates must come from indexes, so the
 * cost must not grow with the database), and re-tagging every stored item after the rules change; on each engine.
 */
import { createBenchDatabase, ServerCpuMeter, type Engine } from '../lib/engines.ts';
import { compileTagger, openBenchStore, retagIfRulesChanged } from '../lib/huiju.ts';
import { median } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';
import { STREAM_DEFAULTS, StreamIngester } from '../stream-ingest.ts';

export interface ScalingOptions {
  seed: number;
  engines: readonly Engine[];
  small: number;
  large: number;
  retagAt: number;
  /** Items ingested (and timed) at each size. */
  sample: number;
  runs: number;
  log: (line: string) => void;
}

export interface ScalingRun {
  /** CPU µs per item: huiju's process, plus the PostgreSQL server's. */
  smallUsPerItem: number;
  largeUsPerItem: number;
  /** Wall-clock µs per item. */
  smallWallUsPerItem: number;
  largeWallUsPerItem: number;
  retagItems: number;
  retagMs: number;
}

export interface ScalingResult {
  engines: Engine[];
  small: number;
  large: number;
  sample: number;
  runs: { engine: Engine; run: ScalingRun }[];
  median: Partial<Record<Engine, ScalingRun & { ratio: number }>>;
}

/** CPU time (ms) of this process and, for PostgreSQL, of the server's backends: the whole cost of storing. */
function cpuNow(meter: ServerCpuMeter | null): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + (meter?.now() ?? 0);
}

/**
 * CPU and wall µs per item as the medians of (up to) ten chunks of whole batches: steadier than one figure on a
 * machine other work shares.
 */
async function timed(meter: ServerCpuMeter | null, ingester: StreamIngester, count: number): Promise<{ cpu: number; wall: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  const chunks = Math.max(1, Math.min(10, Math.floor(count / STREAM_DEFAULTS.perBatch)));
  for (let i = 0; i < chunks; i++) {
    const before = ingester.fed;
    const c = cpuNow(meter);
    const t = performance.now();
    const after = await ingester.feed(count / chunks);
    wall.push(((performance.now() - t) * 1000) / (after - before));
    cpu.push(((cpuNow(meter) - c) * 1000) / (after - before));
  }
  return { cpu: median(cpu), wall: median(wall) };
}

async function runOnce(o: ScalingOptions, engine: Engine, seed: number): Promise<ScalingRun> {
  const tags = shippedTags();
  const work = scratch('scaling');
  const target = await createBenchDatabase(engine, 'scaling', work.dir);
  try {
    const { store, ctx } = await openBenchStore(target.location, tags);
    const meter = ServerCpuMeter.start(target.location);
    try {
      const ingester = new StreamIngester(ctx, seed);
      await ingester.feed(o.small);
      const small = await timed(meter, ingester, o.sample);
      await ingester.feed(o.retagAt - ingester.fed);
      // Changed rules: one more keyword on the first tag, so every stored item is due for re-tagging.
      const changed = tags.map((t, k) => (k === 0 ? { ...t, keywords: [...t.keywords, '智能体'] } : t));
      const t = performance.now();
      const retagItems = await retagIfRulesChanged(store, compileTagger(changed));
      const retagMs = performance.now() - t;
      ctx.tagger = compileTagger(changed);
      await ingester.feed(o.large - ingester.fed);
      const large = await timed(meter, ingester, o.sample);
      return { smallUsPerItem: small.cpu, largeUsPerItem: large.cpu, smallWallUsPerItem: small.wall, largeWallUsPerItem: large.wall, retagItems, retagMs };
    } finally {
      meter?.stop();
      await store.close();
    }
  } finally {
    await target.drop();
    work.dispose();
  }
}

export async function runScalingScenario(o: ScalingOptions): Promise<ScalingResult> {
  const runs: ScalingResult['runs'] = [];
  for (let i = 0; i < o.runs; i++) {
    // Interleaved, the engine that goes first alternating: drift in the machine's load falls on both alike.
    const order = i % 2 ? [...o.engines].reverse() : o.engines;
    for (const engine of order) {
      const run = await runOnce(o, engine, o.seed + i);
      runs.push({ engine, run });
      o.log(
        `  run ${i + 1} ${engine}: ${run.smallUsPerItem.toFixed(0)} µs/item at ${o.small} stored, ${run.largeUsPerItem.toFixed(0)} µs/item at ${o.large} stored ` +
          `(ratio ${(run.largeUsPerItem / run.smallUsPerItem).toFixed(2)}; wall ${run.smallWallUsPerItem.toFixed(0)} → ${run.largeWallUsPerItem.toFixed(0)} µs); ` +
          `re-tagged ${run.retagItems} items in ${(run.retagMs / 1000).toFixed(1)} s`,
      );
    }
  }
  const medianOf = (engine: Engine) => {
    const mine = runs.filter((r) => r.engine === engine).map((r) => r.run);
    const m = (f: (r: ScalingRun) => number) => median(mine.map(f));
    return {
      smallUsPerItem: m((r) => r.smallUsPerItem),
      largeUsPerItem: m((r) => r.largeUsPerItem),
      smallWallUsPerItem: m((r) => r.smallWallUsPerItem),
      largeWallUsPerItem: m((r) => r.largeWallUsPerItem),
      retagItems: m((r) => r.retagItems),
      retagMs: m((r) => r.retagMs),
      ratio: m((r) => r.largeUsPerItem / r.smallUsPerItem),
    };
  };
  return {
    engines: [...o.engines],
    small: o.small,
    large: o.large,
    sample: o.sample,
    runs,
    median: Object.fromEntries(o.engines.map((e) => [e, medianOf(e)])),
  };
}
