import { createServer, request, type Server } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_NAMESPACE } from '../../src/store/postgres/session-locks.ts';
import { tempDir, waitFor, writeConfig } from '../helpers/cli.ts';
import { rss } from '../helpers/rss.ts';
import { connectSql, newDatabase, type SqlConnection, type TestDatabase } from '../helpers/store.ts';
import { startRole, type RoleProcess } from './processes.ts';
import { wireStory } from './wire.ts';

/**
 * The cluster as an operator runs it: 2 `huiju web` and 3 `huiju worker` processes on one PostgreSQL database, over
 * 300 fixture feeds on 10 loopback addresses (10 sites). The scheduler leader is killed -9 while it queues the cycle,
 * then a worker mid-batch. Every source must be stored, once; no story twice; the web replicas must answer throughout.
 */
const FEEDS = 300;
const HOSTS = 10;
/** Each feed: two stories of its own and two wire stories, each wire story carried by four feeds. */
const WIRE = FEEDS / 2;
const PER_SITE = 2;
const CONCURRENCY = 4;
/** Each answer is held back this long, so that a batch lasts long enough to kill a worker in the middle of it. */
const DELAY_MS = 120;

function feedBody(i: number, host: string): string {
  const own = [0, 1].map((k) => {
    const s = wireStory(10_000 + i * 2 + k, 7);
    return { title: s.title, description: s.body, link: `http://${host}/f${i}/own${k}.html`, date: new Date(Date.now() - k * 3600_000) };
  });
  const wire = [(2 * i) % WIRE, (2 * i + 1) % WIRE].map((w) => {
    const s = wireStory(w, 7);
    return { title: s.title, description: s.body, link: `http://${host}/f${i}/wire${w}.html`, date: new Date(Date.now() - 7200_000 - w * 1000) };
  });
  return rss(`Feed ${i}`, [...own, ...wire]);
}

interface Sites {
  /** Requests per feed path. */
  hits: Map<string, number>;
  /** The most requests one host had in flight at once. */
  maxInFlight: Map<string, number>;
  /** Extra routes (a source added mid-test). */
  extra: Map<string, string>;
  total(): number;
  close(): Promise<void>;
}

async function startSites(): Promise<{ sites: Sites; hostOf: (i: number) => string }> {
  const hits = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const extra = new Map<string, string>();
  const servers: Server[] = [];
  const hosts: string[] = [];
  for (let h = 1; h <= HOSTS; h++) {
    const address = `127.0.0.${h}`;
    const server = createServer((req, res) => {
      const path = req.url ?? '';
      const now = (inFlight.get(address) ?? 0) + 1;
      inFlight.set(address, now);
      maxInFlight.set(address, Math.max(now, maxInFlight.get(address) ?? 0));
      hits.set(`${address}:${port}${path}`, (hits.get(`${address}:${port}${path}`) ?? 0) + 1);
      setTimeout(() => {
        inFlight.set(address, (inFlight.get(address) ?? 1) - 1);
        const m = /^\/f(\d+)\.xml$/.exec(path);
        const body = extra.get(path) ?? (m ? feedBody(Number(m[1]), `${address}:${port}`) : null);
        if (body === null) res.writeHead(404).end();
        else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
      }, DELAY_MS);
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const port = (server.address() as { port: number }).port;
    servers.push(server);
    hosts.push(`${address}:${port}`);
  }
  return {
    hostOf: (i) => hosts[i % HOSTS]!,
    sites: {
      hits,
      maxInFlight,
      extra,
      total: () => [...hits.values()].reduce((a, b) => a + b, 0),
      close: async () => {
        for (const s of servers) s.closeAllConnections();
        await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      },
    },
  };
}

/**
 * GET through "the load balancer": the Host readers use, whichever replica answers (feeds carry absolute links built
 * from it, so replicas reached under different names would rightly answer different bodies).
 */
function viaBalancer(replica: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${replica}${path}`, { headers: { host: 'news.example.cn', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: String(res.headers.etag ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let sites: Sites;
let hostOf: (i: number) => string;
let database: TestDatabase;
let sql: SqlConnection;
const processes: RoleProcess[] = [];

const source = (i: number) => ({ id: `f${i}`, name: `Feed ${i}`, url: `http://${hostOf(i)}/f${i}.xml` });
const configWith = (extra: object[] = []) => ({
  // Once a day: the only fetches in this test are the cycle the leader queues at start, and what a config change adds.
  defaults: { schedule: '0 3 * * *', timezone: 'UTC' },
  fetch: { concurrency: CONCURRENCY, perSiteConcurrency: PER_SITE, timeoutSeconds: 5 },
  sources: [...Array.from({ length: FEEDS }, (_, i) => source(i)), ...extra],
});

beforeAll(async () => {
  ({ sites, hostOf } = await startSites());
  database = await newDatabase('postgres');
  sql = connectSql(database.location);
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await sql?.close();
  await sites?.close();
  await database?.drop();
});

describe('2 web replicas and 3 workers on PostgreSQL', () => {
  it('a kill -9 of the leader mid-schedule and of a worker mid-batch loses nothing and duplicates nothing', { timeout: 170_000 }, async () => {
    const dir = tempDir('huiju-cluster-');
    const configFile = writeConfig(dir, configWith());
    const env = { HUIJU_DB: database.location, HUIJU_CONFIG: configFile, HUIJU_JOB_LEASE_SECONDS: '8' };

    // The test holds the leader's lock while the cluster starts, then lets go: it knows when the schedule begins.
    const holder = new pg.Client({ connectionString: database.location });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1::int, 0)', [LOCK_NAMESPACE.leader]);

    const [webA, webB] = await Promise.all([startRole('web', env), startRole('web', env)]);
    processes.push(webA!, webB!);
    const workers = await Promise.all([startRole('worker', env), startRole('worker', env), startRole('worker', env)]);
    processes.push(...workers);

    // Readers poll both replicas throughout; every answer must be a 200.
    const failures: string[] = [];
    let polls = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        for (const web of [webA!, webB!]) {
          const res = await fetch(`${web.url}/api/items?limit=5`).catch((err: Error) => ({ ok: false, status: err.message }) as const);
          polls++;
          if (!res.ok) failures.push(`${web.url}: ${res.status}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    try {
      expect(workers.filter((w) => w.logged('became the scheduler leader').length > 0)).toEqual([]);
      await holder.end();

      // Killed as soon as it starts queueing the cycle.
      let leader: RoleProcess | undefined;
      for (const deadline = Date.now() + 30_000; !leader && Date.now() < deadline; await new Promise((r) => setTimeout(r, 5))) {
        leader = workers.find((w) => w.logged('scheduling sources').length > 0);
      }
      if (!leader) throw new Error('no worker became the leader once the test let go of the lock');
      leader.child.kill('SIGKILL');
      const killedLeaderAt = Date.now();
      await leader.exited;
      const queuedAtKill = Number(await sql.value("SELECT count(*) FROM pgboss.job WHERE name = 'huiju-refresh'"));
      expect(queuedAtKill, 'the leader was killed before it had queued the whole cycle').toBeLessThan(FEEDS);

      const followers = workers.filter((w) => w !== leader);
      const successor = await waitFor(async () => followers.find((w) => w.logged('became the scheduler leader').length > 0), 60_000);
      expect(Date.now() - killedLeaderAt).toBeLessThan(60_000);

      // A worker killed while it has refreshes in flight.
      const victim = followers.find((w) => w !== successor)!;
      await waitFor(async () => sites.total() >= FEEDS / 3 && victim.logged('fetched').length >= 3, 60_000);
      victim.child.kill('SIGKILL');
      await victim.exited;
      const hitsAtKill = sites.total();
      expect(hitsAtKill, 'the worker was killed mid-batch').toBeLessThan(FEEDS);

      // Every source stored: its jobs taken up again once their lease ran out.
      const sources = await waitFor(async () => {
        const list = (await (await fetch(`${webA!.url}/api/sources`)).json()) as { id: string; status: string; itemCount: number }[];
        return list.every((s) => s.status === 'ok') && list;
      }, 100_000);
      expect(sources).toHaveLength(FEEDS);
      expect(sources.filter((s) => s.itemCount !== 4)).toEqual([]);

      // Fetched once each; a fetch a kill cut short is made again, once: at most as many as the two killed had in flight.
      const perFeed = [...sites.hits].filter(([path]) => /\/f\d+\.xml$/.test(path)).map(([, n]) => n);
      expect(perFeed).toHaveLength(FEEDS);
      expect(perFeed.filter((n) => n > 2)).toEqual([]);
      expect(perFeed.filter((n) => n === 2).length).toBeLessThanOrEqual(2 * CONCURRENCY);
      // perSiteConcurrency held across the three workers, not per worker.
      expect(Math.max(...sites.maxInFlight.values())).toBeLessThanOrEqual(PER_SITE);

      // Nothing lost, nothing twice: 2 own stories a feed and 150 wire stories of 4 copies each.
      expect(Number(await sql.value('SELECT count(*) FROM items'))).toBe(FEEDS * 4);
      expect(Number(await sql.value('SELECT count(*) FROM stories'))).toBe(FEEDS * 2 + WIRE);
      expect(Number(await sql.value('SELECT count(*) FROM (SELECT title FROM items GROUP BY title HAVING count(DISTINCT story_id) > 1) t'))).toBe(0);

      // An ETag from replica B is honoured by replica A.
      const { etag } = await viaBalancer(webB!.url, '/feed.xml');
      expect(etag).toBeTruthy();
      expect((await viaBalancer(webA!.url, '/feed.xml', { 'if-none-match': etag })).status).toBe(304);

      // A source added to feeds.json: the leader reschedules the cluster, a worker fetches it, and replica A answers
      // the ETag it had from B with the new feed.
      const added = wireStory(99_999, 7);
      sites.extra.set('/added.xml', rss('Added', [{ title: added.title, description: added.body, link: `http://${hostOf(0)}/added/1.html`, date: new Date() }]));
      writeConfig(dir, configWith([{ id: 'added', name: 'Added', url: `http://${hostOf(0)}/added.xml` }]));
      const fresh = await waitFor(async () => {
        const res = await viaBalancer(webA!.url, '/feed.xml', { 'if-none-match': etag });
        return res.status === 200 && res.body;
      }, 30_000);
      expect(fresh).toContain(added.title.split(':')[0]);
      expect(sites.hits.get(`${hostOf(0)}/added.xml`)).toBe(1);
    } finally {
      polling = false;
      await poller;
    }
    expect(polls).toBeGreaterThan(20);
    expect(failures).toEqual([]);
    // The survivors shut down cleanly.
    for (const p of processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null)) expect(await p.stop()).toBe(0);
  });
});
