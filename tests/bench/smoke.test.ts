// Keeps the benchmark code from rotting: the generator is deterministic and realistic enough to exercise dedup, and
// one tiny fetch cycle runs end to end through the real feed server, floor script and CLI. No timings are asserted.
// Both engines side by side, as the bench runs them (this file runs once, in the sqlite project): PostgreSQL on
// HUIJU_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), in databases huiju_bench_* dropped after.
import { describe, expect, it } from 'vitest';
import { bigDocument, cycleCorpus } from '../../bench/corpus.ts';
import { renderRss } from '../../bench/documents.ts';
import { itemStream, makeSources } from '../../bench/generate.ts';
import { ENGINES, type Engine } from '../../bench/lib/engines.ts';
import { renderGenerated, type Results } from '../../bench/report.ts';
import { runBigBatchScenario } from '../../bench/scenarios/big-batch.ts';
import { runCycleScenario } from '../../bench/scenarios/cycle.ts';
import { runPipelineScenario } from '../../bench/scenarios/pipeline.ts';
import { runScalingScenario } from '../../bench/scenarios/scaling.ts';
import { freshRssVersion } from '../../bench/peers/freshrss.ts';
import { newsboatVersion } from '../../bench/peers/newsboat.ts';

const engines: Engine[] = [...ENGINES];
const results: Results = {};
const recorded = <T>(result: T) => ({ machine: { cpu: 'test', cores: 1, ramGb: 1, node: process.version, date: new Date().toISOString(), load: 0 }, quick: true, result });

const NOW = new Date('2026-11-29T03:00:00Z');

describe('bench generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = cycleCorpus({ seed: 7, sources: 5, itemsPerSource: 20, hosts: 2, now: NOW });
    const b = cycleCorpus({ seed: 7, sources: 5, itemsPerSource: 20, hosts: 2, now: NOW });
    const c = cycleCorpus({ seed: 8, sources: 5, itemsPerSource: 20, hosts: 2, now: NOW });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('spreads sources over loopback hosts, ten a host for 1,000 sources over 100 hosts', () => {
    const sources = makeSources(1000, 100);
    expect(new Set(sources.map((s) => s.host)).size).toBe(100);
    expect(sources.filter((s) => s.host === '127.0.0.2')).toHaveLength(10);
    expect(sources.at(-1)!.host).toBe('127.0.0.101');
  });

  it('carries some stories on several outlets with varied headlines, and writes Chinese RSS', () => {
    const stream = itemStream({ seed: 3, sources: makeSources(20), perBatch: 50, start: NOW, itemsPerDay: 3000 });
    const items = Array.from({ length: 20 }, () => stream.next().value!.items).flat();
    const bodies = new Map<string, number>();
    for (const i of items) bodies.set(i.paragraphs.slice(1).join(), (bodies.get(i.paragraphs.slice(1).join()) ?? 0) + 1);
    const carriedTwice = [...bodies.values()].filter((n) => n > 1).length;
    expect(carriedTwice / bodies.size).toBeGreaterThan(0.08);
    expect(carriedTwice / bodies.size).toBeLessThan(0.4);
    expect(items.some((i) => /新华社电｜|—新华网|_中国新闻网/.test(i.title))).toBe(true);
    const xml = renderRss(makeSources(1)[0]!, items.slice(0, 3), 'http://127.0.0.2/feeds/src-0001.xml');
    expect(xml).toContain('<rss version="2.0"');
    expect(xml).toMatch(/[\u4e00-\u9fff]{4,}/);
  });

  it('lists a big document under one source, newest first, with copies of one story among its items', () => {
    const doc = bigDocument({ seed: 2, items: 2_000, now: NOW });
    expect(doc.items).toHaveLength(2_000);
    expect(new Set(doc.items.map((i) => i.guid)).size).toBe(2_000);
    expect(doc.items[0]!.publishedAt.getTime()).toBeGreaterThan(doc.items.at(-1)!.publishedAt.getTime());
    expect(doc.items.some((i) => i.storyOf !== i.guid)).toBe(true);
  });
});

describe.sequential(`bench scenarios (tiny, ${engines.join(' + ')})`, () => {
  it('runs a fetch cycle through the real CLI on each engine: cold stores every item, warm gets 304 everywhere', async () => {
    // `huiju serve` from empty on PostgreSQL only: the big batch below serves from SQLite.
    const r = await runCycleScenario({ seed: 1, engines, sources: 4, itemsPerSource: 10, hosts: 2, runs: 1, serving: ['postgres'], log: () => {} });
    results.cycle = recorded(r);
    const run = r.runs[0]!;
    expect(run.floor.items).toBe(40);
    // The floor that stores kept every item, with its search entry.
    expect(run.floorStored.stored).toBe(40);
    for (const engine of engines) {
      const e = run.engines[engine]!;
      expect(e.cold.failed).toBe(0);
      expect(e.cold.newItems).toBe(40);
      expect(e.warm.notModified).toBe(4);
      expect(e.cold.peakRssMb).toBeGreaterThan(0);
      expect(e.dbMb).toBeGreaterThan(0);
    }
    // The serving probe ran `huiju serve` through its start-up cycle and got answers while it stored.
    const serving = r.serving.postgres!;
    expect(serving.requests).toBeGreaterThan(0);
    expect(serving.maxMs).toBeGreaterThanOrEqual(serving.p50);
  }, 240_000);

  it('runs the pipeline on each engine and scores the stories it formed', async () => {
    const r = await runPipelineScenario({ seed: 1, engines, sources: 6, itemsPerSource: 10, runs: 1, log: () => {} });
    results.pipeline = recorded(r);
    for (const engine of engines) {
      const e = r.median.engines[engine]!;
      expect(e.ingestMs).toBeGreaterThan(0);
      expect(e.dedup.precision).toBeGreaterThan(0);
    }
  }, 120_000);

  it('measures ingest at two sizes and re-tags every stored item, on each engine', async () => {
    const r = await runScalingScenario({ seed: 1, engines, small: 100, retagAt: 200, large: 250, sample: 50, runs: 1, log: () => {} });
    results.scaling = recorded(r);
    for (const engine of engines) {
      expect(r.median[engine]!.retagItems).toBeGreaterThanOrEqual(200);
      expect(r.median[engine]!.smallUsPerItem).toBeGreaterThan(0);
    }
  }, 120_000);

  it('stores one big document on each engine, and polls huiju serve while it stores one', async () => {
    const r = await runBigBatchScenario({ seed: 1, engines, sizes: [100, 200], runs: 1, serveItems: 200, log: () => {} });
    results.bigbatch = recorded(r);
    for (const engine of engines) {
      const at200 = r.median[engine]!.find((x) => x.items === 200)!;
      expect(at200.newItems).toBe(200);
      expect(at200.lastChunksMs).toBeGreaterThan(0);
    }
    expect(r.serving!.storedItems).toBe(200);
    expect(r.serving!.whole.healthz.requests).toBeGreaterThan(0);
    expect(r.serving!.whole.items.failed).toBe(0);
  }, 180_000);

  it('reports every engine side by side', () => {
    const md = renderGenerated(results);
    for (const engine of engines) expect(md).toContain(engine === 'sqlite' ? 'SQLite' : 'PostgreSQL');
    expect(md).toContain('### 6. Big batch');
    expect(md).toContain('PostgreSQL cold cycle within 1.5× of SQLite');
  });

  it('keeps the recorded section of a scenario this run has no result for, and says "Not run yet" only where none was', () => {
    const previous = renderGenerated(results).replace(/### 3\. [^\n]*\n/, '### 3. Pipeline overhead (recorded earlier)\n\n| figure | 42 ms |\n');
    const md = renderGenerated({ cycle: results.cycle }, previous);
    expect(md).toContain('### 3. Pipeline overhead (recorded earlier)');
    expect(md).toContain('| figure | 42 ms |');
    expect(renderGenerated({ cycle: results.cycle })).toContain('### 3. Pipeline overhead\n\nNot run yet.');
  });
});

// The peers are Debian packages and a PHP application set up by bench/peers/setup.sh; without them there is nothing to
// run (the bench itself leaves a missing peer out and says so).
const peers = { ...(newsboatVersion() ? { newsboat: newsboatVersion()! } : {}), ...(freshRssVersion() ? { freshrss: freshRssVersion()! } : {}) };
describe.skipIf(Object.keys(peers).length === 0)('bench peers (tiny, SQLite)', () => {
  it('runs each peer on the same feeds at two sizes, and reports it beside huiju with how each scales', async () => {
    const r = await runCycleScenario({ seed: 1, engines: ['sqlite'], sources: 4, smallSources: 2, itemsPerSource: 10, hosts: 2, runs: 1, serving: [], peers, log: () => {} });
    for (const peer of Object.keys(peers) as (keyof typeof peers)[]) {
      const full = r.runs[0]!.peers![peer]!;
      expect(full.cold.items).toBe(40);
      expect(full.cold.cpuMs).toBeGreaterThan(0);
      expect(full.dbMb).toBeGreaterThan(0);
      expect(r.small!.runs[0]!.peers![peer]!.cold.items).toBe(20);
    }
    expect(r.runs[0]!.floorStored.dbMb).toBeGreaterThan(0);
    const md = renderGenerated({ cycle: recorded(r) });
    expect(md).toContain(`Cold cycle at 2 and 4 sources`);
    expect(md).toContain("database ≤ 2× the storing floor's");
    if (peers.newsboat) expect(md).toContain("cold cycle at or below newsboat's");
  }, 600_000);
});
