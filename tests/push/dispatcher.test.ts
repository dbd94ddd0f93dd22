import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { startDispatcher, type Dispatcher } from '../../src/push/outbox/dispatcher.ts';
import { outboxRouter } from '../../src/push/routes.ts';
import { compileTagger } from '../../src/tag/index.ts';
import type { Config } from '../../src/config/schema.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';
import { startFakePlatforms, type FakePlatforms, type Platform } from './fake-platforms.ts';
import { config, SOURCES, TAGS } from './helpers.ts';

let fake: FakePlatforms;
beforeAll(async () => {
  fake = await startFakePlatforms();
});
afterAll(() => fake.close());

let dispatcher: Dispatcher | null = null;
afterEach(async () => {
  fake.releaseHung();
  await dispatcher?.stop();
  dispatcher = null;
  for (const p of Object.keys(fake.mode) as Platform[]) fake.mode[p] = 'ok';
  fake.received.length = 0;
});

const TITLES = ['智谱发布 GLM-5 大模型', '月之暗面完成新一轮融资', '华为昇腾芯片算力提升', 'DeepSeek 开源推理模型', '百度文心大模型更新', '阿里通义千问登顶榜单', '字节豆包大模型降价'];

function setup(channels: Record<string, unknown>[]): Config {
  return config({ sources: SOURCES, tags: TAGS, outputs: [{ id: 'ai', title: 'AI 要闻', tags: ['ai', 'chip'], notify: channels }] });
}

async function ingest(t: TestStore, cfg: Config, n: number, offset = 0) {
  const ctx = { ...ingestContext(t.store, { tagger: compileTagger(cfg.tags) }), outbox: outboxRouter(cfg.channels) };
  const items = TITLES.slice(offset, offset + n).map((title, i) =>
    parsedItem({ guid: `g${offset + i}`, url: `https://news.example/${offset + i}`, title, summary: `${title}，AI 行业动态。`, publishedAt: new Date(Date.now() - 600_000).toISOString() }),
  );
  await ingestParsed(ctx, 'jiqizhixin', items, new Date());
}

function start(t: TestStore, cfg: Config, extra: Partial<Parameters<typeof startDispatcher>[0]> = {}) {
  dispatcher = startDispatcher({ store: t.store, config: () => cfg, log: silentLogger, pollMs: 30, timeoutMs: 1000, backoff: () => 200, ...extra });
  return dispatcher;
}

async function until<T>(check: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const stats = async (t: TestStore, channel: string) => (await t.store.push.channelStats()).find((s) => s.channel === channel);

describe('the dispatcher', () => {
  it('sends each new story once, one message a story when few arrive', async () => {
    const t = await openTestStore();
    const cfg = setup([fake.channel('webhook', 'hook')]);
    await ingest(t, cfg, 2);
    start(t, cfg);
    await until(async () => (await stats(t, 'hook'))?.sent === 2);
    await new Promise((r) => setTimeout(r, 200));
    const ok = fake.received.filter((r) => r.answered === 'ok');
    expect(ok).toHaveLength(2);
    expect(ok.map((r) => r.json.stories.length)).toEqual([1, 1]);
    expect(new Set(ok.map((r) => r.headers['idempotency-key'])).size).toBe(2);
  });

  it('batches many stories that arrive at once into one digest', async () => {
    const t = await openTestStore();
    const cfg = setup([fake.channel('dingtalk', 'dt', { digestAfter: 3 })]);
    await ingest(t, cfg, 6);
    start(t, cfg);
    await until(async () => (await stats(t, 'dt'))?.sent === 6);
    const ok = fake.received.filter((r) => r.answered === 'ok');
    expect(ok).toHaveLength(1);
    expect(ok[0]!.json.markdown.title).toBe('AI 要闻：6 条新闻');
    for (const title of TITLES.slice(0, 6)) expect(ok[0]!.json.markdown.text).toContain(title);
  });

  it('retries a failed delivery with backoff, and delivers it', async () => {
    const t = await openTestStore();
    const cfg = setup([fake.channel('wecom', 'wc')]);
    fake.once('wecom', 'error', 2);
    await ingest(t, cfg, 1);
    start(t, cfg);
    await until(async () => (await stats(t, 'wc'))?.sent === 1);
    expect(fake.received.map((r) => r.answered)).toEqual(['error', 'error', 'ok']);
    expect(await stats(t, 'wc')).toMatchObject({ failed: 0, lastError: '企业微信: HTTP 503 {}' });
  });

  it('a platform’s "too fast" pauses the channel and loses nothing', async () => {
    const t = await openTestStore();
    const cfg = setup([fake.channel('telegram', 'tg')]);
    fake.once('telegram', 'rate-limited');
    await ingest(t, cfg, 1);
    start(t, cfg);
    await until(() => fake.received.length === 1);
    await new Promise((r) => setTimeout(r, 500));
    // retry_after is 3 s: nothing more in the meantime.
    expect(fake.received).toHaveLength(1);
    await until(async () => (await stats(t, 'tg'))?.sent === 1);
    expect(fake.received.map((r) => r.answered)).toEqual(['rate-limited', 'ok']);
  });

  it('a channel that hangs holds up no other', async () => {
    const t = await openTestStore();
    const cfg = setup([fake.channel('feishu', 'fs'), fake.channel('slack', 'sl')]);
    fake.mode.feishu = 'hang';
    await ingest(t, cfg, 3);
    start(t, cfg, { timeoutMs: 60_000 });
    await until(async () => (await stats(t, 'sl'))?.sent === 3);
    expect((await stats(t, 'fs'))?.sent ?? 0).toBe(0);
  });

  it('drops, never sends, a story that grew older than maxAgeHours while it waited', async () => {
    const t = await openTestStore();
    const cfg = setup([fake.channel('slack', 'sl')]);
    const old = new Date(Date.now() - 30 * 3_600_000).toISOString();
    await t.store.transaction(async (tx) => {
      const id = await tx.createStory({ sourceId: 'jiqizhixin', itemKey: 'old', publishedAt: old });
      await tx.enqueueOutbox([{ channel: 'sl', storyId: id, publishedAt: old, update: false }]);
    });
    start(t, cfg);
    await until(async () => (await stats(t, 'sl'))?.dropped === 1);
    expect(fake.received).toHaveLength(0);
  });

  it('/api/notifications and /metrics show each channel’s numbers, and no secret or address', async () => {
    const t = await openTestStore();
    const cfg = setup([fake.channel('dingtalk', 'dt'), fake.channel('feishu', 'fs', { secret: { env: 'UNSET_FEISHU_SECRET' } })]);
    await ingest(t, cfg, 1);
    start(t, cfg);
    await until(async () => (await stats(t, 'dt'))?.sent === 1 && (await stats(t, 'fs'))?.lastError);
    const app = createApp({ store: t.store, config: () => cfg, log: silentLogger, startedAt: new Date() });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const api = await (await fetch(`${base}/api/notifications`)).text();
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const channels = JSON.parse(api).channels;
      expect(channels.find((c: { id: string }) => c.id === 'dt')).toMatchObject({ type: 'dingtalk', output: 'ai', sent: 1, queued: 0, failed: 0 });
      expect(channels.find((c: { id: string }) => c.id === 'fs')).toMatchObject({
        queued: 1,
        problem: 'secret names environment variable UNSET_FEISHU_SECRET, which is not set',
      });
      expect(metrics).toMatch(/huiju_notify_sent\{[^}]*channel="dt"[^}]*\} 1/);
      expect(metrics).toMatch(/huiju_notify_queued\{[^}]*channel="fs"[^}]*\} 1/);
      for (const text of [api, metrics]) {
        for (const secret of ['dt-token', 'SECdingtalk-secret', 'feishu-secret', '/open-apis/bot/v2/hook/abc', fake.url]) expect(text).not.toContain(secret);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
