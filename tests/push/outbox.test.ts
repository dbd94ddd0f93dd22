import { describe, expect, it } from 'vitest';
import { outboxRouter } from '../../src/push/routes.ts';
import { openStore } from '../../src/store/open.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore } from '../helpers/store.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { config, SOURCES, TAGS } from './helpers.ts';

// A minute ahead of the clock: rows are queued due at the real time of ingest.
const NOW = new Date(Date.now() + 60_000);
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const cfg = config({
  sources: SOURCES,
  tags: TAGS,
  outputs: [
    {
      id: 'ai',
      title: 'AI 要闻',
      tags: ['ai'],
      notify: [
        { id: 'team', type: 'webhook', url: 'http://127.0.0.1:1/hook' },
        { id: 'updates', type: 'webhook', url: 'http://127.0.0.1:1/hook', onUpdate: true, maxAgeHours: 48 },
      ],
    },
    { id: 'chips', title: '芯片', tags: ['chip'], notify: [{ id: 'chipgroup', type: 'slack', url: 'http://127.0.0.1:1/services/x' }] },
  ],
});

function ctxFor(store: Parameters<typeof ingestContext>[0]) {
  return { ...ingestContext(store, { tagger: compileTagger(cfg.tags) }), outbox: outboxRouter(cfg.channels, () => NOW) };
}

const item = (n: number, title: string, hours = 1, extra = {}) =>
  parsedItem({ guid: `g${n}`, url: `https://news.example/${n}`, title, summary: `${title}。`, publishedAt: hoursAgo(hours), ...extra });

const rows = (t: Awaited<ReturnType<typeof openTestStore>>) =>
  t.sql<{ channel: string; story_id: number; revision: number; status: string }>('SELECT channel, story_id, revision, status FROM outbox ORDER BY channel, story_id');

describe('the outbox is written with the story', () => {
  it('queues each new story for the channels whose output it belongs to, once', async () => {
    const t = await openTestStore();
    const ctx = ctxFor(t.store);
    await ingestParsed(ctx, 'jiqizhixin', [item(1, '智谱发布新一代大模型'), item(2, '国产算力芯片出货'), item(3, '城市马拉松周末开跑')], NOW);
    const queued = await rows(t);
    expect(queued.map((r) => r.channel).sort()).toEqual(['chipgroup', 'team', 'updates']);
    // Fetched again, the same items queue nothing more.
    await ingestParsed(ctx, 'jiqizhixin', [item(1, '智谱发布新一代大模型'), item(2, '国产算力芯片出货')], NOW);
    expect(await rows(t)).toHaveLength(3);
  });

  it('never queues a story older than the channel’s maxAgeHours (a new source’s back catalogue)', async () => {
    const t = await openTestStore();
    await ingestParsed(ctxFor(t.store), 'jiqizhixin', [item(1, '旧闻：大模型去年的发布会', 30)], NOW);
    // 30 hours: past the default 24 of `team`, within the 48 of `updates`.
    expect((await rows(t)).map((r) => r.channel)).toEqual(['updates']);
  });

  it('an outlet joining a sent story queues it again only for an onUpdate channel, under a new revision', async () => {
    const t = await openTestStore();
    const ctx = ctxFor(t.store);
    await ingestParsed(ctx, 'jiqizhixin', [item(1, '智谱发布新一代大模型 GLM-5')], NOW);
    const claimed = [...(await t.store.push.claimDue('team', NOW, 10, 60_000)), ...(await t.store.push.claimDue('updates', NOW, 10, 60_000))];
    await t.store.push.markSent('team', [claimed[0]!.id], NOW);
    await t.store.push.markSent('updates', [claimed[1]!.id], NOW);
    await ingestParsed(ctx, 'qbitai', [item(9, '智谱发布新一代大模型 GLM-5', 1, { url: 'https://news.example/1' })], NOW);
    const after = await rows(t);
    expect(after.find((r) => r.channel === 'team')).toMatchObject({ status: 'sent', revision: 0 });
    expect(after.find((r) => r.channel === 'updates')).toMatchObject({ status: 'pending', revision: 1 });
    const again = await t.store.push.claimDue('updates', NOW, 10, 60_000);
    expect(again[0]!.key).toBe(`huiju:updates:${again[0]!.storyId}:1`);
  });

  it('a transaction rolled back takes its outbox rows with it', async () => {
    const t = await openTestStore();
    await expect(
      t.store.transaction(async (tx) => {
        const id = await tx.createStory({ sourceId: 'jiqizhixin', itemKey: 'k', publishedAt: NOW.toISOString() });
        await tx.enqueueOutbox([{ channel: 'team', storyId: id, publishedAt: NOW.toISOString(), update: false }]);
        throw new Error('fetch went wrong after all');
      }),
    ).rejects.toThrow('fetch went wrong');
    expect(await rows(t)).toEqual([]);
  });
});

describe('claiming and delivering', () => {
  async function queuedStore(n: number) {
    const t = await openTestStore();
    await ingestParsed(ctxFor(t.store), 'jiqizhixin', Array.from({ length: n }, (_, i) => item(i + 1, `大模型新闻第 ${i + 1} 条`)), NOW);
    return t;
  }

  it('a claim holds rows until its lease ends; then another dispatcher takes them with the same key', async () => {
    const t = await queuedStore(3);
    const first = await t.store.push.claimDue('team', NOW, 10, 60_000);
    expect(first).toHaveLength(3);
    expect(await t.store.push.claimDue('team', new Date(NOW.getTime() + 59_000), 10, 60_000)).toEqual([]);
    // The process that claimed them died: its lease ends, and they are claimed again, keys unchanged.
    const again = await t.store.push.claimDue('team', new Date(NOW.getTime() + 61_000), 10, 60_000);
    expect(again.map((r) => r.key)).toEqual(first.map((r) => r.key));
  });

  it('sent rows are never claimed again; failed ones wait for their retry; stats follow', async () => {
    const t = await queuedStore(3);
    const [a, b, c] = await t.store.push.claimDue('team', NOW, 10, 60_000);
    await t.store.push.markSent('team', [a!.id], NOW);
    await t.store.push.markFailed('team', [b!.id], NOW, 'webhook: HTTP 500', new Date(NOW.getTime() + 20_000));
    await t.store.push.markFailed('team', [c!.id], NOW, 'webhook: HTTP 400', null);
    expect(await t.store.push.claimDue('team', new Date(NOW.getTime() + 10_000), 10, 60_000)).toEqual([]);
    const retried = await t.store.push.claimDue('team', new Date(NOW.getTime() + 21_000), 10, 60_000);
    expect(retried.map((r) => [r.id, r.attempts])).toEqual([[b!.id, 1]]);
    const stats = (await t.store.push.channelStats()).find((s) => s.channel === 'team');
    expect(stats).toMatchObject({ queued: 1, sent: 1, failed: 1, lastError: 'webhook: HTTP 400', lastSuccessAt: NOW.toISOString() });
  });

  it('two dispatchers (two connections) never claim the same row', async () => {
    const t = await queuedStore(40);
    const other = await openStore(t.location);
    try {
      const [x, y] = await Promise.all([t.store.push.claimDue('team', NOW, 25, 60_000), other.push.claimDue('team', NOW, 25, 60_000)]);
      const ids = [...x, ...y].map((r) => r.id);
      const queued = (await rows(t)).filter((r) => r.channel === 'team').length;
      expect(queued).toBeGreaterThan(25);
      // Every row claimed, each by one of them.
      expect(ids).toHaveLength(queued);
      expect(new Set(ids).size).toBe(queued);
    } finally {
      await other.close();
    }
  });

  it('delivered rows are forgotten after the idempotency window, pending ones never', async () => {
    const t = await queuedStore(2);
    const [a] = await t.store.push.claimDue('team', NOW, 1, 60_000);
    await t.store.push.markSent('team', [a!.id], NOW);
    expect(await t.store.push.forgetDelivered(new Date(NOW.getTime() + 1000))).toBe(1);
    expect((await rows(t)).filter((r) => r.channel === 'team')).toHaveLength(1);
  });
});

describe('WebSub subscriptions are stored', () => {
  it('hub subscriptions: upsert, lease expiry, delivery state', async () => {
    const t = await openTestStore();
    const p = t.store.push;
    await p.upsertHubSubscription({ topic: 'http://h/feed.xml', callback: 'http://s/cb', secret: 's', leaseUntil: hoursAgo(-1), contentHash: null });
    await p.upsertHubSubscription({ topic: 'http://h/feed.xml', callback: 'http://s/cb', secret: 's2', leaseUntil: hoursAgo(-2), contentHash: 'h0' });
    await p.upsertHubSubscription({ topic: 'http://h/feed.atom', callback: 'http://s/cb', secret: null, leaseUntil: hoursAgo(1), contentHash: null });
    const active = await p.activeHubSubscriptions(NOW);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ secret: 's2', contentHash: 'h0', attempts: 0 });
    await p.hubDeliveryFailed(active[0]!.id, new Date(NOW.getTime() + 5000), 'h1');
    expect((await p.activeHubSubscriptions(NOW))[0]).toMatchObject({ attempts: 1, contentHash: 'h0' });
    await p.hubDelivered(active[0]!.id, 'h1');
    expect((await p.activeHubSubscriptions(NOW))[0]).toMatchObject({ attempts: 0, contentHash: 'h1', nextAttemptAt: null });
    expect(await p.expireHubSubscriptions(NOW)).toBe(1);
    await p.deleteHubSubscription('http://h/feed.xml', 'http://s/cb');
    expect(await p.activeHubSubscriptions(NOW)).toEqual([]);
  });

  it('source subscriptions', async () => {
    const t = await openTestStore();
    const sub = { sourceId: 'a', hub: 'http://hub', topic: 'http://a/feed', token: 'tok', secret: 'sec', state: 'requested' as const, leaseUntil: null, requestedAt: NOW.toISOString() };
    await t.store.push.putSourceSubscription(sub);
    await t.store.push.putSourceSubscription({ ...sub, state: 'active', leaseUntil: hoursAgo(-24) });
    expect(await t.store.push.sourceSubscriptions()).toEqual([{ ...sub, state: 'active', leaseUntil: hoursAgo(-24) }]);
    await t.store.push.deleteSourceSubscription('a');
    expect(await t.store.push.sourceSubscriptions()).toEqual([]);
  });
});
