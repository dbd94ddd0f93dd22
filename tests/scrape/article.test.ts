import { describe, expect, it } from 'vitest';
import { extractArticle, ScrapeError } from '../../src/scrape/index.ts';
import { ctx, source } from './fixtures.ts';

const page = `<html><body>
<div class="meta"><span class="src">来源：新华网</span><span class="author">作者：王五</span><span class="time">2024-07-04 10:12</span></div>
<div class="article">
  <div class="share"><a href="#">分享</a></div>
  <p onclick="x()">第一段<a href="/more.html">更多</a></p>
  <script>alert(1)</script>
  <img src="pic.jpg" style="width:100px">
</div>
<div class="article"><p>第二块</p></div>
</body></html>`;

const url = 'https://www.example.cn/2024/07/04/a.html';

describe('article pages', () => {
  const src = source({
    type: 'html',
    html: { item: 'li', title: 'a', article: { content: 'div.article', remove: '.share', date: '.meta .time', dateFormat: 'YYYY-MM-DD HH:mm', author: '.meta .author' } },
  });

  it('keeps the sanitised body of every matched block, links made absolute, removed parts gone', () => {
    const { contentHtml } = extractArticle(src, page, url, ctx);
    expect(contentHtml).toContain('<p>第一段<a href="https://www.example.cn/more.html">更多</a></p>');
    expect(contentHtml).toContain('<img src="https://www.example.cn/2024/07/04/pic.jpg" />');
    expect(contentHtml).toContain('<p>第二块</p>');
    expect(contentHtml).not.toMatch(/分享|script|onclick|style=/);
  });

  it('reads the date and author the spec names', () => {
    expect(extractArticle(src, page, url, ctx)).toMatchObject({ publishedAt: '2024-07-04T02:12:00.000Z', dateFlag: null, author: '作者：王五' });
  });

  it('leaves out a date it cannot read instead of overwriting the list date with nothing', () => {
    const article = extractArticle(src, page.replace('2024-07-04 10:12', '未注明'), url, ctx);
    expect(article).not.toHaveProperty('publishedAt');
    expect(article).not.toHaveProperty('dateFlag');
  });

  it('a body selector that matches nothing is a source error', () => {
    const changed = source({ id: 'news', type: 'html', html: { item: 'li', title: 'a', article: { content: '#detailContent' } } });
    expect(() => extractArticle(changed, page, url, ctx)).toThrow(new ScrapeError(`0 elements matched article selector "#detailContent" on ${url}`, 'news'));
  });

  it('a source without article selectors says so', () => {
    const plain = source({ id: 'plain', type: 'json', json: { items: 'x', fields: { title: 't', link: 'u' } } });
    expect(() => extractArticle(plain, page, url, ctx)).toThrow('source "plain" has no "article" selectors');
  });
});

describe('article pages with embedded JSON', () => {
  const data = { props: { pageProps: { detail: { html: '<p>正文</p><div class="ad">广告</div>', by: '<b>记者</b> 甲', at: 1720056600000 } } } };
  const page = `<html><body><script id="__NEXT_DATA__" type="application/json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script></body></html>`;
  const spec = { embedded: 'script#__NEXT_DATA__', content: 'props.pageProps.detail.html', remove: '.ad', date: 'props.pageProps.detail.at', author: 'props.pageProps.detail.by' };

  it('reads body, date and author by JSON paths', () => {
    const src = source({ type: 'json', json: { items: 'x', fields: { title: 't', link: 'u' }, article: spec } });
    expect(extractArticle(src, page, url, ctx)).toEqual({ contentHtml: '<p>正文</p>', author: '记者 甲', publishedAt: '2024-07-04T01:30:00.000Z', dateFlag: null });
  });

  it('a body path that leads nowhere is a source error', () => {
    const src = source({ type: 'json', json: { items: 'x', fields: { title: 't', link: 'u' }, article: { ...spec, content: 'props.pageProps.detailData.content' } } });
    expect(() => extractArticle(src, page, url, ctx)).toThrow(`article JSON path "props.pageProps.detailData.content" has no text on ${url}: "detailData" not found under props.pageProps`);
  });
});
