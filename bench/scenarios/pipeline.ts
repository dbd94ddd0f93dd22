/**
 * Scenario 3: huiju's parse + normalise + dedup + tag + store on the cycle's documents, against bare rss-parser
 * parseString on the same strings, in one process; and against rss-parser plus the bare store (rows and the same
 * full-text index, nothing else: bench/lib/bare-store.ts). Also splits huiju's time by stage to show where it goes.
 * huiju runs once on each engine per run, interleaved.
 */
import Parser from 'rss-parser';
import { cycleCorpus } from '../corpus.ts';
import { renderRss } from '../documents.ts';
import { countPostgresQueries, createBenchDatabase, query, ServerCpuMeter, type Engine } from '../lib/engines.ts';
import { ingestItems, normaliseItems, openBenchStore, parseDocument } from '../lib/huiju.ts';
import { openBareStore } from '../lib/bare-store.ts';
import { pairAccuracy, type PairAccuracy } from '../lib/dedup-accuracy.ts';
import { median } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';

export interface PipelineOptions {
  seed: number;
  engines: readonly Engine[];
  sources: number;
  itemsPerSource: number;
  runs: number;
  log: (line: string) => void;
}

export interface HuijuPipelineRun {
  huijuMs: number;
  parseMs: number;
  normaliseMs: number;
  ingestMs: number;
  /** huiju's CPU time (process, plus the PostgreSQL server's) over bare rss-parser's. */
  cpuRatio: number;
  /** CPU time the PostgreSQL server used during the run (0 for SQLite). */
  serverCpuMs: number;
  /** Statements sent to PostgreSQL an item (round trips); 0 for SQLite. */
  queriesPerItem: number;
  /** Stories formed, against the generator's ground truth. */
  dedup: PairAccuracy;
}

export interface PipelineRun {
  bareMs: number;
  /** rss-parser, then each document's items stored and full-text indexed by the bare store. */
  bareStoredMs: number;
  engines: Partial<Record<Engine, HuijuPipelineRun>>;
}

export interface PipelineResult {
  engines: Engine[];
  documents: number;
  items: number;
  runs: PipelineRun[];
  median: { bareMs: number; bareStoredMs: number; engines: Partial<Record<Engine, HuijuPipelineRun & { ratio: number }>> };
}

type Doc = { sourceId: string; url: string; xml: string; items: number };

async function runHuiju(engine: Engine, docs: readonly Doc[], now: Date, truth: ReadonlyMap<string, string>, dir: string, bareCpuUs: number): Promise<HuijuPipelineRun> {
  const target = await createBenchDatabase(engine, 'pipeline', dir);
  try {
    const { store, ctx } = await openBenchStore(target.location, shippedTags());
    let parseMs = 0;
    let normaliseMs = 0;
    let ingestMs = 0;
    const meter = ServerCpuMeter.start(target.location);
    const queries = engine === 'postgres' ? countPostgresQueries() : null;
    const cpu = process.cpuUsage();
    try {
      for (const d of docs) {
        const t = performance.now();
        const feed = await parseDocument(d.xml, d.url, now);
        const t1 = performance.now();
        const items = normaliseItems(d.sourceId, feed.items, now);
        const t2 = performance.now();
        await ingestItems(ctx, items);
        const t3 = performance.now();
        parseMs += t1 - t;
        normaliseMs += t2 - t1;
        ingestMs += t3 - t2;
      }
    } finally {
      queries?.stop();
      await store.close();
    }
    const used = process.cpuUsage(cpu);
    const serverCpuMs = meter?.stop() ?? 0;
    const stored = await query<{ sourceId: string; itemKey: string; storyId: number }>(
      target.location,
      'SELECT source_id AS "sourceId", item_key AS "itemKey", story_id AS "storyId" FROM items',
    );
    const dedup = pairAccuracy(truth, new Map(stored.map((r) => [`${r.sourceId}\u0000${r.itemKey}`, Number(r.storyId)])));
    const huijuMs = parseMs + normaliseMs + ingestMs;
    const cpuRatio = (used.user + used.system + serverCpuMs * 1000) / bareCpuUs;
    const queriesPerItem = (queries?.count() ?? 0) / docs.reduce((n, d) => n + d.items, 0);
    return { huijuMs, parseMs, normaliseMs, ingestMs, cpuRatio, serverCpuMs, queriesPerItem, dedup };
  } finally {
    await target.drop();
  }
}

export async function runPipelineScenario(o: PipelineOptions): Promise<PipelineResult> {
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const corpus = cycleCorpus({ seed: o.seed, sources: o.sources, itemsPerSource: o.itemsPerSource, hosts: 100, now });
  const truth = new Map(corpus.flatMap((d) => d.items.map((i) => [`${d.source.id}\u0000guid:${i.guid}`, i.storyOf] as const)));
  const docs: Doc[] = corpus.map((d) => ({
    sourceId: d.source.id,
    url: `http://${d.source.host}/feeds/${d.source.id}.xml`,
    xml: renderRss(d.source, d.items, `http://${d.source.host}/`),
    items: d.items.length,
  }));
  const bare = new Parser();
  const work = scratch('pipeline');
  const runs: PipelineRun[] = [];
  try {
    for (let i = 0; i < o.runs; i++) {
      let t = performance.now();
      const cpu = process.cpuUsage();
      for (const d of docs) await bare.parseString(d.xml);
      const bareMs = performance.now() - t;
      const bareCpu = process.cpuUsage(cpu);

      const bareStore = openBareStore(work.file(`bare-${i}.db`));
      t = performance.now();
      for (const d of docs) bareStore.store(d.sourceId, await bare.parseString(d.xml));
      const bareStoredMs = performance.now() - t;
      bareStore.close();

      const run: PipelineRun = { bareMs, bareStoredMs, engines: {} };
      const order = i % 2 ? [...o.engines].reverse() : o.engines;
      for (const engine of order) {
        const h = await runHuiju(engine, docs, now, truth, work.dir, bareCpu.user + bareCpu.system);
        run.engines[engine] = h;
        o.log(
          `  run ${i + 1} ${engine}: bare rss-parser ${bareMs.toFixed(0)} ms, + bare store ${bareStoredMs.toFixed(0)} ms | huiju ${h.huijuMs.toFixed(0)} ms ` +
            `(parse ${h.parseMs.toFixed(0)}, normalise ${h.normaliseMs.toFixed(0)}, dedup+tag+store ${h.ingestMs.toFixed(0)}) | ratio ${(h.huijuMs / bareMs).toFixed(2)} (CPU ${h.cpuRatio.toFixed(2)}` +
            `${engine === 'postgres' ? `, server ${h.serverCpuMs.toFixed(0)} ms, ${h.queriesPerItem.toFixed(1)} statements/item` : ''}) | dedup pairs P ${h.dedup.precision.toFixed(3)} R ${h.dedup.recall.toFixed(3)} of ${h.dedup.truePairs}`,
        );
      }
      runs.push(run);
    }
  } finally {
    work.dispose();
  }
  const m = (f: (r: PipelineRun) => number) => median(runs.map(f));
  const engineMedian = (engine: Engine) => {
    const e = (f: (r: HuijuPipelineRun) => number) => m((r) => f(r.engines[engine]!));
    return {
      huijuMs: e((r) => r.huijuMs),
      parseMs: e((r) => r.parseMs),
      normaliseMs: e((r) => r.normaliseMs),
      ingestMs: e((r) => r.ingestMs),
      cpuRatio: e((r) => r.cpuRatio),
      serverCpuMs: e((r) => r.serverCpuMs),
      queriesPerItem: e((r) => r.queriesPerItem),
      dedup: runs.at(-1)!.engines[engine]!.dedup,
      ratio: m((r) => r.engines[engine]!.huijuMs / r.bareMs),
    };
  };
  return {
    engines: [...o.engines],
    documents: docs.length,
    items: docs.length * o.itemsPerSource,
    runs,
    median: { bareMs: m((r) => r.bareMs), bareStoredMs: m((r) => r.bareStoredMs), engines: Object.fromEntries(o.engines.map((e) => [e, engineMedian(e)])) },
  };
}
