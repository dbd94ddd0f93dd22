import { afterEach, describe, expect, it } from 'vitest';
import { compileTagger } from '../../src/tag/index.ts';
import type { Config } from '../../src/config/schema.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';
import { config, SOURCES, TAGS } from './helpers.ts';
import { startHuiju as startHuiju_, until, type Running } from './in-process.ts';
import { startSubscriber } from './websub-subscriber-fake.ts';

const cfg = config({
  sources: SOURCES,
  tags: TAGS,
  websub: { leaseSeconds: { default: 86_400, min: 3_600, max: 7 * 86_400 } },
  outputs: [{ id: 'ai', title: 'AI 要闻', tags: ['ai'] }],
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const startHuiju = (t: TestStore, conf: Config = cfg) => startHuiju_(t, () => conf);

let n = 0;
async function ingest(h: Running, title: string) {
  const ctx = ingestContext(h.t.store, { tagger: compileTagger(cfg.tags) });
  n++;
  await ingestParsed(ctx, 'jiqizhixin', [parsedItem({ guid: `w${n}`, url: `https://news.example/w${n}`, title, summary: `${title}，人工智能。`, publishedAt: new Date().toISOString() })], new Date());
  h.push.wake();
}

async function setup() {
  const t = await openTestStore();
  const h = await startHuiju(t);
  cleanups.push(h.close);
  const sub = await startSubscriber();
  cleanups.push(sub.close);
  return { t, h, sub };
}

describe('every feed advertises its hub and itself (WebSub §4)', () => {
  it.each([
    ['/feed.xml', /<atom:link href="(http[^"]+)\/websub" rel="hub"\/>/, /<atom:link href="[^"]+\/feed\.xml" rel="self"/],
    ['/feed.atom', /<link rel="hub" href="[^"]+\/websub"\/>/, /<link rel="self" type="application\/atom\+xml" href="[^"]+\/feed\.atom"/],
    ['/feeds/ai.json?tag=ai', /"hubs":\[\{"type":"WebSub","url":"[^"]+\/websub"\}\]/, /"feed_url":"[^"]+\/feeds\/ai\.json\?tag=ai"/],
  ])('%s: in the document and in Link headers', async (path, hub, self) => {
    const { h } = await setup();
    const res = await fetch(`${h.url}${path}`);
    const body = await res.text();
    expect(body).toMatch(hub);
    expect(body).toMatch(self);
    const topic = `${h.url}${path}`;
    expect(res.headers.get('link')).toBe(`<${h.hub}>; rel="hub", <${topic}>; rel="self"`);
  });
});

describe('huiju’s hub (websub.rocks hub checks 100–106)', () => {
  it('100/101: verifies intent, then pushes the updated feed, signed with the subscriber’s secret', async () => {
    const { h, sub } = await setup();
    const topic = `${h.url}/feed.xml`;
    const callback = sub.callback('/cb1', { secret: 'subscriber-secret' });
    const res = await sub.request(h.hub, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': callback, 'hub.secret': 'subscriber-secret', 'hub.lease_seconds': '999999999' });
    expect(res.status).toBe(202);
    const v = await until(() => sub.verifications[0]);
    expect(v).toMatchObject({ mode: 'subscribe', topic, leaseSeconds: 7 * 86_400 });
    expect(v.challenge!.length).toBeGreaterThan(16);
    await until(async () => (await h.t.store.push.activeHubSubscriptions(new Date())).length === 1);
    await ingest(h, '智谱发布新一代大模型');
    const d = await until(() => sub.deliveries[0]);
    expect(d.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(d.body).toContain('智谱发布新一代大模型');
    expect(d.signatureValid).toBe(true);
    expect(d.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(d.link).toBe(`<${h.hub}>; rel="hub", <${topic}>; rel="self"`);
    // Nothing changed: nothing more is pushed.
    await new Promise((r) => setTimeout(r, 400));
    expect(sub.deliveries).toHaveLength(1);
  });

  it('102: ignores parameters it does not know; a lease below the minimum is raised to it', async () => {
    const { h, sub } = await setup();
    await sub.request(h.hub, { 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/feed.atom`, 'hub.callback': sub.callback('/cb2'), 'hub.lease_seconds': '5', foo: 'bar' });
    expect((await until(() => sub.verifications[0])).leaseSeconds).toBe(3_600);
  });

  it('103: a callback that echoes the wrong challenge is not subscribed', async () => {
    const { h, sub } = await setup();
    const res = await sub.request(h.hub, { 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/feed.xml`, 'hub.callback': sub.callback('/cb3', { verify: 'wrong' }) });
    expect(res.status).toBe(202);
    await until(() => sub.verifications[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await h.t.store.push.activeHubSubscriptions(new Date())).toEqual([]);
    await ingest(h, '月之暗面发布新模型');
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.deliveries).toEqual([]);
  });

  it('104: unsubscribing, once verified, stops the pushes', async () => {
    const { h, sub } = await setup();
    const fields = { 'hub.topic': `${h.url}/feed.xml`, 'hub.callback': sub.callback('/cb4') };
    await sub.request(h.hub, { 'hub.mode': 'subscribe', ...fields });
    await until(async () => (await h.t.store.push.activeHubSubscriptions(new Date())).length === 1);
    expect((await sub.request(h.hub, { 'hub.mode': 'unsubscribe', ...fields })).status).toBe(202);
    await until(() => sub.verifications.find((v) => v.mode === 'unsubscribe'));
    await until(async () => (await h.t.store.push.activeHubSubscriptions(new Date())).length === 0);
    await ingest(h, '华为发布昇腾新芯片');
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.deliveries).toEqual([]);
  });

  it('106: a JSON Feed topic is pushed as JSON Feed', async () => {
    const { h, sub } = await setup();
    const topic = `${h.url}/feeds/ai.json`;
    await sub.request(h.hub, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': sub.callback('/cb6') });
    await until(async () => (await h.t.store.push.activeHubSubscriptions(new Date())).length === 1);
    await ingest(h, 'DeepSeek 开源推理大模型');
    const d = await until(() => sub.deliveries[0]);
    expect(d.contentType).toBe('application/feed+json; charset=utf-8');
    expect(JSON.parse(d.body).items[0].title).toBe('DeepSeek 开源推理大模型');
    expect(d.signature).toBeUndefined();
  });

  it('refuses bad requests with 400 and a reason', async () => {
    const { h, sub } = await setup();
    const cb = sub.callback('/cb7');
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'hub.mode': 'publish', 'hub.topic': `${h.url}/feed.xml`, 'hub.callback': cb }, /hub.mode/],
      [{ 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/feed.xml`, 'hub.callback': 'ftp://x/' }, /hub.callback/],
      [{ 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/not-a-feed`, 'hub.callback': cb }, /hub.topic is not a feed this hub serves/],
      [{ 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/feeds/nope.xml`, 'hub.callback': cb }, /no output named \\"nope\\"/],
      [{ 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/feed.xml`, 'hub.callback': cb, 'hub.secret': 'x'.repeat(200) }, /shorter than 200 bytes/],
    ];
    for (const [fields, reason] of cases) {
      const res = await sub.request(h.hub, fields);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(reason);
    }
    expect(sub.verifications).toEqual([]);
  });

  it('retries a failed push with backoff; a 410 Gone ends the subscription', async () => {
    const { h, sub } = await setup();
    await sub.request(h.hub, { 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/feed.xml`, 'hub.callback': sub.callback('/cb8', { status: 500 }) });
    await until(async () => (await h.t.store.push.activeHubSubscriptions(new Date())).length === 1);
    await ingest(h, '百度文心大模型更新');
    await until(() => sub.deliveries[0]);
    const [s] = await until(async () => {
      const subs = await h.t.store.push.activeHubSubscriptions(new Date());
      return subs[0]?.attempts === 1 && subs;
    });
    expect(Date.parse(s!.nextAttemptAt!)).toBeGreaterThan(Date.now());
    sub.set('/cb8', { status: 410 });
    // The retry is due after the backoff (about 20 s): bring it forward.
    await h.t.store.push.hubDeliveryFailed(s!.id, new Date(Date.now() - 1), 'x');
    await until(async () => (await h.t.store.push.activeHubSubscriptions(new Date())).length === 0);
    expect(sub.deliveries.length).toBe(2);
  });

  it('subscriptions survive a restart', async () => {
    const t = await openTestStore();
    const sub = await startSubscriber();
    cleanups.push(sub.close);
    const first = await startHuiju(t);
    const topic = `${first.url}/feed.xml`;
    await sub.request(first.hub, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.callback': sub.callback('/cb9', { secret: 's' }), 'hub.secret': 's' });
    await until(async () => (await t.store.push.activeHubSubscriptions(new Date())).length === 1);
    await first.close();
    const second = await startHuiju(t);
    cleanups.push(second.close);
    await ingest(second, '字节豆包大模型降价');
    // The topic names the first server's port; the second renders the same feed for it.
    const d = await until(() => sub.deliveries[0]);
    expect(d.body).toContain('字节豆包大模型降价');
    expect(d.signatureValid).toBe(true);
  });
});

describe('pinging an external hub (outputs[].websub.hubs)', () => {
  it('tells the hub which of the output’s feeds changed, by their public URLs', async () => {
    const pings: Record<string, string>[] = [];
    const { createServer } = await import('node:http');
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      pings.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const hubUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const conf = config({
      sources: SOURCES,
      tags: TAGS,
      websub: { callbackBase: 'https://news.example.com' },
      outputs: [{ id: 'ai', title: 'AI 要闻', tags: ['ai'], websub: { hubs: [hubUrl] } }],
    });
    const t = await openTestStore();
    const h = await startHuiju(t, conf);
    cleanups.push(h.close);
    // The feeds advertise the external hub beside huiju's own.
    expect((await fetch(`${h.url}/feeds/ai.xml`)).headers.get('link')).toContain(`<${hubUrl}>; rel="hub"`);
    await until(() => pings.length >= 3);
    pings.length = 0;
    await ingest(h, '智谱发布新一代大模型 GLM-6');
    await until(() => pings.length >= 3);
    expect(pings.map((p) => p['hub.url']).sort()).toEqual(['atom', 'json', 'xml'].map((e) => `https://news.example.com/feeds/ai.${e}`));
    expect(pings.every((p) => p['hub.mode'] === 'publish')).toBe(true);
  });
});

describe('the hub calls no address the fetch policy refuses', () => {
  it('with fetch.denyPrivateNetworks, a callback on a private address is never called', async () => {
    const conf = config({ sources: SOURCES, tags: TAGS, fetch: { denyPrivateNetworks: true }, outputs: [{ id: 'ai', title: 'AI 要闻', tags: ['ai'] }] });
    const t = await openTestStore();
    const h = await startHuiju(t, conf);
    cleanups.push(h.close);
    const sub = await startSubscriber();
    cleanups.push(sub.close);
    const res = await sub.request(h.hub, { 'hub.mode': 'subscribe', 'hub.topic': `${h.url}/feed.xml`, 'hub.callback': sub.callback('/private') });
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.verifications).toEqual([]);
    expect(await t.store.push.activeHubSubscriptions(new Date())).toEqual([]);
  });
});
