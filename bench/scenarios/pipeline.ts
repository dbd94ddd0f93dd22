/**
 * Scenario 3: huiju's parse + normalise + dedup + tag + store on the cycle's documents, against bare rss-parser
 * parseString on the same strings, in one process; and against rss-parser plus the bare store (rows and the same
 * full-text index, nothing else: bench/lib/bare-store.ts). Also splits huiju's time by stage to show where it goes.
 */
import Parser from 'rss-parser';
import { cycleCorpus } from '../corpus.ts';
import { renderRss } from '../documents.ts';
import { ingestItems, normaliseItems, openBenchDatabase, parseDocument } from '../lib/huiju.ts';
import { openBareStore } from '../lib/bare-store.ts';
import { pairAccuracy, type PairAccuracy } from '../lib/dedup-accuracy.ts';
import { median } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';

export interface PipelineOptions {
  seed: number;
  sources: number;
  itemsPerSource: number;
  runs: number;
  log: (line: string) => void;
}

export interface PipelineRun {
  bareMs: number;
  /** rss-parser, then each document's items stored and full-text indexed by the bare store. */
  bareStoredMs: number;
  huijuMs: number;
  parseMs: number;
  normaliseMs: number;
  ingestMs: number;
  /** The same ratio on CPU time (user + system) rather than wall time. */
  cpuRatio: number;
  /** Stories formed, against the generator's ground truth. */
  dedup: PairAccuracy;
}

export interface PipelineResult {
  documents: number;
  items: number;
  runs: PipelineRun[];
  median: PipelineRun & { ratio: number };
}

export async function runPipelineScenario(o: PipelineOptions): Promise<PipelineResult> {
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const corpus = cycleCorpus({ seed: o.seed, sources: o.sources, itemsPerSource: o.itemsPerSource, hosts: 100, now });
  const truth = new Map(corpus.flatMap((d) => d.items.map((i) => [`${d.source.id}\u0000guid:${i.guid}`, i.storyOf] as const)));
  const docs = corpus.map((d) => ({
    sourceId: d.source.id,
    url: `http://${d.source.host}/feeds/${d.source.id}.xml`,
    xml: renderRss(d.source, d.items, `http://${d.source.host}/`),
  }));
  const bare = new Parser();
  const tags = shippedTags();
  const work = scratch('pipeline');
  const runs: PipelineRun[] = [];
  try {
    for (let i = 0; i < o.runs; i++) {
      let t = performance.now();
      let cpu = process.cpuUsage();
      for (const d of docs) await bare.parseString(d.xml);
      const bareMs = performance.now() - t;
      const bareCpu = process.cpuUsage(cpu);

      const bareStore = openBareStore(work.file(`bare-${i}.db`));
      t = performance.now();
      for (const d of docs) bareStore.store(d.sourceId, await bare.parseString(d.xml));
      const bareStoredMs = performance.now() - t;
      bareStore.close();

      const { db, ctx } = openBenchDatabase(work.file(`run-${i}.db`), tags);
      let parseMs = 0;
      let normaliseMs = 0;
      let ingestMs = 0;
      cpu = process.cpuUsage();
      for (const d of docs) {
        t = performance.now();
        const feed = await parseDocument(d.xml, d.url, now);
        const t1 = performance.now();
        const items = normaliseItems(d.sourceId, feed.items, now);
        const t2 = performance.now();
        ingestItems(ctx, items);
        const t3 = performance.now();
        parseMs += t1 - t;
        normaliseMs += t2 - t1;
        ingestMs += t3 - t2;
      }
      const huijuCpu = process.cpuUsage(cpu);
      const stored = db.prepare('SELECT source_id AS sourceId, item_key AS itemKey, story_id AS storyId FROM items').all() as {
        sourceId: string;
        itemKey: string;
        storyId: number;
      }[];
      const dedup = pairAccuracy(truth, new Map(stored.map((r) => [`${r.sourceId}\u0000${r.itemKey}`, r.storyId])));
      db.close();
      const huijuMs = parseMs + normaliseMs + ingestMs;
      const cpuRatio = (huijuCpu.user + huijuCpu.system) / (bareCpu.user + bareCpu.system);
      runs.push({ bareMs, bareStoredMs, huijuMs, parseMs, normaliseMs, ingestMs, cpuRatio, dedup });
      o.log(
        `  run ${i + 1}: bare rss-parser ${bareMs.toFixed(0)} ms, + bare store ${bareStoredMs.toFixed(0)} ms | huiju ${huijuMs.toFixed(0)} ms ` +
          `(parse ${parseMs.toFixed(0)}, normalise ${normaliseMs.toFixed(0)}, dedup+tag+store ${ingestMs.toFixed(0)}) | ratio ${(huijuMs / bareMs).toFixed(2)} (CPU ${cpuRatio.toFixed(2)}) | ` +
          `dedup pairs P ${dedup.precision.toFixed(3)} R ${dedup.recall.toFixed(3)} of ${dedup.truePairs}`,
      );
    }
  } finally {
    work.dispose();
  }
  const m = (f: (r: PipelineRun) => number) => median(runs.map(f));
  return {
    documents: docs.length,
    items: docs.length * o.itemsPerSource,
    runs,
    median: {
      bareMs: m((r) => r.bareMs),
      bareStoredMs: m((r) => r.bareStoredMs),
      huijuMs: m((r) => r.huijuMs),
      parseMs: m((r) => r.parseMs),
      normaliseMs: m((r) => r.normaliseMs),
      ingestMs: m((r) => r.ingestMs),
      cpuRatio: m((r) => r.cpuRatio),
      dedup: runs.at(-1)!.dedup,
      ratio: m((r) => r.huijuMs / r.bareMs),
    },
  };
}
