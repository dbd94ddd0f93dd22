import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss, type RssItem } from '../helpers/rss.ts';
import { startHarness, type Harness } from './harness.ts';

const DAY = 24 * 3600_000;
const now = Date.now();
/** The date (YYYY-MM-DD) in Shanghai, the config's zone, `n` days ago. */
const shanghaiDay = (n: number) => new Date(now - n * DAY + 8 * 3600_000).toISOString().slice(0, 10);

const PLACES = ['北京', '上海', '深圳', '杭州', '广州', '南京', '合肥', '成都', '武汉', '苏州'];
let place = 0;
const story = (daysAgo: number, topic: string): RssItem => {
  const p = PLACES[place++]!;
  return {
    title: `${p}${topic}项目${daysAgo}日签约`,
    link: `http://news.example/${place}.html`,
    description: `${p}消息，当地${topic}项目近日签约落地，第${place * 13}号园区将承接相关建设。`,
    date: new Date(now - daysAgo * DAY),
  };
};

// This week: three 算力 stories, two about DeepSeek. Last week: one 算力, three 大模型.
const ITEMS = [
  story(1, '算力'),
  story(2, '算力'),
  story(3, '算力'),
  story(1, 'DeepSeek'),
  story(2, 'DeepSeek'),
  story(9, '算力'),
  story(9, '大模型'),
  story(10, '大模型'),
  story(11, '大模型'),
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ '/news.xml': { body: rss('新闻', ITEMS) } }, (url) => ({
    sources: [{ id: 'news', name: '新闻网', url: `${url}/news.xml` }],
    tags: [
      { id: 'ai', label: '人工智能', keywords: ['大模型', '算力'] },
      { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型'] },
      { id: 'compute', label: '算力', parent: 'ai', keywords: ['算力'] },
      { id: 'deepseek', label: 'DeepSeek 深度求索', parent: 'llm', keywords: ['DeepSeek'] },
    ],
    trends: { companies: ['deepseek'] },
  }));
}, 60_000);
afterAll(() => h?.close());

interface TrendsBody {
  days: string[];
  series: { tag: string; label: string; counts: number[] }[];
  rising: { tag: string; thisWeek: number; lastWeek: number; change: number }[];
  companies: { tag: string; label: string; stories: number }[];
}

describe('/api/trends', () => {
  it('counts stories per tag per day, in the config’s time zone, over the days asked for', async () => {
    const res = await h.get('/api/trends?tag=compute,llm&days=14');
    expect(res.status).toBe(200);
    const t = (await res.json()) as TrendsBody;
    expect(t.days).toHaveLength(14);
    expect(t.days.at(-1)).toBe(shanghaiDay(0));
    const compute = t.series.find((s) => s.tag === 'compute')!;
    const count = (s: { counts: number[] }, daysAgo: number) => s.counts[t.days.indexOf(shanghaiDay(daysAgo))];
    expect([1, 2, 3, 9].map((d) => count(compute, d))).toEqual([1, 1, 1, 1]);
    expect(compute.counts.reduce((a, b) => a + b, 0)).toBe(4);
    // DeepSeek implies 大模型: two this week, three the week before.
    const llm = t.series.find((s) => s.tag === 'llm')!;
    expect(llm.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(t.series.map((s) => s.tag)).toEqual(['compute', 'llm']);
  });

  it('ranks tags rising this week against last, and companies by stories', async () => {
    const t = (await (await h.get('/api/trends?days=7')).json()) as TrendsBody;
    expect(t.days).toHaveLength(7);
    expect(t.rising.map((r) => [r.tag, r.thisWeek, r.lastWeek])).toEqual([
      ['compute', 3, 1],
      ['deepseek', 2, 0],
      ['ai', 5, 4],
    ]);
    // 大模型 did not rise (2 against 3).
    expect(t.rising.some((r) => r.tag === 'llm')).toBe(false);
    expect(t.companies).toEqual([{ tag: 'deepseek', label: 'DeepSeek 深度求索', stories: 2 }]);
    // Charted by default: the busiest tags of the week.
    expect(t.series[0]!.tag).toBe('ai');
  });

  it('says what is wrong with a bad parameter', async () => {
    expect((await h.get('/api/trends?days=0')).status).toBe(400);
    expect((await h.get('/api/trends?days=91')).status).toBe(400);
    const res = await h.get('/api/trends?tag=nope');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('unknown tag: nope');
  });

  it('renders /trends with the chart data, the lists and the chart library from this origin', async () => {
    const res = await h.get('/trends');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('id="trend-data"');
    expect(html).toMatch(/<li data-tag="compute">.*本周 3 条，上周 1 条/);
    expect(html).toMatch(/<ol class="companies"><li data-tag="deepseek">/);
    const lib = await h.get(html.match(/src="(\/static\/uplot\.js\?v=\w+)"/)![1]!);
    expect(lib.status).toBe(200);
    expect(await lib.text()).toContain('uPlot');
  });
});
