/**
 * Scenario 6: one big document. A source listing 10,000 … 100,000 items (corpus.ts bigDocument) handed to ingestItems
 * in one call, on each engine, into an empty database: µs per item at each size should not grow with the size, and
 * the chunks (one transaction each, src/pipeline/ingest.ts) at the end of the batch should cost what those at its
 * start do. Then, on SQLite, a real `huiju serve` storing such a source in its start-up cycle while /healthz and
 * /api/items?limit=20 are each polled, 20 ms between an answer and the next request: what a reader waits meanwhile.
 */
import { bigDocument, feedPath } from '../corpus.ts';
import { toParsedItem } from '../documents.ts';
import { countPostgresQueries, createBenchDatabase, ServerCpuMeter, type Engine } from '../lib/engines.ts';
import { ingestItems, normaliseItems, openBenchStore, type Store } from '../lib/huiju.ts';
import { startHelper, tsNode } from '../lib/proc.ts';
// The same helper the end-to-end tests start `huiju serve` with.
import { startServe } from '../lib/serve.ts';
import { median, percentile } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';

export interface BigBatchOptions {
  seed: number;
  engines: readonly Engine[];
  /** Items in the document, one database each. */
  sizes: readonly number[];
  runs: number;
  /** Items of the source `huiju serve` stores while being polled; 0 skips that part. */
  serveItems: number;
  log: (line: string) => void;
}

export interface BigBatchRun {
  items: number;
  newItems: number;
  wallMs: number;
  /** CPU µs an item: huiju's process plus, for PostgreSQL, the server's. */
  cpuUsPerItem: number;
  wallUsPerItem: number;
  /** Mean time of a chunk's transaction among the first tenth of the batch's chunks, and among the last tenth. */
  firstChunksMs: number;
  lastChunksMs: number;
  slowestChunkMs: number;
  /** Statements sent to PostgreSQL an item (round trips); 0 for SQLite. */
  queriesPerItem: number;
}

export interface PollStats {
  requests: number;
  p50: number;
  p99: number;
  maxMs: number;
  /** Requests that waited over 100 ms. */
  over100: number;
  /** Answers other than 200. */
  failed: number;
}

/** `huiju serve` (SQLite) storing one big source in its start-up cycle, each endpoint polled with 20 ms pauses. */
export interface ServeWhileStoring {
  items: number;
  documentMb: number;
  /** From the server answering /healthz until the first stored item showed in /api/sources. */
  fetchParseMs: number;
  /** From then until the source was no longer pending: storing the items. */
  storeMs: number;
  storedItems: number;
  /** Requests sent while the items were being stored. */
  storing: { healthz: PollStats; items: PollStats };
  /** Over the whole start-up cycle, fetching and parsing the document included. */
  whole: { healthz: PollStats; items: PollStats };
}

export interface BigBatchResult {
  engines: Engine[];
  sizes: number[];
  runs: { engine: Engine; run: BigBatchRun }[];
  median: Partial<Record<Engine, BigBatchRun[]>>;
  serving?: ServeWhileStoring;
}

/** The store, with the time of each transaction (ingest's chunks) recorded. */
function timingTransactions(store: Store, times: number[]): Store {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'transaction') {
        return (work: Parameters<Store['transaction']>[0]) => {
          const t = performance.now();
          return target.transaction(work).finally(() => times.push(performance.now() - t));
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function ingestOnce(engine: Engine, items: number, seed: number, now: Date, dir: string): Promise<BigBatchRun> {
  const doc = bigDocument({ seed, items, now });
  const batch = normaliseItems(doc.source.id, doc.items.map((i) => toParsedItem(doc.source, i)), now);
  const target = await createBenchDatabase(engine, `big_${items}`, dir);
  try {
    const { store, ctx } = await openBenchStore(target.location, shippedTags());
    const chunks: number[] = [];
    try {
      ctx.store = timingTransactions(store, chunks);
      const meter = ServerCpuMeter.start(target.location);
      const queries = engine === 'postgres' ? countPostgresQueries() : null;
      const cpu = process.cpuUsage();
      const t = performance.now();
      const counts = await ingestItems(ctx, batch).finally(() => queries?.stop());
      const wallMs = performance.now() - t;
      const used = process.cpuUsage(cpu);
      const serverMs = meter?.stop() ?? 0;
      const tenth = Math.max(1, Math.floor(chunks.length / 10));
      return {
        items,
        newItems: counts.new,
        wallMs,
        cpuUsPerItem: (used.user + used.system + serverMs * 1000) / items,
        wallUsPerItem: (wallMs * 1000) / items,
        firstChunksMs: mean(chunks.slice(0, tenth)),
        lastChunksMs: mean(chunks.slice(-tenth)),
        slowestChunkMs: Math.max(...chunks),
        queriesPerItem: (queries?.count() ?? 0) / items,
      };
    } finally {
      await store.close();
    }
  } finally {
    await target.drop();
  }
}

function pollStats(samples: readonly { ms: number; ok: boolean }[]): PollStats {
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    maxMs: times.at(-1) ?? NaN,
    over100: times.filter((t) => t > 100).length,
    failed: samples.filter((s) => !s.ok).length,
  };
}

/**
 * A reader polling `url`: a request, its answer, a pause of `pauseMs`, the next request (as tests/reliability's
 * responsiveness test polls). A stall shows as one long wait, so the report gives the longest wait and how many
 * waited over 100 ms beside the percentiles.
 */
function poller(url: string, pauseMs: number) {
  const samples: { sentAt: number; ms: number; ok: boolean }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const sentAt = performance.now();
      let ok = false;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
        await res.arrayBuffer();
        ok = res.status === 200;
      } catch {
        // Counted as failed, with the time it took to fail.
      }
      samples.push({ sentAt, ms: performance.now() - sentAt, ok });
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function serveWhileStoring(o: BigBatchOptions, now: Date): Promise<ServeWhileStoring> {
  const server = await startHelper<{ port: number; bytes: number }>(tsNode('bench/feed-server.ts', '--seed', String(o.seed), '--big', String(o.serveItems), '--now', now.toISOString()));
  const work = scratch('big-serve');
  const target = await createBenchDatabase('sqlite', 'big_serve', work.dir);
  try {
    const source = bigDocument({ seed: o.seed, items: 1, now }).source;
    const config = work.write('feeds.json', {
      sources: [{ id: source.id, name: source.name, url: `http://${source.host}:${server.info.port}${feedPath(source.id)}` }],
      tags: shippedTags(),
      fetch: { maxBytes: 1024 * 1024 * 1024, timeoutSeconds: 300 },
    });
    const served = await startServe(['--config', config, '--db', target.location], { env: { LOG_LEVEL: 'warn' }, readyWithinMs: 120_000 });
    const healthz = poller(`${served.url}/healthz`, 20);
    const items = poller(`${served.url}/api/items?limit=20`, 20);
    const started = performance.now();
    let storingFrom = NaN;
    let storedItems = 0;
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 200));
        if (performance.now() - started > 1_800_000) throw new Error('huiju serve did not store the big source within 30 minutes');
        let s: { status: string; itemCount: number } | undefined;
        try {
          [s] = (await (await fetch(`${served.url}/api/sources`)).json()) as { status: string; itemCount: number }[];
        } catch {
          // Not answered in time (a stall the pollers record): ask again.
          continue;
        }
        if (s!.itemCount > 0 && Number.isNaN(storingFrom)) storingFrom = performance.now();
        storedItems = s!.itemCount;
        if (s!.status !== 'pending') break;
      }
    } finally {
      await healthz.stop();
      await items.stop();
      await served.stop();
    }
    const ended = performance.now();
    if (Number.isNaN(storingFrom)) storingFrom = ended;
    const during = (s: { sentAt: number }) => s.sentAt >= storingFrom && s.sentAt <= ended;
    return {
      items: o.serveItems,
      documentMb: server.info.bytes / 1e6,
      fetchParseMs: storingFrom - started,
      storeMs: ended - storingFrom,
      storedItems,
      storing: { healthz: pollStats(healthz.samples.filter(during)), items: pollStats(items.samples.filter(during)) },
      whole: { healthz: pollStats(healthz.samples), items: pollStats(items.samples) },
    };
  } finally {
    await server.stop();
    await target.drop();
    work.dispose();
  }
}

export async function runBigBatchScenario(o: BigBatchOptions): Promise<BigBatchResult> {
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const work = scratch('big-batch');
  const runs: BigBatchResult['runs'] = [];
  try {
    let turn = 0;
    for (let i = 0; i < o.runs; i++) {
      for (const size of o.sizes) {
        // Interleaved, the engine that goes first alternating: drift in the machine's load falls on both alike.
        const order = turn++ % 2 ? [...o.engines].reverse() : o.engines;
        for (const engine of order) {
          const run = await ingestOnce(engine, size, o.seed + i, now, work.dir);
          runs.push({ engine, run });
          o.log(
            `  run ${i + 1} ${engine} ${size.toLocaleString('en')} items: ${(run.wallMs / 1000).toFixed(1)} s, ${run.wallUsPerItem.toFixed(0)} µs/item ` +
              `(CPU ${run.cpuUsPerItem.toFixed(0)} µs/item) | chunks: first tenth ${run.firstChunksMs.toFixed(1)} ms, last tenth ${run.lastChunksMs.toFixed(1)} ms, slowest ${run.slowestChunkMs.toFixed(0)} ms` +
              (engine === 'postgres' ? ` | ${run.queriesPerItem.toFixed(1)} statements/item` : ''),
          );
        }
      }
    }
  } finally {
    work.dispose();
  }
  const medianAt = (engine: Engine, size: number): BigBatchRun => {
    const mine = runs.filter((r) => r.engine === engine && r.run.items === size).map((r) => r.run);
    const m = (f: (r: BigBatchRun) => number) => median(mine.map(f));
    return {
      items: size,
      newItems: m((r) => r.newItems),
      wallMs: m((r) => r.wallMs),
      cpuUsPerItem: m((r) => r.cpuUsPerItem),
      wallUsPerItem: m((r) => r.wallUsPerItem),
      firstChunksMs: m((r) => r.firstChunksMs),
      lastChunksMs: m((r) => r.lastChunksMs),
      slowestChunkMs: m((r) => r.slowestChunkMs),
      queriesPerItem: m((r) => r.queriesPerItem),
    };
  };
  let serving: ServeWhileStoring | undefined;
  if (o.serveItems > 0) {
    serving = await serveWhileStoring(o, now);
    const line = (p: PollStats) => `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.maxMs.toFixed(0)} ms (${p.requests} requests, ${p.over100} over 100 ms${p.failed ? `, ${p.failed} failed` : ''})`;
    o.log(
      `  sqlite serve storing ${serving.storedItems.toLocaleString('en')} items (${serving.documentMb.toFixed(0)} MB document): fetch + parse ${(serving.fetchParseMs / 1000).toFixed(1)} s, store ${(serving.storeMs / 1000).toFixed(1)} s`,
    );
    o.log(`    while storing: /healthz ${line(serving.storing.healthz)}; /api/items?limit=20 ${line(serving.storing.items)}`);
    o.log(`    whole start-up cycle: /healthz ${line(serving.whole.healthz)}; /api/items?limit=20 ${line(serving.whole.items)}`);
  }
  return {
    engines: [...o.engines],
    sizes: [...o.sizes],
    runs,
    median: Object.fromEntries(o.engines.map((e) => [e, o.sizes.map((s) => medianAt(e, s))])),
    serving,
  };
}
