/**
 * Scenario 4: a real `huiju serve` over a large generated database, loaded with autocannon from this process; plus
 * conditional GETs, and express.static serving the same feed bytes as the yardstick.
 */
import autocannon from 'autocannon';
import { writeFileSync } from 'node:fs';
import { buildServeDb } from '../build-db.ts';
import { makeSources } from '../generate.ts';
import { openDatabase } from '../lib/huiju.ts';
import { startHelper, tsNode } from '../lib/proc.ts';
// The same helper the end-to-end tests start `huiju serve` with.
import { startServe } from '../../tests/helpers/cli.ts';
import { percentile } from '../lib/stats.ts';
import { scratch, shippedTags } from '../lib/workspace.ts';
import { STREAM_DEFAULTS } from '../stream-ingest.ts';

export interface ServeOptions {
  seed: number;
  items: number;
  connections: number;
  durationSeconds: number;
  log: (line: string) => void;
}

export interface EndpointResult {
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

export interface ServeResult {
  items: number;
  stories: number;
  connections: number;
  durationSeconds: number;
  buildSeconds: number | null;
  cached: boolean;
  endpoints: EndpointResult[];
}

function storyCount(file: string): number {
  const db = openDatabase(file);
  try {
    return db.prepare('SELECT count(*) FROM stories').pluck().get() as number;
  } finally {
    db.close();
  }
}

let missCounter = 0;

async function load(url: string, o: ServeOptions, headers: Record<string, string> = {}, uncached = false) {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const { pathname, search } = new URL(url);
  // huiju ignores parameters it does not know, but its response cache keys on the whole URL: a counter makes each
  // request a miss that lists and renders afresh, the cost behind every first request after new items arrive.
  const requests = uncached
    ? [{ method: 'GET', setupRequest: (req: { path: string }) => ({ ...req, path: `${pathname}${search}&bench_miss=${++missCounter}` }) }]
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

export async function runServeScenario(o: ServeOptions): Promise<ServeResult> {
  const built = buildServeDb(o.items, o.seed, o.log);
  const stories = storyCount(built.file);
  if (stories === 0) throw new Error(`${built.file} holds no stories: delete it so the next run rebuilds it`);
  const work = scratch('serve');
  // Every source disabled: the server only serves, it never fetches during the measurement.
  const sources = makeSources(STREAM_DEFAULTS.sources).map((s) => ({ id: s.id, name: s.name, url: `http://${s.host}/feed.xml`, enabled: false }));
  // The generated items are dated from 2025: the default retention (90 days by first-seen time) would prune the whole
  // cached database at start-up and leave the benchmark serving empty lists.
  const config = work.write('feeds.json', { sources, tags: shippedTags(), retention: { days: 365_000 } });
  const served = await startServe(['--config', config, '--db', built.file], { env: { LOG_LEVEL: 'warn' }, readyWithinMs: 120_000 });
  const base = served.url;
  const endpoints: EndpointResult[] = [];
  let staticServer: Awaited<ReturnType<typeof startHelper<{ port: number }>>> | null = null;
  try {
    const paths = [`/api/items?q=${encodeURIComponent('大模型')}`, '/api/items?tag=ai', '/feed.xml?tag=ai'];
    for (const path of paths) {
      // autocannon asks for no compression, so the validator must be the uncompressed representation's: the gzip
      // variant has its own ETag, and sending that one back is (rightly) answered 200.
      const first = await fetch(base + path, { headers: { 'accept-encoding': 'identity' } });
      const body = await first.text();
      if (!first.ok) throw new Error(`${path} answered ${first.status}: ${body.slice(0, 200)}`);
      const etag = first.headers.get('etag');
      const plain = await load(base + path, o);
      endpoints.push({ path, conditional: false, static: false, ...plain });
      o.log(`  ${path}: p50 ${plain.p50} ms, p95 ${plain.p95} ms, p99 ${plain.p99} ms, ${Math.round(plain.rps)} req/s`);
      const miss = await load(base + path, o, {}, true);
      endpoints.push({ path, conditional: false, static: false, uncached: true, ...miss });
      o.log(`  ${path} (uncached): p50 ${miss.p50} ms, p95 ${miss.p95} ms, p99 ${miss.p99} ms, ${Math.round(miss.rps)} req/s`);
      if (etag) {
        const cond = await load(base + path, o, { 'if-none-match': etag });
        endpoints.push({ path, conditional: true, static: false, ...cond });
        o.log(`  ${path} (304): p50 ${cond.p50} ms, p95 ${cond.p95} ms, p99 ${cond.p99} ms, ${Math.round(cond.rps)} req/s`);
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
  } finally {
    await staticServer?.stop();
    await served.stop();
    work.dispose();
  }
  const storiesAfter = storyCount(built.file);
  if (storiesAfter !== stories) throw new Error(`huiju serve changed the benchmark database: ${stories} stories before, ${storiesAfter} after`);
  return { items: o.items, stories, connections: o.connections, durationSeconds: o.durationSeconds, buildSeconds: built.buildSeconds, cached: built.cached, endpoints };
}
