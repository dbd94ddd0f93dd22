import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor, writeConfig } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';
import { startFakePlatforms, type FakePlatforms } from '../push/fake-platforms.ts';
import { startRole, type RoleProcess } from './processes.ts';

/**
 * Notifications in a cluster: 1 `huiju web` and 2 `huiju worker` processes on one PostgreSQL database, an output with a
 * generic webhook channel. Both workers run the dispatcher; each new story must reach the webhook exactly once.
 */
const FEEDS = 4;
const PER_FEED = 3;

const titleOf = (feed: number, k: number) => `集群推送测试 ${feed}-${k}：国产大模型发布新版本`;

let feeds: FixtureServer;
let fake: FakePlatforms;
let database: TestDatabase;
const processes: RoleProcess[] = [];

beforeAll(async () => {
  const now = Date.now();
  const routes: Record<string, { body: string }> = {};
  for (let i = 0; i < FEEDS; i++) {
    const items = Array.from({ length: PER_FEED }, (_, k) => ({
      title: titleOf(i, k),
      link: `https://news.example/${i}/${k}.html`,
      description: `第 ${i}-${k} 条：人工智能行业动态，模型与算力。`,
      date: new Date(now - (i * PER_FEED + k + 1) * 60_000),
    }));
    routes[`/f${i}.xml`] = { body: rss(`Feed ${i}`, items) };
  }
  feeds = await startFixtureServer(routes);
  fake = await startFakePlatforms();
  database = await newDatabase('postgres');
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await fake?.close();
  await feeds?.close();
  await database?.drop();
});

describe('notifications from a cluster of 1 web and 2 workers', () => {
  it('delivers each new story to the webhook exactly once, whichever worker stored it', { timeout: 60_000 }, async () => {
    const dir = tempDir('huiju-cluster-push-');
    const configFile = writeConfig(dir, {
      // Once a day: the only fetches are the cycle the leader queues at start.
      defaults: { schedule: '0 3 * * *', timezone: 'UTC' },
      sources: Array.from({ length: FEEDS }, (_, i) => ({ id: `f${i}`, name: `Feed ${i}`, url: `${feeds.url}/f${i}.xml` })),
      // digestAfter above the story count: one request per story, so a duplicate delivery shows as a repeated title.
      outputs: [{ id: 'ai', title: 'AI 要闻', notify: [fake.channel('webhook', 'team', { digestAfter: 50 })] }],
    });
    const env = { HUIJU_DB: database.location, HUIJU_CONFIG: configFile };
    const web = await startRole('web', env);
    processes.push(web);
    const workers = await Promise.all([startRole('worker', env), startRole('worker', env)]);
    processes.push(...workers);

    const all = Array.from({ length: FEEDS }, (_, i) => Array.from({ length: PER_FEED }, (_, k) => titleOf(i, k))).flat();
    const delivered = () =>
      fake.received.filter((r) => r.platform === 'webhook' && r.answered === 'ok').flatMap((r) => (r.json.stories as { title: string }[]).map((s) => s.title));
    await waitFor(async () => delivered().length >= all.length, 30_000);
    // Both dispatchers keep polling: a duplicate would arrive within a couple of their 2 s passes.
    await new Promise((r) => setTimeout(r, 4_500));
    expect(delivered().sort()).toEqual([...all].sort());
    expect(fake.received.filter((r) => r.platform === 'webhook' && r.answered !== 'ok')).toEqual([]);

    // The web replica reports what the workers sent (from PostgreSQL), and takes WebSub subscription requests.
    const status = (await (await fetch(`${web.url}/api/notifications`)).json()) as { channels: unknown[] };
    expect(status.channels[0]).toMatchObject({ id: 'team', sent: all.length, queued: 0, failed: 0 });
    const hub = await fetch(`${web.url}/websub`, { method: 'POST', body: new URLSearchParams({ 'hub.mode': 'subscribe' }) });
    // 400 (a bad request the hub explains), not 404 (no hub route on `huiju web`).
    expect(hub.status).toBe(400);
    expect(await hub.text()).toMatch(/hub\.callback/);

    for (const p of processes) expect(await p.stop()).toBe(0);
  });
});
