import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblems, loadConfig } from '../../src/config/load.ts';
import type { SourceConfig } from '../../src/config/schema.ts';
import { extractArticle, extractItems, scrapeRequest, ScrapeError } from '../../src/scrape/index.ts';
import { ctx, fixture } from './fixtures.ts';

const loaded = loadConfig(fileURLToPath(new URL('../../feeds.json', import.meta.url)));
if (!loaded.ok) throw new Error(`feeds.json is invalid:\n${formatProblems(loaded.problems)}`);
const scraped = loaded.config.sources.filter((s) => s.type !== 'feed');

function shipped(id: string): SourceConfig {
  const found = scraped.find((s) => s.id === id);
  if (!found) throw new Error(`feeds.json has no html/json source "${id}"`);
  return found;
}

interface Case {
  id: string;
  fixture: string;
  /** Where the document was fetched from (after redirects): the base for relative links. */
  finalUrl: string;
  count: number;
  first: { title: string; url: string; publishedAt: string; guid: string | null };
  /** Problems the document should report (none unless listed). */
  warnings?: string[];
  /** Further item fields worth pinning, by index. */
  more?: [number, Record<string, unknown>][];
}

const cases: Case[] = [
  {
    id: 'thepaper-featured',
    fixture: 'thepaper-m-home.html',
    finalUrl: 'https://m.thepaper.cn/',
    count: 3,
    first: { title: '上海发布具身智能产业行动方案', url: 'https://www.thepaper.cn/newsDetail_forward_27983333', publishedAt: '2024-07-04T03:50:00.000Z', guid: '27983333' },
    // the top carousel entry comes after the list
    more: [[2, { title: '直击世界人工智能大会开幕式', url: 'https://www.thepaper.cn/newsDetail_forward_27983400' }]],
  },
  {
    id: 'thepaper-tech',
    fixture: 'thepaper-channel-119908.json',
    finalUrl: 'https://api.thepaper.cn/contentapi/nodeCont/getByChannelId',
    count: 3,
    first: { title: '世界人工智能大会今日开幕，大模型企业集中亮相', url: 'https://www.thepaper.cn/newsDetail_forward_27981234', publishedAt: '2024-07-04T01:30:00.000Z', guid: '27981234' },
    // the API repeats a pinned story at the end of the list
    warnings: ["1 items repeated an earlier item's link and were dropped"],
    more: [
      [0, { author: '张三', categories: ['人工智能', 'WAIC'] }],
      // no pubTimeLong: the publishTime fallback, read in Shanghai time
      [1, { title: '国产AI芯片 如何跨越“训练”门槛', publishedAt: '2024-07-03T22:05:12.000Z', author: null, categories: [] }],
      // an external page keeps its own link instead of the template
      [2, { url: 'https://h5.thepaper.cn/html/zt/2024/07/robot/index.html', publishedAt: '2024-07-03T13:00:00.000Z' }],
    ],
  },
  {
    id: 'thepaper-finance',
    fixture: 'thepaper-channel-25951.json',
    finalUrl: 'https://api.thepaper.cn/contentapi/nodeCont/getByChannelId',
    count: 2,
    first: { title: '算力租赁价格回落，智算中心加速整合', url: 'https://www.thepaper.cn/newsDetail_forward_27982222', publishedAt: '2024-07-04T02:15:00.000Z', guid: '27982222' },
  },
  {
    id: 'news-cn-tech',
    fixture: 'news-cn-tech-ds.json',
    finalUrl: 'https://www.news.cn/tech/ds_fd79514d92f34849bc8baef7ce3d5aae.json',
    count: 3,
    first: { title: '我国人工智能核心产业规模接近6000亿元', url: 'https://www.news.cn/tech/20240704/9a1b2c3d/c.html', publishedAt: '2024-07-04T02:12:30.000Z', guid: '202407049a1b2c3d4e5f60718293a4b5c6d7e8f9' },
    more: [
      [0, { author: '张三', summary: '工信部数据显示，我国已形成较为完整的人工智能产业体系。' }],
      // title arrives as an <a> fragment; empty summary is no summary
      [1, { title: '大模型备案数量持续增长', summary: null, author: null }],
      // publishUrl relative to the channel folder the data file sits in; HTML summary made plain
      [2, { url: 'https://www.news.cn/tech/20240703/bbbbcccc/c.html', summary: '上海临港新片区智算中心正式投运。', publishedAt: '2024-07-03T14:19:08.000Z' }],
    ],
  },
  {
    id: 'news-cn-fortune',
    fixture: 'news-cn-fortune-ds.json',
    finalUrl: 'https://www.news.cn/fortune/ds_1e491dadc8944459b71b7ab13422623d.json',
    count: 2,
    first: { title: 'AI应用带动算力投资升温', url: 'https://www.news.cn/fortune/20240704/f0000001/c.html', publishedAt: '2024-07-04T03:02:00.000Z', guid: '20240704fortune000000000000000000000001' },
  },
  {
    id: 'jfdaily-finance',
    fixture: 'jfdaily-list-section2.html',
    finalUrl: 'https://www.jfdaily.com/news/list?section=2',
    count: 3,
    first: { title: '上海人工智能已形成从软件模型到智能终端的全产业链布局', url: 'https://www.jfdaily.com/news/detail?id=765432', publishedAt: '2024-07-03T23:21:36.000Z', guid: null },
    more: [
      [0, { summary: '今天，2024世界人工智能大会暨人工智能全球治理高级别会议将在上海开幕。' }],
      // minutes only on this entry: the same format reads it
      [1, { title: '规上企业从183家增至348家 产业规模逾3800亿元', publishedAt: '2024-07-03T14:05:00.000Z' }],
      [2, { url: 'https://www.jfdaily.com/wx/detail.do?id=745357', summary: null }],
    ],
  },
  {
    id: 'jfdaily-politics',
    fixture: 'jfdaily-list-section1.html',
    finalUrl: 'https://www.jfdaily.com/news/list?section=1',
    count: 1,
    first: { title: '市政府常务会议研究推进人工智能“模塑申城”', url: 'https://www.jfdaily.com/news/detail?id=765500', publishedAt: '2024-07-03T22:30:00.000Z', guid: null },
  },
];

describe('shipped html/json sources in feeds.json, against their reconstructed documents', () => {
  it('every shipped html/json source has a case here', () => {
    expect(scraped.map((s) => s.id).sort()).toEqual(cases.map((c) => c.id).sort());
  });

  it.each(cases)('$id', (c) => {
    const src = shipped(c.id);
    expect(src.enabled).toBe(true);
    const feed = extractItems(src, { text: fixture(c.fixture), finalUrl: c.finalUrl }, ctx);
    expect(feed.items).toHaveLength(c.count);
    expect(feed.warnings).toEqual(c.warnings ?? []);
    expect(feed.items[0]).toMatchObject({ ...c.first, dateFlag: null, contentHtml: null });
    for (const [index, fields] of c.more ?? []) expect(feed.items[index], `item ${index}`).toMatchObject(fields);
    for (const item of feed.items) expect(item.url).toMatch(/^https:\/\//);
  });

  it('the 澎湃 channels POST their channel id to the content API', () => {
    for (const [id, channelId] of [['thepaper-tech', '119908'], ['thepaper-finance', '25951']] as const) {
      const req = scrapeRequest(shipped(id));
      expect(req).toMatchObject({ url: 'https://api.thepaper.cn/contentapi/nodeCont/getByChannelId', method: 'POST' });
      expect(req.headers?.['content-type']).toBe('application/json');
      expect(JSON.parse(req.body ?? '')).toEqual({ channelId });
    }
  });

  it('the 新华网 and 解放日报 lists and the 澎湃 home page are plain GETs', () => {
    for (const id of ['news-cn-tech', 'news-cn-fortune', 'jfdaily-finance', 'jfdaily-politics', 'thepaper-featured']) {
      const req = scrapeRequest(shipped(id));
      expect(req.method, id).toBe('GET');
      expect(req.body, id).toBeUndefined();
      expect(req.url, id).toBe(shipped(id).url);
    }
  });

  it('a redesigned 解放日报 list page is a clear source error', () => {
    const src = shipped('jfdaily-finance');
    const doc = { text: fixture('jfdaily-list-redesigned.html'), finalUrl: src.url };
    expect(() => extractItems(src, doc, ctx)).toThrow(ScrapeError);
    expect(() => extractItems(src, doc, ctx)).toThrow(`0 items matched selector "div.chengshi div.chengshi_wz" on ${src.url}`);
  });

  it('解放日报 article pages give the body and the author', () => {
    const url = 'https://www.jfdaily.com/news/detail?id=765432';
    const article = extractArticle(shipped('jfdaily-finance'), fixture('jfdaily-article.html'), url, ctx);
    expect(article.author).toBe('徐晶卉');
    expect(article.contentHtml).toContain('<p>今天,2024世界人工智能大会暨人工智能全球治理高级别会议将在上海开幕。</p>');
    expect(article.contentHtml).toContain('src="https://www.jfdaily.com/uploads/2024/07/04/ai.jpg"');
    expect(article.contentHtml).not.toMatch(/<script|onerror|onclick|javascript:/);
  });

  it('澎湃 article pages give the body, date and author from their __NEXT_DATA__', () => {
    const url = 'https://www.thepaper.cn/newsDetail_forward_27981234';
    for (const id of ['thepaper-tech', 'thepaper-finance', 'thepaper-featured']) {
      const article = extractArticle(shipped(id), fixture('thepaper-article.html'), url, ctx);
      expect(article, id).toMatchObject({ author: '澎湃新闻记者 李四', publishedAt: '2024-07-04T01:30:00.000Z', dateFlag: null });
      expect(article.contentHtml, id).toContain('<p>7月4日，2024世界人工智能大会在上海开幕。</p>');
      expect(article.contentHtml, id).toContain('<img src="https://imagepphcloud.thepaper.cn/pph/image/1/a.jpg" />');
      expect(article.contentHtml, id).not.toMatch(/script|onload/);
    }
  });

  it('新华网 article pages give the body with images made absolute', () => {
    const url = 'https://www.news.cn/tech/20240704/9a1b2c3d/c.html';
    const article = extractArticle(shipped('news-cn-tech'), fixture('news-cn-article.html'), url, ctx);
    expect(article.contentHtml).toContain('我国人工智能核心产业规模接近6000亿元');
    expect(article.contentHtml).toContain('src="https://www.news.cn/tech/20240704/9a1b2c3d/20240704/9a1b2c3d/chart.png"');
    expect(article.contentHtml).not.toContain('纠错');
  });
});
