/**
 * Scenarios 1 and 2: one real `huiju fetch` cycle over 1,000 generated sources served from 100 loopback addresses,
 * cold (empty database) and then warm (every source answers 304), on each engine (SQLite, and PostgreSQL with
 * `--db postgres://…`), beside the floor: fetch + rss-parser, nothing stored; and beside the same floor storing and
 * full-text indexing every item, as any aggregator that keeps what it fetches must. Then once per engine `huiju serve`
 * on an empty database, whose start-up cycle stores the same 50,000 items, while a reader asks for `/api/items` again
 * and again: how long it waits while the server ingests.
 */
import { cycleCorpus, feedPath } from '../corpus.ts';
import { createBenchDatabase, databaseMb, withServerCpu, type Engine } from '../lib/engines.ts';
import { HUIJU_BIN, HUIJU_NODE_FLAGS, runMeasured, startHelper, tsNode, type Measured } from '../lib/proc.ts';
// The same helper the end-to-end tests start `huiju serve` with.
import { startServe } from '../lib/serve.ts';
import { median, percentile } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';
import { freshRssCycle } from '../peers/freshrss.ts';
import { newsboatCycle, type PeerCycle } from '../peers/newsboat.ts';

/** Other aggregators run on the same feeds in the same run (bench/peers/). */
export const PEERS = ['newsboat', 'freshrss'] as const;
export type Peer = (typeof PEERS)[number];

export interface CycleOptions {
  seed: number;
  engines: readonly Engine[];
  sources: number;
  itemsPerSource: number;
  hosts: number;
  runs: number;
  /** Write a CPU profile of each cold `huiju fetch` here (node --cpu-prof). */
  profileDir?: string;
  /** The engines to measure `huiju serve`'s start-up cycle on, a reader polling (default: every engine). */
  serving?: readonly Engine[];
  /** Peers to run beside huiju, with the version each reports (bench/peers/: newsboatVersion, freshRssVersion). */
  peers?: Partial<Record<Peer, string>>;
  /** Runs FreshRSS takes part in (the first this many; default: every run): it alone can take minutes a run. */
  freshRssRuns?: number;
  /** Also run every system on the first this many sources, to show how each scales (none if unset). */
  smallSources?: number;
  log: (line: string) => void;
}

interface Cost {
  wallMs: number;
  /** huiju's process (user + system). */
  cpuMs: number | null;
  /** The PostgreSQL server's processes over the same time (0 for SQLite). */
  serverCpuMs: number;
  peakRssMb: number | null;
}

export interface EngineCycleRun {
  cold: Cost & { newItems: number; failed: number };
  warm: Cost & { notModified: number; failed: number };
  /** The database's size on disk after the cold cycle. */
  dbMb: number;
}

export interface CycleRun {
  floor: { wallMs: number; cpuMs: number | null; peakRssMb: number | null; items: number };
  /** The floor that also stores and full-text indexes every item (bench/lib/bare-store.ts). */
  floorStored: { wallMs: number; cpuMs: number | null; peakRssMb: number | null; stored: number; dbMb?: number };
  engines: Partial<Record<Engine, EngineCycleRun>>;
  peers?: Partial<Record<Peer, PeerCycle>>;
}

export interface PeerCycleMedian {
  version: string;
  coldMs: number;
  coldCpuMs: number;
  coldRssMb: number;
  warmMs: number;
  warmCpuMs: number;
  warmRssMb: number;
  dbMb: number;
  items: number;
}

/** Every system at one size: the runs and their medians. */
export interface CycleAtSize {
  sources: number;
  items: number;
  runs: CycleRun[];
  median: CycleMedian;
}

export interface CycleMedian {
  floorMs: number;
  floorCpuMs: number;
  floorRssMb: number;
  floorStoredMs: number;
  floorStoredCpuMs: number;
  floorStoredRssMb: number;
  floorStoredDbMb?: number;
  engines: Partial<Record<Engine, EngineCycleMedian>>;
  peers?: Partial<Record<Peer, PeerCycleMedian>>;
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

export interface EngineCycleMedian {
  coldMs: number;
  coldCpuMs: number;
  coldServerCpuMs: number;
  coldRssMb: number;
  warmMs: number;
  warmCpuMs: number;
  warmServerCpuMs: number;
  warmRssMb: number;
  dbMb: number;
}

export interface CycleResult {
  engines: Engine[];
  sources: number;
  items: number;
  runs: CycleRun[];
  serving: Partial<Record<Engine, ServingWhileIngesting>>;
  median: CycleMedian;
  /** The same systems on the first `smallSources` sources. */
  small?: CycleAtSize;
}

function summarise(out: Measured) {
  const lines = out.stdout.trim().split('\n').filter(Boolean);
  return {
    newItems: lines.reduce((n, l) => n + Number(/ new (\d+)/.exec(l)?.[1] ?? 0), 0),
    failed: lines.filter((l) => l.includes(' FAILED ')).length,
    notModified: lines.filter((l) => l.endsWith('(not modified)')).length,
  };
}

async function fetchCycle(config: string, location: string, profile: string[]): Promise<EngineCycleRun> {
  const fetchOnce = async (extra: string[]) => {
    const { value, serverCpuMs } = await withServerCpu(location, () => runMeasured(process.execPath, [...extra, ...HUIJU_NODE_FLAGS, HUIJU_BIN, 'fetch', '--config', config, '--db', location]));
    if (value.code !== 0) throw new Error(`huiju fetch --db ${location} failed (${value.code}):\n${value.stderr}`);
    return { out: value, cost: { wallMs: value.wallMs, cpuMs: value.cpuMs, serverCpuMs, peakRssMb: value.peakRssMb } };
  };
  const cold = await fetchOnce(profile);
  const dbMb = await databaseMb(location);
  const warm = await fetchOnce([]);
  const c = summarise(cold.out);
  const w = summarise(warm.out);
  return {
    cold: { ...cold.cost, newItems: c.newItems, failed: c.failed },
    warm: { ...warm.cost, notModified: w.notModified, failed: w.failed },
    dbMb,
  };
}

type Feed = { id: string; name: string; url: string };

/** Every system once on these sources: the floors, huiju on each engine (interleaved), the peers. */
async function oneRun(o: CycleOptions, i: number, sources: readonly Feed[], work: ReturnType<typeof scratch>, label: string): Promise<CycleRun> {
  const tag = `${sources.length}-${i}`;
  const urls = sources.map((s) => s.url);
  const urlsFile = work.write(`urls-${tag}.json`, urls);
  const config = work.write(`feeds-${tag}.json`, { sources, tags: shippedTags() });
  const floor = await runMeasured(process.execPath, tsNode('bench/floor.ts', urlsFile));
  const floorItems = (JSON.parse(floor.stdout) as { items: number }).items;
  const floorDb = work.file(`floor-${tag}.db`);
  const floorStored = await runMeasured(process.execPath, tsNode('bench/floor.ts', urlsFile, '--store', floorDb));
  const run: CycleRun = {
    floor: { wallMs: floor.wallMs, cpuMs: floor.cpuMs, peakRssMb: floor.peakRssMb, items: floorItems },
    floorStored: {
      wallMs: floorStored.wallMs,
      cpuMs: floorStored.cpuMs,
      peakRssMb: floorStored.peakRssMb,
      stored: (JSON.parse(floorStored.stdout) as { stored: number }).stored,
      dbMb: await databaseMb(floorDb),
    },
    engines: {},
    peers: {},
  };
  o.log(
    `  ${label} run ${i + 1}: floor ${floor.wallMs.toFixed(0)} ms (cpu ${floor.cpuMs?.toFixed(0)}) ${floor.peakRssMb?.toFixed(0)} MB (${floorItems} items) | ` +
      `floor + store ${floorStored.wallMs.toFixed(0)} ms (cpu ${floorStored.cpuMs?.toFixed(0)}) ${floorStored.peakRssMb?.toFixed(0)} MB, ${run.floorStored.dbMb!.toFixed(0)} MB stored`,
  );
  const profile = o.profileDir && sources.length === o.sources ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
  // Interleaved, the engine that goes first alternating: drift in the machine's load falls on both alike.
  const order = i % 2 ? [...o.engines].reverse() : o.engines;
  for (const engine of order) {
    const target = await createBenchDatabase(engine, `cycle_${tag}`, work.dir);
    try {
      const r = await fetchCycle(config, target.location, profile);
      run.engines[engine] = r;
      const server = (ms: number) => (engine === 'postgres' ? ` + server ${ms.toFixed(0)}` : '');
      o.log(
        `  ${label} run ${i + 1} ${engine}: cold ${r.cold.wallMs.toFixed(0)} ms (cpu ${r.cold.cpuMs?.toFixed(0)}${server(r.cold.serverCpuMs)}) ${r.cold.peakRssMb?.toFixed(0)} MB ` +
          `(new ${r.cold.newItems}, failed ${r.cold.failed}, ${r.dbMb.toFixed(0)} MB stored) | ` +
          `warm ${r.warm.wallMs.toFixed(0)} ms (cpu ${r.warm.cpuMs?.toFixed(0)}${server(r.warm.serverCpuMs)}) ${r.warm.peakRssMb?.toFixed(0)} MB (304 ×${r.warm.notModified}, failed ${r.warm.failed})`,
      );
    } finally {
      await target.drop();
    }
  }
  for (const [peer, version] of Object.entries(o.peers ?? {}) as [Peer, string][]) {
    if (peer === 'freshrss' && i >= (o.freshRssRuns ?? o.runs)) continue;
    const dir = work.file(`${peer}-${tag}`);
    const r = peer === 'newsboat' ? await newsboatCycle(urls, dir, version) : await freshRssCycle(sources, dir, version);
    run.peers![peer] = r;
    o.log(
      `  ${label} run ${i + 1} ${peer}: cold ${r.cold.wallMs.toFixed(0)} ms (cpu ${r.cold.cpuMs?.toFixed(0)}) ${r.cold.peakRssMb?.toFixed(0)} MB ` +
        `(${r.cold.items} items, ${r.dbMb.toFixed(0)} MB stored) | warm ${r.warm.wallMs.toFixed(0)} ms (cpu ${r.warm.cpuMs?.toFixed(0)}) ${r.warm.peakRssMb?.toFixed(0)} MB`,
    );
    work.remove(`${peer}-${tag}`);
  }
  return run;
}

function medianOf(runs: readonly CycleRun[], engines: readonly Engine[], peers: readonly Peer[]): CycleMedian {
  const m = (f: (r: CycleRun) => number | null | undefined) => median(runs.map((r) => f(r) ?? NaN));
  const engineMedian = (engine: Engine): EngineCycleMedian => {
    const e = (f: (r: EngineCycleRun) => number | null) => m((r) => f(r.engines[engine]!));
    return {
      coldMs: e((r) => r.cold.wallMs),
      coldCpuMs: e((r) => r.cold.cpuMs),
      coldServerCpuMs: e((r) => r.cold.serverCpuMs),
      coldRssMb: e((r) => r.cold.peakRssMb),
      warmMs: e((r) => r.warm.wallMs),
      warmCpuMs: e((r) => r.warm.cpuMs),
      warmServerCpuMs: e((r) => r.warm.serverCpuMs),
      warmRssMb: e((r) => r.warm.peakRssMb),
      dbMb: e((r) => r.dbMb),
    };
  };
  const peerMedian = (peer: Peer): PeerCycleMedian => {
    const withPeer = runs.filter((r) => r.peers?.[peer]);
    const p = (f: (r: PeerCycle) => number | null) => median(withPeer.map((r) => f(r.peers![peer]!) ?? NaN));
    return {
      version: withPeer[0]!.peers![peer]!.version,
      coldMs: p((r) => r.cold.wallMs),
      coldCpuMs: p((r) => r.cold.cpuMs),
      coldRssMb: p((r) => r.cold.peakRssMb),
      warmMs: p((r) => r.warm.wallMs),
      warmCpuMs: p((r) => r.warm.cpuMs),
      warmRssMb: p((r) => r.warm.peakRssMb),
      dbMb: p((r) => r.dbMb),
      items: p((r) => r.cold.items),
    };
  };
  return {
    floorMs: m((r) => r.floor.wallMs),
    floorCpuMs: m((r) => r.floor.cpuMs),
    floorRssMb: m((r) => r.floor.peakRssMb),
    floorStoredMs: m((r) => r.floorStored.wallMs),
    floorStoredCpuMs: m((r) => r.floorStored.cpuMs),
    floorStoredRssMb: m((r) => r.floorStored.peakRssMb),
    floorStoredDbMb: m((r) => r.floorStored.dbMb),
    engines: Object.fromEntries(engines.map((e) => [e, engineMedian(e)])),
    peers: Object.fromEntries(peers.map((p) => [p, peerMedian(p)])),
  };
}

export async function runCycleScenario(o: CycleOptions): Promise<CycleResult> {
  // Whole hours keep the generated dates identical between the server and anything that regenerates them.
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const server = await startHelper<{ port: number; feeds: number; bytes: number }>(
    tsNode('bench/feed-server.ts', '--seed', String(o.seed), '--sources', String(o.sources), '--items', String(o.itemsPerSource), '--hosts', String(o.hosts), '--now', now.toISOString()),
  );
  const work = scratch('cycle');
  const peers = Object.keys(o.peers ?? {}) as Peer[];
  try {
    o.log(`  feed server: ${server.info.feeds} feeds, ${(server.info.bytes / 1e6).toFixed(1)} MB, port ${server.info.port}`);
    if (peers.length) o.log(`  peers: ${peers.map((p) => o.peers![p]).join(', ')}`);
    const sources: Feed[] = cycleCorpus({ seed: o.seed, sources: o.sources, itemsPerSource: 1, hosts: o.hosts, now }).map(({ source }) => ({
      id: source.id,
      name: source.name,
      url: `http://${source.host}:${server.info.port}${feedPath(source.id)}`,
    }));
    const runs: CycleRun[] = [];
    const smallRuns: CycleRun[] = [];
    const small = o.smallSources && o.smallSources < o.sources ? sources.slice(0, o.smallSources) : null;
    // The sizes interleaved too, so that a change in the machine's load falls on both.
    for (let i = 0; i < o.runs; i++) {
      runs.push(await oneRun(o, i, sources, work, `${o.sources}`));
      if (small) smallRuns.push(await oneRun(o, i, small, work, `${small.length}`));
    }
    const config = work.write('feeds.json', { sources, tags: shippedTags() });
    const serving: CycleResult['serving'] = {};
    for (const engine of o.serving ?? o.engines) {
      const target = await createBenchDatabase(engine, 'serve_from_empty', work.dir);
      try {
        const s = await serveWhileIngesting(config, target.location);
        serving[engine] = s;
        o.log(
          `  ${engine}: serve from empty: start-up cycle ${s.cycleMs.toFixed(0)} ms; a reader's /api/items during it: ` +
            `${s.requests} requests, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, ` +
            `p99 ${s.p99.toFixed(1)} ms, max ${s.maxMs.toFixed(0)} ms`,
        );
      } finally {
        await target.drop();
      }
    }
    return {
      engines: [...o.engines],
      sources: o.sources,
      items: o.sources * o.itemsPerSource,
      runs,
      serving,
      median: medianOf(runs, o.engines, peers),
      ...(small ? { small: { sources: small.length, items: small.length * o.itemsPerSource, runs: smallRuns, median: medianOf(smallRuns, o.engines, peers) } } : {}),
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
async function serveWhileIngesting(config: string, location: string): Promise<ServingWhileIngesting> {
  const served = await startServe(['--config', config, '--db', location], { env: { LOG_LEVEL: 'warn' }, readyWithinMs: 120_000 });
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
