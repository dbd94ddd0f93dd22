/**
 * Scenarios 1 and 2: one real `huiju fetch` cycle over 1,000 generated sources served from 100 loopback addresses,
 * cold (empty database) and then warm (every source answers 304), beside the floor: fetch + rss-parser, nothing stored;
 * and beside the same floor storing and full-text indexing every item, as any aggregator that keeps what it fetches must.
 * Then once `huiju serve` on an empty database, whose start-up cycle stores the same 50,000 items, while a reader asks
 * for `/api/items` again and again: how long it waits while the server ingests.
 */
import { cycleCorpus, feedPath } from '../corpus.ts';
import { HUIJU_BIN, runMeasured, startHelper, tsNode, type Measured } from '../lib/proc.ts';
// The same helper the end-to-end tests start `huiju serve` with.
import { startServe } from '../../tests/helpers/cli.ts';
import { median, percentile } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';

export interface CycleOptions {
  seed: number;
  sources: number;
  itemsPerSource: number;
  hosts: number;
  runs: number;
  /** Write a CPU profile of each cold `huiju fetch` here (node --cpu-prof). */
  profileDir?: string;
  log: (line: string) => void;
}

export interface CycleRun {
  floor: { wallMs: number; cpuMs: number | null; peakRssMb: number | null; items: number };
  /** The floor that also stores and full-text indexes every item (bench/lib/bare-store.ts). */
  floorStored: { wallMs: number; cpuMs: number | null; peakRssMb: number | null; stored: number };
  cold: { wallMs: number; cpuMs: number | null; peakRssMb: number | null; newItems: number; failed: number };
  warm: { wallMs: number; cpuMs: number | null; peakRssMb: number | null; notModified: number; failed: number };
}

/** `huiju serve`'s start-up cycle from an empty database, and a reader's requests during it. */
export interface ServingWhileIngesting {
  /** From the server answering /healthz until no source is pending. */
  cycleMs: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  maxMs: number;
}

export interface CycleResult {
  sources: number;
  items: number;
  runs: CycleRun[];
  serving?: ServingWhileIngesting;
  median: {
    floorMs: number;
    floorCpuMs: number;
    floorRssMb: number;
    floorStoredMs: number;
    floorStoredCpuMs: number;
    floorStoredRssMb: number;
    coldMs: number;
    coldCpuMs: number;
    coldRssMb: number;
    warmMs: number;
    warmCpuMs: number;
    warmRssMb: number;
  };
}

function summarise(out: Measured) {
  const lines = out.stdout.trim().split('\n').filter(Boolean);
  return {
    newItems: lines.reduce((n, l) => n + Number(/ new (\d+)/.exec(l)?.[1] ?? 0), 0),
    failed: lines.filter((l) => l.includes(' FAILED ')).length,
    notModified: lines.filter((l) => l.endsWith('(not modified)')).length,
  };
}

export async function runCycleScenario(o: CycleOptions): Promise<CycleResult> {
  // Whole hours keep the generated dates identical between the server and anything that regenerates them.
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const server = await startHelper<{ port: number; feeds: number; bytes: number }>(
    tsNode('bench/feed-server.ts', '--seed', String(o.seed), '--sources', String(o.sources), '--items', String(o.itemsPerSource), '--hosts', String(o.hosts), '--now', now.toISOString()),
  );
  const work = scratch('cycle');
  try {
    o.log(`  feed server: ${server.info.feeds} feeds, ${(server.info.bytes / 1e6).toFixed(1)} MB, port ${server.info.port}`);
    const sources = cycleCorpus({ seed: o.seed, sources: o.sources, itemsPerSource: 1, hosts: o.hosts, now }).map(({ source }) => ({
      id: source.id,
      name: source.name,
      url: `http://${source.host}:${server.info.port}${feedPath(source.id)}`,
    }));
    const urlsFile = work.write('urls.json', sources.map((s) => s.url));
    const config = work.write('feeds.json', { sources, tags: shippedTags() });
    const runs: CycleRun[] = [];
    for (let i = 0; i < o.runs; i++) {
      const floor = await runMeasured(process.execPath, tsNode('bench/floor.ts', urlsFile));
      const floorItems = (JSON.parse(floor.stdout) as { items: number }).items;
      const floorStored = await runMeasured(process.execPath, tsNode('bench/floor.ts', urlsFile, '--store', work.file(`floor-${i}.db`)));
      const db = work.file(`run-${i}.db`);
      const profile = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
      const cold = await runMeasured(process.execPath, [...profile, HUIJU_BIN, 'fetch', '--config', config, '--db', db]);
      if (cold.code !== 0) throw new Error(`huiju fetch failed (${cold.code}):\n${cold.stderr}`);
      const warm = await runMeasured(process.execPath, [HUIJU_BIN, 'fetch', '--config', config, '--db', db]);
      const c = summarise(cold);
      const w = summarise(warm);
      runs.push({
        floor: { wallMs: floor.wallMs, cpuMs: floor.cpuMs, peakRssMb: floor.peakRssMb, items: floorItems },
        floorStored: {
          wallMs: floorStored.wallMs,
          cpuMs: floorStored.cpuMs,
          peakRssMb: floorStored.peakRssMb,
          stored: (JSON.parse(floorStored.stdout) as { stored: number }).stored,
        },
        cold: { wallMs: cold.wallMs, cpuMs: cold.cpuMs, peakRssMb: cold.peakRssMb, newItems: c.newItems, failed: c.failed },
        warm: { wallMs: warm.wallMs, cpuMs: warm.cpuMs, peakRssMb: warm.peakRssMb, notModified: w.notModified, failed: w.failed },
      });
      o.log(
        `  run ${i + 1}: floor ${floor.wallMs.toFixed(0)} ms ${floor.peakRssMb?.toFixed(0)} MB (${floorItems} items) | ` +
          `floor + store ${floorStored.wallMs.toFixed(0)} ms ${floorStored.peakRssMb?.toFixed(0)} MB | ` +
          `cold ${cold.wallMs.toFixed(0)} ms (cpu ${cold.cpuMs?.toFixed(0)}) ${cold.peakRssMb?.toFixed(0)} MB (new ${c.newItems}, failed ${c.failed}) | ` +
          `warm ${warm.wallMs.toFixed(0)} ms ${warm.peakRssMb?.toFixed(0)} MB (304 ×${w.notModified}, failed ${w.failed})`,
      );
    }
    const serving = await serveWhileIngesting(config, work.file('serve.db'));
    o.log(
      `  serve from empty: start-up cycle ${serving.cycleMs.toFixed(0)} ms; a reader's /api/items during it: ` +
        `${serving.requests} requests, p50 ${serving.p50.toFixed(1)} ms, p95 ${serving.p95.toFixed(1)} ms, ` +
        `p99 ${serving.p99.toFixed(1)} ms, max ${serving.maxMs.toFixed(0)} ms`,
    );
    const m = (f: (r: CycleRun) => number | null) => median(runs.map((r) => f(r) ?? NaN));
    return {
      sources: o.sources,
      items: o.sources * o.itemsPerSource,
      runs,
      serving,
      median: {
        floorMs: m((r) => r.floor.wallMs),
        floorCpuMs: m((r) => r.floor.cpuMs),
        floorRssMb: m((r) => r.floor.peakRssMb),
        floorStoredMs: m((r) => r.floorStored.wallMs),
        floorStoredCpuMs: m((r) => r.floorStored.cpuMs),
        floorStoredRssMb: m((r) => r.floorStored.peakRssMb),
        coldMs: m((r) => r.cold.wallMs),
        coldCpuMs: m((r) => r.cold.cpuMs),
        coldRssMb: m((r) => r.cold.peakRssMb),
        warmMs: m((r) => r.warm.wallMs),
        warmCpuMs: m((r) => r.warm.cpuMs),
        warmRssMb: m((r) => r.warm.peakRssMb),
      },
    };
  } finally {
    await server.stop();
    work.dispose();
  }
}

/**
 * One reader, one request at a time (as a person or a feed reader polls), for as long as `huiju serve` spends storing
 * its first cycle: every commit that holds the event loop shows up as a slow answer.
 */
async function serveWhileIngesting(config: string, dbFile: string): Promise<ServingWhileIngesting> {
  const served = await startServe(['--config', config, '--db', dbFile], { env: { LOG_LEVEL: 'warn' }, readyWithinMs: 120_000 });
  const base = served.url;
  const started = performance.now();
  const times: number[] = [];
  let done = false;
  const reader = (async () => {
    while (!done) {
      const t = performance.now();
      const res = await fetch(`${base}/api/items?limit=20`);
      await res.arrayBuffer();
      times.push(performance.now() - t);
    }
  })();
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const sources = (await (await fetch(`${base}/api/sources`)).json()) as { status: string }[];
      if (sources.every((s) => s.status !== 'pending')) break;
    }
  } finally {
    done = true;
    await reader;
    await served.stop();
  }
  const cycleMs = performance.now() - started;
  times.sort((a, b) => a - b);
  return { cycleMs, requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), maxMs: times.at(-1) ?? NaN };
}
