import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

/**
 * What a listing or feed that the response cache missed serves, pinned: the same items in the same order and the same
 * bytes whether the per-copy memos (sanitised bodies, escaped texts: src/publish/sanitised.ts, xml.ts) are cold or warm,
 * and a copy edited at its source is served as edited. Every request here names a different `until`, so none is
 * answered from the response cache. Forty stories: a common term in 40% of them, a rare one in two.
 */

const PLACES = ['北京', '上海', '深圳', '杭州', '广州', '南京', '合肥', '成都', '武汉', '苏州'];
const TOPICS = ['芯片', '机器人', '自动驾驶', '云计算', '智能制造', '数据中心', '无人机', '量子计算'];
const N = 40;
const COMMON = '大模型';
const RARE = '退火算法';

const hasCommon = (i: number) => i % 5 < 2;
const hasRare = (i: number) => i === 7 || i === 31;

function body(i: number, edited: boolean): string {
  const place = PLACES[i % PLACES.length]!;
  const topic = TOPICS[i % TOPICS.length]!;
  const mention = hasCommon(i) ? `，其中${i % 3 === 0 ? `${COMMON}与${COMMON}` : COMMON}应用最受关注` : '';
  const rare = hasRare(i) ? `，团队公开了新的${RARE}` : '';
  const tail = edited ? '（更正：数据已更新）' : '';
  // Markup the sanitiser must strip, and characters XML must escape.
  return `<p onclick="x()">${place}第${i}号${topic}项目进展 &amp; 评测 &lt;${i}&gt;${mention}${rare}。第${i * 13}期试点覆盖${i + 3}家企业。${tail}</p><script>alert(${i})</script>`;
}

function feed(editedItem: number | null): string {
  const items = Array.from({ length: N }, (_, i) => {
    const date = new Date(Date.UTC(2026, 2, 1, i)).toUTCString();
    return `<item><title>${PLACES[i % PLACES.length]}${TOPICS[i % TOPICS.length]}动态 ${i}</title><link>https://news.example.cn/${i}.html</link>
      <guid>https://news.example.cn/${i}.html</guid><pubDate>${date}</pubDate>
      <content:encoded><![CDATA[${body(i, i === editedItem)}]]></content:encoded></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
    <title>测试</title><link>https://news.example.cn/</link>${items.reverse().join('\n')}</channel></rss>`;
}

let h: Harness;
let edited: number | null = null;
let miss = 0;

beforeAll(async () => {
  h = await startHarness({ '/feed.xml': { body: () => feed(edited) } }, (feeds) => ({
    sources: [{ id: 'news', name: '测试新闻', url: `${feeds}/feed.xml` }],
    tags: [],
    retention: { days: 365_000 },
  }));
  await h.refresh();
});
afterAll(() => h?.close());

/** A cache miss: a far-future `until` that no request has named before (it selects the same stories). */
const untilParam = () => `until=${new Date(Date.UTC(2100, 0, 1) + ++miss * 1000).toISOString()}`;

async function titles(query: string): Promise<string[]> {
  const res = await h.get(`/api/items?${query}&limit=50&${untilParam()}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { title: string }[] }).items.map((i) => i.title);
}

/** The feed's entries: everything from the first <item> on (the channel head names the request's own URL). */
async function feedItems(query: string): Promise<string> {
  const res = await h.get(`/feed.xml?${query}&limit=50&${untilParam()}`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return text.slice(text.indexOf('<item>'));
}

const titleOf = (i: number) => `${PLACES[i % PLACES.length]}${TOPICS[i % TOPICS.length]}动态 ${i}`;
/** Newest first: item i is published at hour i. */
const newestFirst = (keep: (i: number) => boolean) =>
  Array.from({ length: N }, (_, i) => i)
    .filter(keep)
    .reverse()
    .map(titleOf);

describe('listings and feeds the response cache missed', () => {
  it('finds the common and the rare term in date order: every match, newest first', async () => {
    expect(await titles(`q=${encodeURIComponent(COMMON)}&sort=date`)).toEqual(newestFirst(hasCommon));
    expect(await titles(`q=${encodeURIComponent(RARE)}&sort=date`)).toEqual(newestFirst(hasRare));
    expect(newestFirst(hasCommon).length).toBeGreaterThanOrEqual(0.3 * N);
  });

  it('ranks the same stories in the same order on every miss', async () => {
    const common = await titles(`q=${encodeURIComponent(COMMON)}`);
    expect([...common].sort()).toEqual(newestFirst(hasCommon).sort());
    // The copies that say it twice rank above those that say it once.
    const twice = newestFirst((i) => hasCommon(i) && i % 3 === 0);
    expect(common.slice(0, twice.length).sort()).toEqual([...twice].sort());
    expect(await titles(`q=${encodeURIComponent(COMMON)}`)).toEqual(common);
    const rare = await titles(`q=${encodeURIComponent(RARE)}`);
    expect([...rare].sort()).toEqual(newestFirst(hasRare).sort());
    expect(await titles(`q=${encodeURIComponent(RARE)}`)).toEqual(rare);
  });

  it('serves the same feed bytes cold and warm, sanitised and escaped', async () => {
    for (const query of ['', `q=${encodeURIComponent(COMMON)}`, `q=${encodeURIComponent(RARE)}`]) {
      const first = await feedItems(query);
      expect(await feedItems(query)).toBe(first);
      expect(first).not.toContain('<script');
      expect(first).not.toContain('&lt;script');
      expect(first).not.toContain('onclick');
    }
    const all = await feedItems('');
    expect(all.match(/<item>/g)).toHaveLength(N);
    // Stored `&amp; … &lt;3&gt;` is text `& … <3>`: escaped once as HTML, and that HTML once more as XML.
    expect(all).toContain('进展 &amp;amp; 评测 &amp;lt;3&amp;gt;');
    const atom = await h.get(`/feed.atom?limit=50&${untilParam()}`).then((r) => r.text());
    expect(atom).toContain('进展 &amp;amp; 评测 &amp;lt;3&amp;gt;');
  });

  it('serves a copy edited at its source as edited, not as it was first rendered', async () => {
    const before = await feedItems('');
    expect(before).not.toContain('更正');
    edited = 12;
    await h.refresh();
    const after = await feedItems('');
    expect(after).toContain('第12号');
    expect(after).toContain('更正：数据已更新');
    // In its summary and its content, and in no other entry.
    expect(after.split('<item>').filter((e) => e.includes('更正'))).toEqual(after.split('<item>').filter((e) => e.includes('第12号')));
    // The republished body itself, not only the summary beside it.
    const entry = after.split('<item>').find((e) => e.includes('第12号'))!;
    expect(/<content:encoded>(.*)<\/content:encoded>/s.exec(entry)?.[1]).toContain('更正：数据已更新');
    expect(after).not.toContain('<script');
    // Only that entry changed.
    const entries = (s: string) => s.split('<item>').filter((e) => !e.includes('第12号'));
    expect(entries(after)).toEqual(entries(before));
  });
});
