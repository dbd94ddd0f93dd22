/**
 * Fetch throughput of a cluster with 1, 2 and 4 `huiju worker` processes over `--feeds N` loopback feeds (5 items
 * each, 20 sites on 127.0.0.1–20, no delay), on this machine's PostgreSQL, each run in a fresh database. The bench
 * holds the scheduler leader's lock until every worker is up, then lets go; the clock runs from the first job queued
 * to the last source stored. Reports sources/s, items/s, and CPU seconds per 1,000 sources: each worker's and the
 * PostgreSQL server's (the cost of one more worker). Workers run interleaved over `--rounds`; medians.
 *
 *   node --import tsx bench/jobs-workers.ts --feeds 5000 --workers 1,2,4 --rounds 1
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { LOCK_NAMESPACE } from '../src/store/postgres/session-locks.ts';
import { PG_ADMIN_URL, pgUrl, ServerCpuMeter } from './lib/engines.ts';
import { HUIJU_BIN, ROOT } from './lib/proc.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '5000' },
    workers: { type: 'string', default: '1,2,4' },
    rounds: { type: 'string', default: '1' },
  },
});
const FEEDS = Number(values.feeds);
const WORKER_COUNTS = values.workers.split(',').map(Number);
const ROUNDS = Number(values.rounds);
const SITES = 20;
const ITEMS = 5;
const CLOCK_TICKS = 100;

function word(n: number): string {
  let s = '';
  for (let x = (n * 2654435761) >>> 0, i = 0; i < 6; i++, x = Math.imul(x ^ (x >>> 13), 0x5bd1e995) >>> 0) s += String.fromCharCode(97 + (x % 26));
  return s;
}

function feed(i: number): string {
  const items = Array.from({ length: ITEMS }, (_, k) => {
    const id = i * ITEMS + k;
    const text = Array.from({ length: 30 }, (_, w) => word(id * 31 + w)).join(' ');
    return `<item><title>Item ${id} ${word(id)} ${word(id + 7)}</title><link>http://site/${id}</link><guid>g${id}</guid><description>${text}</description><pubDate>${new Date(Date.now() - k * 3600_000).toUTCString()}</pubDate></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${i}</title><link>http://site/</link>${items.join('')}</channel></rss>`;
}

async function startSites(): Promise<{ hosts: string[]; close: () => Promise<void> }> {
  const servers: Server[] = [];
  const hosts: string[] = [];
  const bodies = new Map<string, string>();
  for (let h = 1; h <= SITES; h++) {
    const server = createServer((req, res) => {
      const m = /^\/f(\d+)\.xml$/.exec(req.url ?? '');
      if (!m) return void res.writeHead(404).end();
      const key = m[1]!;
      let body = bodies.get(key);
      if (!body) bodies.set(key, (body = feed(Number(key))));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, `127.0.0.${h}`, r));
    servers.push(server);
    hosts.push(`127.0.0.${h}:${(server.address() as { port: number }).port}`);
  }
  return { hosts, close: async () => void (await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))) };
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  workers: number;
  seconds: number;
  sourcesPerSecond: number;
  itemsPerSecond: number;
  workerCpuSecondsPer1000: number;
  serverCpuSecondsPer1000: number;
}

async function runOnce(workers: number, configFile: string): Promise<Run> {
  const name = `huiju_perf_workers_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = pgUrl(name);
  const children: ChildProcess[] = [];
  // Holding the leader's lock until every worker is up: the clock starts on an even start.
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  try {
    await holder.query('SELECT pg_advisory_lock($1::int, 0)', [LOCK_NAMESPACE.leader]);
    for (let w = 0; w < workers; w++) {
      const child = spawn(process.execPath, [HUIJU_BIN, 'worker', '--port', '0'], {
        cwd: ROOT,
        env: { ...process.env, HUIJU_DB: url, HUIJU_CONFIG: configFile, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
    }
    // Up: every worker holds its connections (a pgboss pool) once it has started.
    for (;;) {
      const { rows } = await holder.query<{ n: number }>("SELECT count(DISTINCT pid)::int AS n FROM pg_stat_activity WHERE application_name = 'huiju-queue'");
      if (rows[0]!.n >= workers) break;
      await sleep(200);
    }
    await sleep(2000);
    const meter = ServerCpuMeter.start(url)!;
    const cpuBefore = children.map((c) => cpuSeconds(c.pid!));
    await holder.query('SELECT pg_advisory_unlock($1::int, 0)', [LOCK_NAMESPACE.leader]);
    let t0 = 0;
    for (;;) {
      const { rows } = await holder.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'huiju-refresh'");
      if (rows[0]!.n > 0) break;
      await sleep(50);
    }
    t0 = performance.now();
    for (;;) {
      const { rows } = await holder.query<{ n: number }>('SELECT count(*)::int AS n FROM sources WHERE last_success_at IS NOT NULL');
      if (rows[0]!.n >= FEEDS) break;
      await sleep(100);
    }
    const seconds = (performance.now() - t0) / 1000;
    const workerCpu = children.reduce((sum, c, i) => sum + cpuSeconds(c.pid!) - cpuBefore[i]!, 0);
    const serverCpu = meter.stop() / 1000;
    const { rows } = await holder.query<{ n: number }>('SELECT count(*)::int AS n FROM items');
    return {
      workers,
      seconds: Math.round(seconds * 10) / 10,
      sourcesPerSecond: Math.round(FEEDS / seconds),
      itemsPerSecond: Math.round(rows[0]!.n / seconds),
      workerCpuSecondsPer1000: Math.round((workerCpu / FEEDS) * 1000 * 10) / 10,
      serverCpuSecondsPer1000: Math.round((serverCpu / FEEDS) * 1000 * 10) / 10,
    };
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await holder.end().catch(() => {});
    await sleep(500);
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

const sites = await startSites();
const dir = mkdtempSync(join(tmpdir(), 'huiju-bench-workers-'));
const configFile = join(dir, 'feeds.json');
writeFileSync(
  configFile,
  JSON.stringify({
    defaults: { schedule: '0 3 * * *', timezone: 'UTC' },
    // Politeness is not what is measured: 20 sites × 16 leave every worker its full concurrency.
    fetch: { concurrency: 16, perSiteConcurrency: 16 },
    sources: Array.from({ length: FEEDS }, (_, i) => ({ id: `f${i}`, name: `Feed ${i}`, url: `http://${sites.hosts[i % SITES]}/f${i}.xml` })),
  }),
);
const runs = new Map<number, Run[]>(WORKER_COUNTS.map((n) => [n, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of WORKER_COUNTS) {
      const r = await runOnce(n, configFile);
      runs.get(n)!.push(r);
      console.error(JSON.stringify(r));
    }
  }
} finally {
  await sites.close();
}
for (const [workers, rs] of runs) {
  const pick = (f: (r: Run) => number) => median(rs.map(f));
  console.log(
    JSON.stringify({
      feeds: FEEDS,
      workers,
      rounds: rs.length,
      seconds: pick((r) => r.seconds),
      sourcesPerSecond: pick((r) => r.sourcesPerSecond),
      itemsPerSecond: pick((r) => r.itemsPerSecond),
      workerCpuSecondsPer1000: pick((r) => r.workerCpuSecondsPer1000),
      serverCpuSecondsPer1000: pick((r) => r.serverCpuSecondsPer1000),
    }),
  );
}
