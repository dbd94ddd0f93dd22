/**
 * Scenario 4: a real `huiju serve` over a large generated database on each engine, both loaded with autocannon from
 * this process row by row, interleaved; plus conditional GETs, and express.static serving the same feed bytes as the
 * yardstick.
 */
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { buildServeDb, cachedPostgresServeDb } from '../build-db.ts';
import { makeSources } from '../generate.ts';
import { databaseMb, query, type Engine } from '../lib/engines.ts';
import { startHelper, tsNode } from '../lib/proc.ts';
// The same helper the end-to-end tests start `huiju serve` with.
import { startServe } from '../lib/serve.ts';
import { percentile } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';
import { STREAM_DEFAULTS } from '../stream-ingest.ts';

export interface ServeOptions {
  seed: number;
  engines: readonly Engine[];
  items: number;
  connections: number;
  durationSeconds: number;
  log: (line: string) => void;
}

export interface EndpointResult {
  /** The engine of the `huiju serve` that answered; absent for express.static. */
  engine?: Engine;
  path: string;
  conditional: boolean;
  static: boolean;
  /** Every request a different URL (an ignored extra parameter), so none is answered from the response cache. */
  uncached?: boolean;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  /** Most frequent status code. */
  status: number;
  /** Responses that were neither 2xx nor the 304 a conditional row expects. */
  non2xx: number;
}

export interface ServedDatabase {
  stories: number;
  dbMb: number;
  /** How the database was made, and how long it took (null: cached, built in an earlier run of unknown length). */
  built: { how: 'ingestItems' | 'huiju db copy'; seconds: number | null; cached: boolean };
}

export interface ServeResult {
  engines: Engine[];
  items: number;
  databases: Partial<Record<Engine, ServedDatabase>>;
  connections: number;
  durationSeconds: number;
  endpoints: EndpointResult[];
}

async function storyCount(location: string): Promise<number> {
  const rows = await query<{ n: number | string }>(location, 'SELECT count(*) AS n FROM stories');
  return Number(rows[0]!.n);
}

let missCounter = 0;

async function load(url: string, o: ServeOptions, headers: Record<string, string> = {}, uncached = false) {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const { pathname, search } = new URL(url);
  // The response cache keys on the parameters huiju knows, and ignores the rest: a far-future `until` that moves by a
  // second each request selects the same stories but makes each request a miss that lists and renders afresh, the
  // cost behind every first request after new items arrive.
  const missUntil = () => new Date(Date.UTC(2100, 0, 1) + ++missCounter * 1000).toISOString();
  const requests = uncached
    ? [{ method: 'GET', setupRequest: (req: { path: string }) => ({ ...req, path: `${pathname}${search}&until=${missUntil()}` }) }]
    : undefined;
  const instance = autocannon({ url, connections: o.connections, duration: o.durationSeconds, headers, requests });
  instance.on('response', (_c, status, _b, ms) => {
    times.push(ms);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const status = [...statuses].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const bad = [...statuses].filter(([s]) => !(s >= 200 && s < 300) && s !== 304).reduce((n, [, c]) => n + c, 0);
  if (result.errors) o.log(`    ${result.errors} connection errors (${result.timeouts} timeouts)`);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), rps: result.requests.average, status, non2xx: bad + result.errors };
}

type Served = Awaited<ReturnType<typeof startServe>>;

export async function runServeScenario(o: ServeOptions): Promise<ServeResult> {
  const sqlite = await buildServeDb(o.items, o.seed, o.log);
  const work = scratch('serve');
  const databases: ServeResult['databases'] = {};
  const locations = new Map<Engine, string>();
  const servers = new Map<Engine, Served>();
  const endpoints: EndpointResult[] = [];
  let staticServer: Awaited<ReturnType<typeof startHelper<{ port: number }>>> | null = null;
  try {
    for (const engine of o.engines) {
      if (engine === 'sqlite') {
        locations.set(engine, sqlite.file);
        databases.sqlite = { stories: 0, dbMb: 0, built: { how: 'ingestItems', seconds: sqlite.buildSeconds, cached: sqlite.cached } };
      } else {
        const pgDb = await cachedPostgresServeDb(sqlite.file, o.items, o.seed, o.log);
        locations.set(engine, pgDb.location);
        databases[engine] = { stories: 0, dbMb: 0, built: { how: pgDb.filled?.how ?? 'huiju db copy', seconds: pgDb.filled?.seconds ?? null, cached: !pgDb.filled } };
      }
      const location = locations.get(engine)!;
      const d = databases[engine]!;
      d.stories = await storyCount(location);
      d.dbMb = await databaseMb(location);
      if (d.stories === 0) throw new Error(`${location} holds no stories${engine === 'sqlite' ? ': delete it so the next run rebuilds it' : ''}`);
      o.log(`  ${engine}: ${d.stories.toLocaleString('en')} stories, ${d.dbMb.toFixed(0)} MB (${d.built.how}${d.built.seconds === null ? '' : `, ${d.built.seconds.toFixed(0)} s`}${d.built.cached ? ', cached' : ''})`);
    }
    // Every source disabled: the servers only serve, they never fetch during the measurement.
    const sources = makeSources(STREAM_DEFAULTS.sources).map((s) => ({ id: s.id, name: s.name, url: `http://${s.host}/feed.xml`, enabled: false }));
    // The generated items are dated from 2025: the default retention (90 days by first-seen time) would prune the whole
    // cached database at start-up and leave the benchmark serving empty lists.
    const config = work.write('feeds.json', { sources, tags: shippedTags(), retention: { days: 365_000 } });
    for (const engine of o.engines) {
      servers.set(engine, await startServe(['--config', config, '--db', locations.get(engine)!], { env: { LOG_LEVEL: 'warn' }, readyWithinMs: 300_000 }));
    }
    const paths = [`/api/items?q=${encodeURIComponent('大模型')}`, '/api/items?tag=ai', '/feed.xml?tag=ai'];
    let row = 0;
    for (const path of paths) {
      let body = '';
      const etags = new Map<Engine, string | null>();
      for (const engine of o.engines) {
        // autocannon asks for no compression, so the validator must be the uncompressed representation's: the gzip
        // variant has its own ETag, and sending that one back is (rightly) answered 200.
        const first = await fetch(servers.get(engine)!.url + path, { headers: { 'accept-encoding': 'identity' } });
        body = await first.text();
        if (!first.ok) throw new Error(`${engine}: ${path} answered ${first.status}: ${body.slice(0, 200)}`);
        etags.set(engine, first.headers.get('etag'));
      }
      const modes: { label: string; conditional: boolean; uncached: boolean }[] = [
        { label: '', conditional: false, uncached: false },
        { label: ' (uncached)', conditional: false, uncached: true },
        { label: ' (304)', conditional: true, uncached: false },
      ];
      for (const mode of modes) {
        // Interleaved, the engine that goes first alternating row by row.
        const order = row++ % 2 ? [...o.engines].reverse() : o.engines;
        for (const engine of order) {
          const etag = etags.get(engine);
          if (mode.conditional && !etag) continue;
          const r = await load(servers.get(engine)!.url + path, o, mode.conditional ? { 'if-none-match': etag! } : {}, mode.uncached);
          endpoints.push({ engine, path, conditional: mode.conditional, static: false, ...(mode.uncached ? { uncached: true } : {}), ...r });
          o.log(`  ${engine} ${path}${mode.label}: p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${Math.round(r.rps)} req/s`);
        }
      }
      if (path.startsWith('/feed.xml')) {
        writeFileSync(work.file('feed.xml'), body);
        staticServer = await startHelper<{ port: number }>(tsNode('bench/static-server.ts', work.dir));
        const st = await load(`http://127.0.0.1:${staticServer.info.port}/feed.xml`, o);
        endpoints.push({ path: 'express.static: the same feed.xml bytes', conditional: false, static: true, ...st });
        o.log(`  static feed.xml: p50 ${st.p50} ms, p95 ${st.p95} ms, ${Math.round(st.rps)} req/s`);
        await staticServer.stop();
        staticServer = null;
      }
    }
    for (const [engine, served] of servers) {
      await served.stop();
      servers.delete(engine);
      const after = await storyCount(locations.get(engine)!);
      if (after !== databases[engine]!.stories) throw new Error(`huiju serve changed the ${engine} benchmark database: ${databases[engine]!.stories} stories before, ${after} after`);
    }
  } finally {
    await staticServer?.stop();
    for (const served of servers.values()) await served.stop();
    work.dispose();
  }
  return { engines: [...o.engines], items: o.items, databases, connections: o.connections, durationSeconds: o.durationSeconds, endpoints };
}
