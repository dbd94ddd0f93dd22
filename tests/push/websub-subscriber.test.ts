import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.ts';
import { startFixtureServer } from '../helpers/fixture-server.ts';
import { openTestStore } from '../helpers/store.ts';
import { config, TAGS } from './helpers.ts';
import { startHuiju, until } from './in-process.ts';

/**
 * A hub as the W3C WebSub text describes one (§5.1 accepting a request with 202, §5.3 verifying intent with a
 * challenge, §7 distributing content, §8 signing it with the subscriber's secret), with the test driving each step.
 */
async function startFakeHub() {
  const requests: Record<string, string>[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    requests.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    res.writeHead(202).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`,
    requests,
    /** §5.3: GET the callback with the mode, topic and a challenge; the subscriber must echo it. */
    async verify(req: Record<string, string>, over: Record<string, string> = {}) {
      const challenge = randomBytes(12).toString('hex');
      const u = new URL(req['hub.callback']!);
      const params: Record<string, string> = { 'hub.mode': req['hub.mode']!, 'hub.topic': req['hub.topic']!, 'hub.challenge': challenge, ...over };
      if (req['hub.mode'] === 'subscribe') params['hub.lease_seconds'] ??= '86400';
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      const res = await fetch(u);
      return { status: res.status, echoed: (await res.text()) === challenge };
    },
    /** §7/§8: POST the topic's new content, signed with the secret the subscriber gave. */
    async distribute(req: Record<string, string>, body: string, secret = req['hub.secret']!) {
      const res = await fetch(req['hub.callback']!, {
        method: 'POST',
        headers: { 'content-type': 'application/rss+xml', 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
        body,
      });
      return res.status;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const feed = (hub: string, self: string, items: { title: string; n: number }[]) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>量子位</title><link>https://qbitai.example/</link>
<atom:link rel="hub" href="${hub}"/><atom:link rel="self" href="${self}"/>
${items.map((i) => `<item><title>${i.title}</title><link>https://qbitai.example/${i.n}</link><guid>q${i.n}</guid><description>${i.title}，人工智能行业动态。</description><pubDate>${new Date().toUTCString()}</pubDate></item>`).join('\n')}
</channel></rss>`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('huiju subscribes to a source’s hub (websub.callbackBase set)', () => {
  it('subscribes, confirms, stores signed pushes at once, ignores forged ones, polls less, and unsubscribes on removal', async () => {
    const hub = await startFakeHub();
    cleanups.push(hub.close);
    const self = 'https://qbitai.example/feed';
    const feeds = await startFixtureServer({ '/q.xml': { body: feed(hub.url, self, [{ title: '量子位：旧闻一则', n: 1 }]) } });
    cleanups.push(feeds.close);
    const t = await openTestStore();
    let conf: Config;
    const raw = (sources: unknown[]) => ({ tags: TAGS, sources });
    const source = { id: 'qbitai', name: '量子位', url: `${feeds.url}/q.xml` };
    conf = config(raw([source]));
    const h = await startHuiju(t, () => conf);
    cleanups.push(h.close);
    conf = config({ ...raw([source]), websub: { callbackBase: h.url } });

    await h.push.syncSubscriptions();
    const req = await until(() => hub.requests[0]);
    expect(req).toMatchObject({ 'hub.mode': 'subscribe', 'hub.topic': self, 'hub.lease_seconds': String(7 * 86_400) });
    expect(req['hub.callback']).toMatch(new RegExp(`^${h.url}/websub/callback/[A-Za-z0-9_-]{20,}$`));
    expect(req['hub.secret']!.length).toBeGreaterThan(20);

    // A verification for another topic is not ours to confirm; ours is.
    expect(await hub.verify(req, { 'hub.topic': 'https://elsewhere.example/feed' })).toEqual({ status: 404, echoed: false });
    expect(await hub.verify(req)).toEqual({ status: 200, echoed: true });
    expect((await t.store.push.sourceSubscriptions())[0]).toMatchObject({ sourceId: 'qbitai', state: 'active', hub: hub.url });

    // A push with a forged signature is acknowledged (§7.1) and dropped; a signed one is stored at once.
    expect(await hub.distribute(req, feed(hub.url, self, [{ title: '伪造：不该出现的新闻', n: 66 }]), 'wrong-secret')).toBe(202);
    expect(await hub.distribute(req, feed(hub.url, self, [{ title: '量子位：智谱发布 GLM-5 大模型', n: 2 }]))).toBe(202);
    const titles = (await t.store.listStories({ limit: 50 })).map((s) => s.title);
    expect(titles).toContain('量子位：智谱发布 GLM-5 大模型');
    expect(titles).not.toContain('伪造：不该出现的新闻');

    // Pushed to, the source is polled once in pollSlowdown intervals.
    const resolved = conf.sources[0]!;
    expect(h.push.pollDue(resolved)).toBe(true);
    expect(h.push.pollDue(resolved)).toBe(false);

    // Removed from feeds.json: unsubscribed; once the hub confirms, the callback is gone (410 to further pushes).
    conf = config({ ...raw([]), websub: { callbackBase: h.url } });
    await h.push.syncSubscriptions();
    const unsub = await until(() => hub.requests.find((r) => r['hub.mode'] === 'unsubscribe'));
    expect(unsub).toMatchObject({ 'hub.topic': self, 'hub.callback': req['hub.callback'] });
    expect(await hub.verify(unsub)).toEqual({ status: 200, echoed: true });
    expect(await t.store.push.sourceSubscriptions()).toEqual([]);
    expect(await hub.distribute(req, feed(hub.url, self, [{ title: '量子位：退订之后', n: 3 }]))).toBe(410);
  });

  it('a feed that names no hub is polled as before, and not asked again for a day', async () => {
    const feeds = await startFixtureServer({ '/plain.xml': { body: '<rss version="2.0"><channel><title>t</title><item><title>x</title><guid>1</guid></item></channel></rss>' } });
    cleanups.push(feeds.close);
    const t = await openTestStore();
    const conf = config({ sources: [{ id: 'plain', name: 'plain', url: `${feeds.url}/plain.xml` }] });
    const h = await startHuiju(t, () => ({ ...conf, websub: { ...conf.websub, callbackBase: 'http://127.0.0.1:9' } }) as Config);
    cleanups.push(h.close);
    await h.push.syncSubscriptions();
    await h.push.syncSubscriptions();
    expect(feeds.hits.filter((x) => x.includes('plain.xml'))).toHaveLength(1);
    expect(await t.store.push.sourceSubscriptions()).toEqual([]);
    expect(h.push.pollDue(conf.sources[0]!)).toBe(true);
    expect(h.push.pollDue(conf.sources[0]!)).toBe(true);
  });
});

describe('leases and denials', () => {
  it('renews a lease before it ends, and forgets a subscription the hub denies', async () => {
    const hub = await startFakeHub();
    cleanups.push(hub.close);
    const feeds = await startFixtureServer({ '/q.xml': { body: feed(hub.url, 'https://qbitai.example/feed', [{ title: '量子位：一则', n: 1 }]) } });
    cleanups.push(feeds.close);
    const t = await openTestStore();
    let conf: Config = config({ tags: TAGS, sources: [] });
    const h = await startHuiju(t, () => conf);
    cleanups.push(h.close);
    conf = config({ tags: TAGS, sources: [{ id: 'qbitai', name: '量子位', url: `${feeds.url}/q.xml` }], websub: { callbackBase: h.url } });
    await h.push.syncSubscriptions();
    const req = await until(() => hub.requests[0]);
    // The hub grants two hours: less than a day is left, so the next sync renews, same callback and secret.
    expect(await hub.verify(req, { 'hub.lease_seconds': '7200' })).toEqual({ status: 200, echoed: true });
    await h.push.syncSubscriptions();
    const renewal = await until(() => hub.requests[1]);
    expect(renewal).toMatchObject({ 'hub.mode': 'subscribe', 'hub.callback': req['hub.callback'], 'hub.secret': req['hub.secret'] });
    // §5.2: the hub may deny a subscription later; huiju forgets it (and polls as before).
    expect(await hub.verify(req, { 'hub.mode': 'denied', 'hub.reason': 'topic unavailable' })).toEqual({ status: 200, echoed: false });
    expect(await t.store.push.sourceSubscriptions()).toEqual([]);
  });
});
