// Keeps the benchmark code from rotting: the generator is deterministic and realistic enough to exercise dedup, and
// one tiny fetch cycle runs end to end through the real feed server, floor script and CLI. No timings are asserted.
import { describe, expect, it } from 'vitest';
import { cycleCorpus } from '../../bench/corpus.ts';
import { renderRss } from '../../bench/documents.ts';
import { itemStream, makeSources } from '../../bench/generate.ts';
import { runCycleScenario } from '../../bench/scenarios/cycle.ts';
import { runScalingScenario } from '../../bench/scenarios/scaling.ts';

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
});

describe('bench scenarios (tiny)', () => {
  it('runs a fetch cycle through the real CLI: cold stores every item, warm gets 304 everywhere', async () => {
    const r = await runCycleScenario({ seed: 1, sources: 4, itemsPerSource: 10, hosts: 2, runs: 1, log: () => {} });
    const run = r.runs[0]!;
    expect(run.floor.items).toBe(40);
    // The floor that stores kept every item, with its search entry.
    expect(run.floorStored.stored).toBe(40);
    expect(run.cold.failed).toBe(0);
    expect(run.cold.newItems).toBe(40);
    expect(run.warm.notModified).toBe(4);
    expect(run.cold.peakRssMb).toBeGreaterThan(0);
    // The serving probe ran `huiju serve` through its start-up cycle and got answers while it stored.
    expect(r.serving!.requests).toBeGreaterThan(0);
    expect(r.serving!.maxMs).toBeGreaterThanOrEqual(r.serving!.p50);
  }, 60_000);

  it('measures ingest at two sizes and re-tags every stored item', () => {
    const r = runScalingScenario({ seed: 1, small: 100, retagAt: 300, large: 400, sample: 50, runs: 1, log: () => {} });
    expect(r.runs[0]!.retagItems).toBeGreaterThanOrEqual(300);
    expect(r.median.smallUsPerItem).toBeGreaterThan(0);
  });
});
