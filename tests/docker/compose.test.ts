import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, startServe, tempDir, waitFor } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';

/**
 * docker-compose.yml (PostgreSQL + huiju), read, then its topology replayed outside Docker: a PostgreSQL database
 * where the `postgres` service would be, and `huiju serve` started with the `huiju` service's environment.
 */
interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { postgres, huiju } = compose.services as { postgres: Service; huiju: Service };

describe('docker-compose.yml, read', () => {
  it('runs PostgreSQL 15 or newer on a named volume, with a healthcheck', () => {
    expect(Number(/^postgres:(\d+)/.exec(postgres.image ?? '')?.[1])).toBeGreaterThanOrEqual(15);
    expect(postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain('pgdata');
    expect(postgres.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
  });

  it('builds huiju from the Dockerfile, on that database, started only once it is healthy, with a healthcheck', () => {
    expect(huiju.build).toBe('.');
    const db = new URL(huiju.environment?.HUIJU_DB ?? '');
    expect(db.protocol).toBe('postgres:');
    expect(db.hostname).toBe('postgres');
    expect(db.username).toBe(postgres.environment?.POSTGRES_USER);
    expect(db.pathname).toBe(`/${postgres.environment?.POSTGRES_DB}`);
    expect(huiju.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(huiju.healthcheck?.test.join(' ')).toMatch(/\/healthz/);
    expect(huiju.volumes?.some((v) => v.endsWith(':/app/config:ro'))).toBe(true);
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

  it('serves from PostgreSQL, passes its healthcheck, and keeps its data across a restart of huiju', { timeout: 120_000 }, async () => {
    // The compose URL, pointed at this machine's server: host `postgres` → 127.0.0.1, the test database and role.
    const local = new URL(database.location);
    const url = new URL(huiju.environment!.HUIJU_DB!);
    url.hostname = local.hostname;
    url.port = local.port;
    url.username = local.username;
    url.password = local.password;
    url.pathname = local.pathname;
    // The mounted config directory.
    const configDir = tempDir('huiju-compose-config-');
    writeFileSync(join(configDir, 'feeds.json'), JSON.stringify({ sources: [{ id: 'meituan', name: '美团技术团队', url: `${feeds.url}/meituan.xml` }] }));
    const env = { HUIJU_DB: url.toString(), HUIJU_CONFIG: join(configDir, 'feeds.json') };

    for (const round of [1, 2]) {
      const serve = await startServe([], { env });
      try {
        const sources = await waitFor(async () => {
          const list = (await (await fetch(`${serve.url}/api/sources`)).json()) as { id: string; status: string; itemCount: number }[];
          return list.every((s) => s.status !== 'pending') && list;
        }, 60_000);
        expect(sources, `round ${round}`).toEqual([expect.objectContaining({ id: 'meituan', status: 'ok', itemCount: 10 })]);
        const feed = await (await fetch(`${serve.url}/feed.xml`)).text();
        expect((feed.match(/<item>/g) ?? []).length).toBe(10);
        // The service's healthcheck, as compose runs it (its port is the one this serve listens on).
        const [cmd, ...args] = huiju.healthcheck!.test.slice(1).map((a) => a.replace('127.0.0.1:8080', new URL(serve.url).host));
        const hc = spawnSync(cmd === 'node' ? process.execPath : cmd!, args, { encoding: 'utf8' });
        expect(hc.status, hc.stderr).toBe(0);
      } finally {
        expect(await serve.stop()).toBe(0);
      }
    }
  });
});
