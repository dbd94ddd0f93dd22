import { describe, expect, it } from 'vitest';
import { extractItems, ScrapeError } from '../../src/scrape/index.ts';
import { ctx, source } from './fixtures.ts';

const page = `<!DOCTYPE html><html><head><title> 科技频道 </title></head><body>
<ul class="news">
  <li><a class="t" href="/2024/0704/a.html">大模型 <b>新进展</b></a><span class="time">2024年07月04日 09:15</span>
      <p class="desc">摘要&nbsp;一</p><time datetime="2024-07-04T09:15:00+08:00">今天</time></li>
  <li><h3><a href="../b.html">算力&amp;芯片</a></h3><span class="time">2024年7月3日 21:00</span></li>
  <li><a class="t" href="javascript:void(0)">没有链接的条目</a><span class="time">时间未知</span></li>
  <li><span class="time">2024年07月01日 08:00</span></li>
</ul></body></html>`;

const doc = { text: page, finalUrl: 'https://tech.example.cn/channel/list.html' };

describe('html list pages', () => {
  const src = source({ type: 'html', html: { item: 'ul.news li', title: 'a', date: 'span.time', dateFormat: 'YYYY年MM月DD日 HH:mm', summary: 'p.desc' } });
  const feed = extractItems(src, doc, ctx);

  it('reads each entry and skips those without a title, saying so', () => {
    expect(feed.items.map((i) => i.title)).toEqual(['大模型 新进展', '算力&芯片', '没有链接的条目']);
    expect(feed.warnings).toContain('1 of 4 items had no text for title selector "a" and were skipped');
    expect(feed).toMatchObject({ format: 'html', title: '科技频道', siteUrl: doc.finalUrl });
  });

  it('resolves links against the page URL and drops javascript: links', () => {
    expect(feed.items.map((i) => i.url)).toEqual(['https://tech.example.cn/2024/0704/a.html', 'https://tech.example.cn/b.html', null]);
    expect(feed.warnings).toContain('1 items have no usable link');
  });

  it('reads dates with the format in the source zone, and flags what it cannot read', () => {
    expect(feed.items.map((i) => [i.publishedAt, i.dateFlag])).toEqual([
      ['2024-07-04T01:15:00.000Z', null],
      ['2024-07-03T13:00:00.000Z', null],
      [null, 'unparseable'],
    ]);
    expect(feed.warnings).toContain('1 dates could not be read with format "YYYY年MM月DD日 HH:mm" (selector "span.time")');
  });

  it('makes summaries plain text', () => {
    expect(feed.items.map((i) => i.summary)).toEqual(['摘要 一', null, null]);
  });

  it('reads attributes with @ and the item element itself with a bare @attr', () => {
    const byAttr = source({ type: 'html', html: { item: 'ul.news li:has(time)', title: 'a', date: 'time@datetime', link: 'a.t@href' } });
    const [item] = extractItems(byAttr, doc, ctx).items;
    expect(item).toMatchObject({ publishedAt: '2024-07-04T01:15:00.000Z', url: 'https://tech.example.cn/2024/0704/a.html' });

    const anchors = source({ type: 'html', html: { item: 'ul.news a', title: '@title', link: '@href' } });
    const titled = `<ul class="news"><a href="x.html" title="标题在属性里">x</a></ul>`;
    expect(extractItems(anchors, { text: titled, finalUrl: 'https://a.cn/d/' }, ctx).items[0]).toMatchObject({ title: '标题在属性里', url: 'https://a.cn/d/x.html' });
  });

  it('uses the source timezone over the default one', () => {
    const tokyo = source({ type: 'html', timezone: 'Asia/Tokyo', html: { item: 'ul.news li', title: 'a', date: 'span.time', dateFormat: 'YYYY年MM月DD日 HH:mm' } });
    expect(extractItems(tokyo, doc, ctx).items[0]?.publishedAt).toBe('2024-07-04T00:15:00.000Z');
  });

  it('reads every match of the categories selector, without blanks or repeats', () => {
    const tagged = source({ type: 'html', html: { item: 'li', title: 'a.t', categories: 'span.tag' } });
    const text = '<ul><li><a class="t" href="/1">一</a><span class="tag">AI</span><span class="tag"> </span><span class="tag">芯片</span><span class="tag">AI</span></li></ul>';
    expect(extractItems(tagged, { text, finalUrl: 'https://a.cn/' }, ctx).items[0]?.categories).toEqual(['AI', '芯片']);
  });

  it('keeps script and style bodies out of text fields', () => {
    const src = source({ type: 'html', html: { item: 'li', title: 'a', summary: 'div' } });
    const text = '<ul><li><a href="/1">标题<script>track("x")</script></a><div><style>.a{color:red}</style>摘要\n  第二行</div></li></ul>';
    expect(extractItems(src, { text, finalUrl: 'https://a.cn/' }, ctx).items[0]).toMatchObject({ title: '标题', summary: '摘要 第二行' });
  });

  it('takes a stable id when the definition names one', () => {
    const withId = source({ type: 'html', html: { item: 'li', title: 'a', id: 'a@href' } });
    const text = '<ul><li><a href="/n/1">一</a></li><li><a href="/n/2">二</a></li></ul>';
    expect(extractItems(withId, { text, finalUrl: 'https://a.cn/' }, ctx).items.map((i) => i.guid)).toEqual(['/n/1', '/n/2']);
  });
});

describe('a page whose layout changed is a clear source error', () => {
  const cases: [name: string, html: Record<string, string>, message: string][] = [
    ['item selector matches nothing', { item: 'div.list-item', title: 'a' }, '0 items matched selector "div.list-item" on https://tech.example.cn/channel/list.html'],
    ['title selector matches nothing in any item', { item: 'ul.news li', title: 'h2.headline' }, 'title selector "h2.headline" matched nothing in any of the 4 items matched by "ul.news li" on https://tech.example.cn/channel/list.html'],
  ];
  it.each(cases)('%s', (_, html, message) => {
    const src = source({ id: 'changed', type: 'html', html });
    let caught: unknown;
    try {
      extractItems(src, doc, ctx);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ScrapeError);
    expect((caught as ScrapeError).message).toBe(message);
    expect((caught as ScrapeError).sourceId).toBe('changed');
  });

  it('an empty document is the same error, not an empty list', () => {
    const src = source({ type: 'html', html: { item: 'ul.news li', title: 'a' } });
    expect(() => extractItems(src, { text: '', finalUrl: 'https://a.cn/' }, ctx)).toThrow('0 items matched selector "ul.news li" on https://a.cn/');
  });
});
