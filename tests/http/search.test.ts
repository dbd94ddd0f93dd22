import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/rss.ts';
import { AI_ITEMS, startHarness, TAGS, type Harness } from './harness.ts';

interface Item {
  id: number;
  title: string;
  publishedAt: string;
  snippet?: string | null;
}
interface Page {
  items: Item[];
  next: string | null;
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ '/ai.xml': { body: rss('AI 新闻', AI_ITEMS) } }, (feeds) => ({
    sources: [{ id: 'ai-news', name: 'AI 新闻网', url: `${feeds}/ai.xml` }],
    tags: TAGS,
  }));
});
afterAll(() => h?.close());

const page = async (query: string) => {
  const res = await h.get(`/api/items?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

async function all(query: string, limit: number): Promise<Item[]> {
  const out: Item[] = [];
  let next: string | null = null;
  do {
    const p: Page = await page(`${query}&limit=${limit}${next ? `&cursor=${next}` : ''}`);
    out.push(...p.items);
    next = p.next;
  } while (next);
  return out;
}

describe('search', () => {
  it('ranks by relevance when q is given: a title hit with many body hits first', async () => {
    const { items } = await page('q=大模型');
    expect(items.map((i) => i.title)).toEqual(['大模型产业报告：大模型进入落地期', '某公司发布新一代办公软件']);
  });

  it('orders by date on sort=date', async () => {
    const { items } = await page('q=大模型&sort=date');
    expect(items.map((i) => i.title)).toEqual(['某公司发布新一代办公软件', '大模型产业报告：大模型进入落地期']);
  });

  it.each<[string, string, string[]]>([
    ['a three-character term through the trigram index', 'q=具身智能', ['具身智能机器人亮相世界人工智能大会']],
    ['a two-character Chinese term through LIKE', 'q=算力', ['国产算力芯片出货量增长']],
    ['a two-letter Latin term, any case', 'q=ai', ['AI 眼镜新品发布']],
    ['every term must match', 'q=算力 芯片', ['国产算力芯片出货量增长']],
    ['terms that never occur together', 'q=算力 马拉松', []],
    ['FTS syntax is taken literally', 'q="大模型" OR', []],
  ])('%s', async (_name, query, titles) => {
    const { items } = await page(`${query}&sort=date`);
    expect(items.map((i) => i.title)).toEqual(titles);
  });

  it('returns highlighted, escaped snippets', async () => {
    const { items } = await page('q=算力');
    expect(items[0]!.snippet).toBe('多家厂商的<mark>算力</mark>芯片出货量同比增长，智算中心建设提速。');
    const plain = await page('limit=1');
    expect(plain.items[0]).not.toHaveProperty('snippet');
  });

  it('pages through relevance order exactly once, in the same order as one big page', async () => {
    const whole = (await page('q=发布&limit=50')).items.map((i) => i.id);
    expect(whole.length).toBeGreaterThanOrEqual(3);
    const paged = (await all('q=发布', 1)).map((i) => i.id);
    expect(paged).toEqual(whole);
  });

  it('pages through date order with keyset cursors', async () => {
    const paged = await all('sort=date', 2);
    expect(paged).toHaveLength(AI_ITEMS.length);
    const dates = paged.map((i) => i.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it.each<[string, (next: { date: string; relevance: string }) => string, RegExp]>([
    ['sort=relevance without q', () => 'sort=relevance', /needs a search/],
    ['an unknown sort', () => 'q=x&sort=best', /"sort" must be "relevance", "date" or "hot"/],
    ['a date cursor on a relevance listing', (n) => `q=发布&cursor=${n.date}`, /date-ordered/],
    ['a relevance cursor on a date listing', (n) => `q=发布&sort=date&cursor=${n.relevance}`, /by relevance/],
    ['a relevance cursor for another search', (n) => `q=大模型&cursor=${n.relevance}`, /different search/],
    ['a q longer than 200 characters', () => `q=${'长'.repeat(201)}`, /longer than 200/],
  ])('rejects %s with a 400', async (_name, query, message) => {
    const next = { date: (await page('limit=1')).next!, relevance: (await page('q=发布&limit=1')).next! };
    const res = await h.get(`/api/items?${query(next)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
  });

  it('feeds take q too, newest first, and refuse a cursor', async () => {
    const feed = (await (await h.get('/feed.json?q=发布')).json()) as { items: { date_published: string }[] };
    const dates = feed.items.map((i) => i.date_published);
    expect(dates.length).toBeGreaterThanOrEqual(3);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect((await h.get('/feed.xml?cursor=abc')).status).toBe(400);
  });
});
