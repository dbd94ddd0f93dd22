import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/rss.ts';
import { AI_ITEMS, rawGet, startHarness, TAGS, type Harness } from './harness.ts';

let h: Harness;
const base = (feeds: string) => ({ sources: [{ id: 'ai-news', name: 'AI 新闻网', url: `${feeds}/ai.xml` }], tags: TAGS });

beforeAll(async () => {
  h = await startHarness({ '/ai.xml': { body: rss('AI 新闻', AI_ITEMS) } }, base);
});
afterAll(() => h?.close());

const error = async (res: Response) => ((await res.json()) as { error: string }).error;

describe('request limits', () => {
  it.each<[string, RequestInit & { path?: string }, number, RegExp]>([
    ['a POST', { method: 'POST', body: 'x' }, 405, /only answers GET and HEAD/],
    ['a DELETE', { method: 'DELETE' }, 405, /not allowed/],
    ['an oversized URL', { path: `/api/items?q=${'a'.repeat(3000)}` }, 414, /longer than 2048/],
  ])('refuses %s', async (_name, init, status, message) => {
    const res = await h.get(init.path ?? '/api/items', init);
    expect(res.status).toBe(status);
    expect(await error(res)).toMatch(message);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a GET with a body', { 'content-length': '5' }, 'hello'],
    ['a chunked GET', { 'transfer-encoding': 'chunked' }, 'hello'],
  ])('refuses %s with 413', async (_name, headers, body) => {
    const res = await rawGet(`${h.url}/api/items`, headers, body);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatch(/no body/);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await h.get('/feed.xml', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe('');
  });
});

describe('per-IP rate limit', () => {
  const limited = (perMinute: number, extra: object = {}) =>
    h.setConfig({ ...base(h.feeds.url), http: { trustProxy: 1, rateLimit: { perMinute, burst: 3, exemptLoopback: true, ...extra } } });
  const from = (ip: string, path = '/api/tags') => h.get(path, { headers: { 'x-forwarded-for': ip } });

  afterAll(() => h.setConfig(base(h.feeds.url)));

  it('lets a burst through, then answers 429 with Retry-After, per client', async () => {
    limited(6);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await from('203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await from('203.0.113.7');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await error(refused)).toMatch(/too many requests/);
    expect((await from('198.51.100.9')).status).toBe(200);
    // Health checks are never limited.
    expect((await from('203.0.113.7', '/healthz')).status).toBe(200);
  });

  it('leaves loopback clients alone unless told otherwise', async () => {
    limited(6);
    for (let i = 0; i < 6; i++) expect((await h.get('/api/tags')).status).toBe(200);
    limited(6, { exemptLoopback: false });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.get('/api/tags')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('is off with perMinute 0', async () => {
    limited(0, { exemptLoopback: false });
    for (let i = 0; i < 10; i++) expect((await from('203.0.113.8')).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless trustProxy says a proxy is in front', async () => {
    h.setConfig({ ...base(h.feeds.url), http: { rateLimit: { perMinute: 6, burst: 2, exemptLoopback: true } } });
    // The peer is loopback and exempt; a forged header does not make it someone else.
    for (let i = 0; i < 5; i++) expect((await from('203.0.113.10')).status).toBe(200);
  });
});

describe('errors', () => {
  it('never shows a stack trace: an unexpected failure is a plain 500', async () => {
    const broken = await startHarness({ '/ai.xml': { body: rss('AI 新闻', AI_ITEMS) } }, base);
    await broken.db.sql('DROP TABLE story_tags');
    const res = await broken.get('/api/items');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'internal error' });
    expect(text).not.toMatch(/at |\.ts|sqlite|postgres|story_tags/i);
    await broken.close();
  });
});
