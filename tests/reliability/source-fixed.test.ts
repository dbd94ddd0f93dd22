import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServe, tempDir, waitFor, writeConfig, type Served } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';

interface ApiSource {
  id: string;
  status: string;
  consecutiveFailures: number;
  nextFetchAt: string | null;
}

let feeds: FixtureServer;
let huiju: Served;
let dir: string;
let database: TestDatabase;
const source = (path: string) => ({ id: 'meituan', name: '美团技术团队', url: `${feeds.url}${path}` });
const sources = async () => (await (await fetch(`${huiju.url}/api/sources`)).json()) as ApiSource[];

beforeAll(async () => {
  feeds = await startFixtureServer({ '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') } });
  dir = tempDir('huiju-source-fixed-');
  const config = writeConfig(dir, { sources: [source('/meituan-typo.xml')] });
  database = await newDatabase();
  huiju = await startServe(['--config', config, '--db', database.location]);
});

afterAll(async () => {
  await huiju?.stop();
  await feeds?.close();
  await database?.drop();
});

// Issue 17.11: a source fixed in feeds.json stayed on its failure backoff, unfetched for up to a day.
it('fetches a source at once when its definition changes, whatever its backoff', async () => {
  const failing = await waitFor(async () => (await sources()).find((s) => s.status === 'error'));
  expect(failing.consecutiveFailures).toBe(1);
  expect(Date.parse(failing.nextFetchAt!)).toBeGreaterThan(Date.now() + 60_000);
  writeConfig(dir, { sources: [source('/meituan.xml')] });
  const fixed = await waitFor(async () => (await sources()).find((s) => s.status === 'ok'), 10_000);
  expect(fixed.consecutiveFailures).toBe(0);
  expect(feeds.hits).toContain('GET /meituan.xml');
});
