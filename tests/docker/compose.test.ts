import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, tempDir, waitFor } from '../helpers/cli.ts';
import { startRole } from '../cluster/processes.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';

/**
 * docker-compose.yml (PostgreSQL, 2 web replicas, 3 workers), read, then its topology replayed outside Docker: a
 * PostgreSQL database where the `postgres` service would be, and as many `huiju web` and `huiju worker` processes as
 * the file asks for, each started with its service's command and environment, and checked with its healthcheck.
 */
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { postgres, web, worker } = compose.services as { postgres: Service; web: Service; worker: Service };

describe('docker-compose.yml, read', () => {
  it('runs PostgreSQL 15 or newer on a named volume, with a healthcheck', () => {
    expect(Number(/^postgres:(\d+)/.exec(postgres.image ?? '')?.[1])).toBeGreaterThanOrEqual(15);
    expect(postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain('pgdata');
    expect(postgres.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
  });

  it.each([
    ['web', 2],
    ['worker', 3],
  ] as const)('runs %s ×%i from the Dockerfile, on that database once it is healthy, sharing one config, with a healthcheck', (name, replicas) => {
    const service = compose.services[name]!;
    expect(service.build).toBe('.');
    expect(service.command).toEqual(['node', '--max-semi-space-size=2', 'bin/huiju.js', name]);
    expect(service.deploy?.replicas).toBe(replicas);
    const db = new URL(service.environment?.HUIJU_DB ?? '');
    expect(db.protocol).toBe('postgres:');
    expect(db.hostname).toBe('postgres');
    expect(db.username).toBe(postgres.environment?.POSTGRES_USER);
    expect(db.pathname).toBe(`/${postgres.environment?.POSTGRES_DB}`);
    expect(service.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(service.healthcheck?.test.join(' ')).toMatch(/\/healthz/);
    expect(service.volumes?.some((v) => v.endsWith(':/app/config:ro'))).toBe(true);
  });

  it('publishes one host port per web replica, and none for workers', () => {
    const [range] = web.ports ?? [];
    const m = /^127\.0\.0\.1:(\d+)-(\d+):8080$/.exec(range ?? '');
    expect(m, range).toBeTruthy();
    expect(Number(m![2]) - Number(m![1]) + 1).toBe(web.deploy?.replicas);
    expect(worker.ports).toBeUndefined();
    expect(web.volumes).toEqual(worker.volumes);
  });
});

describe('docker-compose.yml’s topology, outside Docker', () => {
  let feeds: FixtureServer;
  let database: TestDatabase;

  beforeAll(async () => {
    feeds = await startFixtureServer({ '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') } });
    database = await newDatabase('postgres');
  });

  afterAll(async () => {
    await feeds?.close();
    await database?.drop();
  });

  /** The compose URL of a service, pointed at this machine's server: host `postgres` → 127.0.0.1, the test database. */
  function localUrl(service: Service): string {
    const local = new URL(database.location);
    const url = new URL(service.environment!.HUIJU_DB!);
    url.hostname = local.hostname;
    url.port = local.port;
    url.username = local.username;
    url.password = local.password;
    url.pathname = local.pathname;
    return url.toString();
  }

  /** The service's healthcheck, as compose runs it inside the container, pointed at this process's port. */
  function healthcheck(service: Service, url: string): number | null {
    const [cmd, ...args] = service.healthcheck!.test.slice(1).map((a) => a.replace('127.0.0.1:8080', new URL(url).host));
    return spawnSync(cmd === 'node' ? process.execPath : cmd!, args, { encoding: 'utf8' }).status;
  }

  it('serves from PostgreSQL through every web replica, passes every healthcheck, and keeps its data across a restart', { timeout: 170_000 }, async () => {
    // The mounted config directory, shared by every process.
    const configDir = tempDir('huiju-compose-config-');
    writeFileSync(join(configDir, 'feeds.json'), JSON.stringify({ sources: [{ id: 'meituan', name: '美团技术团队', url: `${feeds.url}/meituan.xml` }] }));
    const config = join(configDir, 'feeds.json');

    for (const round of [1, 2]) {
      const processes = await Promise.all([
        ...Array.from({ length: web.deploy!.replicas! }, () => startRole(web.command!.at(-1) as 'web', { ...web.environment, HUIJU_DB: localUrl(web), HUIJU_CONFIG: config })),
        ...Array.from({ length: worker.deploy!.replicas! }, () => startRole(worker.command!.at(-1) as 'worker', { ...worker.environment, HUIJU_DB: localUrl(worker), HUIJU_CONFIG: config })),
      ]);
      try {
        const webs = processes.filter((p) => p.role === 'web');
        for (const replica of webs) {
          const sources = await waitFor(async () => {
            const list = (await (await fetch(`${replica.url}/api/sources`)).json()) as { id: string; status: string; itemCount: number }[];
            return list.every((s) => s.status !== 'pending') && list;
          }, 60_000);
          expect(sources, `round ${round}`).toEqual([expect.objectContaining({ id: 'meituan', status: 'ok', itemCount: 10 })]);
          const feed = await (await fetch(`${replica.url}/feed.xml`)).text();
          expect((feed.match(/<item>/g) ?? []).length).toBe(10);
        }
        for (const p of processes) expect(healthcheck(p.role === 'web' ? web : worker, p.url), `${p.role} healthcheck`).toBe(0);
        // One leader among the workers, fetched once in all (round 2: not due, so not at all).
        const workers = processes.filter((p) => p.role === 'worker');
        await waitFor(async () => workers.some((w) => w.logged('became the scheduler leader').length > 0), 30_000);
        expect(workers.filter((w) => w.logged('became the scheduler leader').length > 0)).toHaveLength(1);
        expect(feeds.hits.filter((h) => h === 'GET /meituan.xml')).toHaveLength(1);
      } finally {
        for (const p of processes) expect(await p.stop()).toBe(0);
      }
    }
  });
});
