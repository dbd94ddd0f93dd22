import { describe, expect, it } from 'vitest';
import { parseFixture } from './helpers.ts';

// Real Chinese feeds (tests/fixtures/feeds/cn/PROVENANCE.txt): what each one must yield.
const FEEDS = [
  { file: 'chinanews-scroll-news-2026-04-19.xml', format: 'rss', title: '中新网即时新闻', items: 30, first: '英媒称霍尔木兹海峡航运再次停滞', firstDate: '2026-04-18T22:22:34.000Z' },
  { file: 'chinanews-sports-rss-with-nav-item.sanitized.xml', format: 'rss', title: '中新网体育新闻', items: 2, first: '2026中俄国际足球邀请赛在沪开赛', firstDate: '2026-09-27T15:56:05.000Z' },
  { file: 'feedparser-chardet-gb2312-no-declaration.xml', format: 'rss', title: null, items: 1, first: '不归移民漫画系列：专业工作', firstDate: null },
  { file: 'meituan-tech-rss.xml', format: 'rss', title: '美团技术团队', items: 10, first: '美团 LongCat Interaction 团队发布大模型交互系统技术报告 WOWService', firstDate: '2025-11-21T00:00:00.000Z' },
  { file: 'people-politics-2020-08-25.trimmed.xml', format: 'rss', title: '时政频道', items: 6, first: '文化和旅游部为尼日利亚举办“后疫情时代文化和旅游产业融合发展研修班”', firstDate: '2020-08-24T16:00:00.000Z' },
  { file: 'rsshub-bilibili-popular-output.xml', format: 'rss', title: 'bilibili 综合热门', items: 2, first: "THANK YOU, LEE 'GUMAYUSI' MIN-HYUNG", firstDate: '2025-11-17T12:01:59.000Z' },
  { file: 'ruanyifeng-atom.xml', format: 'atom', title: '阮一峰的网络日志', items: 3, first: '科技爱好者周刊（第 375 期）：一扇门的 Bug', firstDate: '2025-11-28T00:14:06.000Z' },
  { file: 'tech-qq-rss-gb2312.xml', format: 'rss', title: '互联网_腾讯科技', items: 4, first: '虚拟现实设备火了 HTC也来凑热闹', firstDate: '2015-03-02T08:12:54.000Z' },
  { file: 'v2ex-atom.xml', format: 'atom', title: 'V2EX', items: 50, first: '[生活] 因为智能家居吵架', firstDate: '2025-12-01T03:52:42.000Z' },
  { file: 'xinhua-politics-shape.synthetic.xml', format: 'rss', title: '时政频道_新华网', items: 2, first: '某地宅基地改革试点扩围', firstDate: '2026-09-30T11:37:37.000Z' },
] as const;

describe('real Chinese feeds', () => {
  it.each(FEEDS)('$file: format, title, item count, first item', async (f) => {
    const feed = await parseFixture(f.file);
    expect(feed.format).toBe(f.format);
    expect(feed.title).toBe(f.title);
    expect(feed.items).toHaveLength(f.items);
    expect(feed.items[0]?.title).toBe(f.first);
    expect(feed.items[0]?.publishedAt).toBe(f.firstDate);
  });

  it.each(FEEDS)('$file: no U+FFFD, every url absolute http(s), no script left in content', async (f) => {
    const feed = await parseFixture(f.file);
    for (const item of feed.items) {
      expect(item.title).not.toContain('\uFFFD');
      if (item.url !== null) expect(item.url).toMatch(/^https?:\/\//);
      expect(item.contentHtml ?? '').not.toMatch(/<script|\son\w+=|javascript:|style=/i);
    }
  });
});

describe('quirks of Chinese feeds', () => {
  it('Xinhua: the date written as bare text after </link> is the publication date', async () => {
    const feed = await parseFixture('xinhua-politics-shape.synthetic.xml');
    expect(feed.items.map((i) => i.publishedAt)).toEqual(['2026-09-30T11:37:37.000Z', '2026-09-29T08:00:00.000Z']);
    expect(feed.items.every((i) => i.dateFlag === null)).toBe(true);
  });

  it('人民网: every item stamped with the same date-only value is flagged date-only and keeps document order', async () => {
    const feed = await parseFixture('people-politics-2020-08-25.trimmed.xml');
    expect(new Set(feed.items.map((i) => i.publishedAt))).toEqual(new Set(['2020-08-24T16:00:00.000Z']));
    expect(feed.items.every((i) => i.dateFlag === 'date-only')).toBe(true);
    expect(feed.items[0]?.url).toBe('http://politics.people.com.cn/n1/2020/0825/c1001-31836276.html');
  });

  it('人民网: script tags and inline styles inside CDATA are removed, the text stays', async () => {
    const feed = await parseFixture('people-politics-2020-08-25.trimmed.xml');
    const all = feed.items.map((i) => i.contentHtml ?? '').join('\n');
    expect(all).not.toMatch(/<script|v\.js|style=/i);
    expect(all).toContain('人民网北京8月25日电');
  });

  it('中新网 sports: the navigation entry pointing at the channel page is dropped with a warning', async () => {
    const feed = await parseFixture('chinanews-sports-rss-with-nav-item.sanitized.xml');
    expect(feed.items.map((i) => i.title)).not.toContain('体育频道首页');
    expect(feed.warnings.join(' ')).toContain('https://www.chinanews.com.cn/sports/');
  });

  it('中新网 sports: escaped HTML in a description becomes plain summary text', async () => {
    const feed = await parseFixture('chinanews-sports-rss-with-nav-item.sanitized.xml');
    expect(feed.items[1]?.summary).toBe('中新社深圳9月27日电 捷克队以2:0战胜乌克兰队,夺得冠军。');
  });

  it('中新网 scroll: no guid, so guid is null and the link identifies the item', async () => {
    const feed = await parseFixture('chinanews-scroll-news-2026-04-19.xml');
    expect(feed.items.every((i) => i.guid === null && i.url !== null)).toBe(true);
  });

  it('腾讯科技 (GB2312): double-escaped &amp;#8226; reads as •, empty <category/> gives no category', async () => {
    const feed = await parseFixture('tech-qq-rss-gb2312.xml');
    expect(feed.items.map((i) => i.summary).join('\n')).toContain('沃纳•威格尔认为');
    expect(feed.items.every((i) => i.categories.length === 0)).toBe(true);
  });

  it('阮一峰 (leading newline before <?xml, adjacent CDATA sections) parses whole entries', async () => {
    const feed = await parseFixture('ruanyifeng-atom.xml');
    expect(feed.items[0]?.contentHtml).toContain('这里记录每周值得分享的科技内容');
    expect(feed.items[0]?.categories).toEqual(['Weekly']);
  });

  it('V2EX: published (later) and updated (earlier) are both kept as given', async () => {
    const feed = await parseFixture('v2ex-atom.xml');
    expect(feed.items[0]?.publishedAt).toBe('2025-12-01T03:52:42.000Z');
    expect(feed.items[0]?.updatedAt).toBe('2025-11-23T03:51:42.000Z');
  });
});
