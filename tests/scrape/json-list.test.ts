import { describe, expect, it } from 'vitest';
import { extractItems, ScrapeError } from '../../src/scrape/index.ts';
import { describeMiss, selectAll } from '../../src/scrape/json-path.ts';
import { fillTemplate } from '../../src/scrape/link-template.ts';
import { ctx, source } from './fixtures.ts';

const api = {
  code: 0,
  data: {
    groups: [
      { name: 'a', items: [{ id: 1, t: '一', when: 1720056600 }] },
      { name: 'b', items: [{ id: 2, t: '二', when: 1720060200 }, { id: 3, t: '三' }] },
    ],
    list: [
      { id: 'x1', info: { title: '<em>大模型</em> 周报', brief: ' ' }, path: '/a/x1.html', ts: 1720056600000 },
      { id: 'x2', info: { title: '无路径条目' }, ts: '2024-07-04 09:00' },
      { id: 'x3', info: { title: '' } },
    ],
  },
};

describe('json paths', () => {
  const cases: [path: string, expected: unknown[]][] = [
    ['data.list[0].id', ['x1']],
    ['data.list.1.id', ['x2']],
    ['data.groups.*.name', ['a', 'b']],
    ['data.groups[*].items.*.id', [1, 2, 3]],
    ['data.missing', []],
    ['data.list.9', []],
    ['code.deeper', []],
  ];
  it.each(cases)('%s', (path, expected) => expect(selectAll(api, path)).toEqual(expected));

  it('says where a path stops leading anywhere', () => {
    expect(describeMiss(api, 'data.items.list')).toBe('"items" not found under data, which is an object with keys groups, list');
    expect(describeMiss([1, 2], 'list')).toBe('"list" not found under (document root), which is an array of 2');
  });
});

describe('link templates', () => {
  it('fills placeholders from the item, URL-encoded', () => {
    expect(fillTemplate('https://www.thepaper.cn/newsDetail_forward_{contId}', { contId: 27981234 })).toBe('https://www.thepaper.cn/newsDetail_forward_27981234');
    expect(fillTemplate('https://a.cn/{meta.slug}?from={src}', { meta: { slug: 'a/b c' }, src: '榜' })).toBe('https://a.cn/a%2Fb%20c?from=%E6%A6%9C');
  });
  it('gives no link rather than a broken one when a value is missing', () => {
    expect(fillTemplate('https://a.cn/{id}', { other: 1 })).toBeNull();
    expect(fillTemplate('https://a.cn/{id}', { id: '' })).toBeNull();
  });
});

describe('json sources', () => {
  const doc = { text: JSON.stringify(api), finalUrl: 'https://api.example.cn/v1/feed?page=1' };

  it('maps fields, prefers the link field and falls back to the template', () => {
    const src = source({
      type: 'json',
      json: { items: 'data.list', fields: { title: 'info.title', link: 'path', linkTemplate: 'https://www.example.cn/n/{id}', date: 'ts', summary: 'info.brief', id: 'id' } },
    });
    const feed = extractItems(src, doc, ctx);
    expect(feed.format).toBe('json');
    expect(feed.items.map((i) => [i.guid, i.title, i.url, i.publishedAt, i.summary])).toEqual([
      ['x1', '大模型 周报', 'https://api.example.cn/a/x1.html', '2024-07-04T01:30:00.000Z', null],
      ['x2', '无路径条目', 'https://www.example.cn/n/x2', '2024-07-04T01:00:00.000Z', null],
    ]);
    expect(feed.warnings).toEqual(['1 of 3 items had no title at "info.title" and were skipped']);
  });

  it('concatenates the arrays a wildcard reaches, and several item paths', () => {
    const src = source({
      type: 'json',
      json: { items: ['data.groups.*.items', 'data.list'], fields: { title: 't', linkTemplate: 'https://e.cn/{id}', date: 'when' } },
    });
    const feed = extractItems(src, doc, ctx);
    expect(feed.items.map((i) => i.url)).toEqual(['https://e.cn/1', 'https://e.cn/2', 'https://e.cn/3']);
    expect(feed.items.map((i) => i.dateFlag)).toEqual([null, null, 'missing']);
  });

  const errors: [name: string, text: string, items: string | string[], message: string][] = [
    ['path leads nowhere', JSON.stringify(api), 'data.items', 'JSON path "data.items" leads nowhere in https://api.example.cn/v1/feed?page=1: "items" not found under data, which is an object with keys groups, list'],
    ['path is not an array', JSON.stringify(api), 'data.list.0', 'JSON path "data.list.0" in https://api.example.cn/v1/feed?page=1 is object, not an array of items'],
    ['empty list', '{"data":{"list":[]}}', 'data.list', '0 items at JSON path "data.list" in https://api.example.cn/v1/feed?page=1'],
    ['response is an HTML error page', '<html><body>访问过于频繁</body></html>', 'data.list', 'response from https://api.example.cn/v1/feed?page=1 is not JSON'],
    ['every title empty', '{"data":{"list":[{"t":""},{"x":1}]}}', 'data.list', 'title field "t" is empty in all 2 items at "data.list" in https://api.example.cn/v1/feed?page=1'],
  ];
  it.each(errors)('%s → ScrapeError', (_, text, items, message) => {
    const src = source({ type: 'json', json: { items, fields: { title: 't', link: 'u' } } });
    const run = () => extractItems(src, { text, finalUrl: doc.finalUrl }, ctx);
    expect(run).toThrow(ScrapeError);
    expect(run).toThrow(message);
  });

  it('an optional path (ending in ?) may be missing, the others may not', () => {
    const src = source({ type: 'json', json: { items: ['data.list', 'data.top?'], fields: { title: 'info.title', link: 'path' } } });
    expect(extractItems(src, doc, ctx).items).toHaveLength(2);
    const strict = source({ type: 'json', json: { items: ['data.top', 'data.list'], fields: { title: 'info.title', link: 'path' } } });
    expect(() => extractItems(strict, doc, ctx)).toThrow('JSON path "data.top" leads nowhere');
  });
});

describe('JSON embedded in a page', () => {
  const nextData = { props: { pageProps: { data: { list: [{ contId: 7, name: '嵌入 &amp; 标题', pubTimeLong: 1720056600000 }] } } } };
  const page = (script: string) => `<!DOCTYPE html><html><head></head><body><div id="__next">…</div>${script}</body></html>`;
  const src = source({
    type: 'json',
    url: 'https://m.example.cn/',
    json: { embedded: 'script#__NEXT_DATA__', items: 'props.pageProps.data.list', fields: { title: 'name', linkTemplate: 'https://www.example.cn/detail/{contId}', date: 'pubTimeLong' } },
  });

  it('reads __NEXT_DATA__', () => {
    const text = page(`<script id="__NEXT_DATA__" type="application/json">${JSON.stringify(nextData)}</script>`);
    const [item] = extractItems(src, { text, finalUrl: 'https://m.example.cn/' }, ctx).items;
    expect(item).toMatchObject({ title: '嵌入 & 标题', url: 'https://www.example.cn/detail/7', publishedAt: '2024-07-04T01:30:00.000Z' });
  });

  it('reads a state object assigned in a plain script', () => {
    const state = source({ type: 'json', json: { embedded: 'script:contains("__INITIAL_STATE__")', items: 'props.pageProps.data.list', fields: { title: 'name', linkTemplate: 'https://e.cn/{contId}' } } });
    const text = page(`<script>window.__INITIAL_STATE__ = ${JSON.stringify(nextData)};</script>`);
    expect(extractItems(state, { text, finalUrl: 'https://m.example.cn/' }, ctx).items[0]?.url).toBe('https://e.cn/7');
  });

  const errors: [name: string, script: string, message: string][] = [
    ['script missing', '', 'no element matched embedded-JSON selector "script#__NEXT_DATA__" on https://m.example.cn/'],
    ['script empty', '<script id="__NEXT_DATA__"></script>', 'element "script#__NEXT_DATA__" on https://m.example.cn/ holds no JSON'],
    ['script broken', '<script id="__NEXT_DATA__">{"props": {</script>', 'element "script#__NEXT_DATA__" on https://m.example.cn/ holds invalid JSON'],
  ];
  it.each(errors)('%s → ScrapeError', (_, script, message) => {
    expect(() => extractItems(src, { text: page(script), finalUrl: 'https://m.example.cn/' }, ctx)).toThrow(message);
  });
});

describe('field mapping extras', () => {
  const text = JSON.stringify({
    list: [
      { contId: 1, originalContId: 11, name: '甲', publishTime: '2024-07-04 08:00:00', tagList: [{ tag: 'AI' }, { tag: '芯片' }, { tag: 'AI' }] },
      { contId: 2, name: '乙', pubTimeLong: 1720056600000, tags: ['大模型', ' '] },
      { contId: 1, originalContId: 11, name: '甲（置顶重复）' },
    ],
  });
  const doc = { text, finalUrl: 'https://api.example.cn/list' };

  it('tries fallback paths in order, and reads categories through a wildcard or as an array', () => {
    const src = source({
      type: 'json',
      json: {
        items: 'list',
        fields: { title: 'name', id: ['originalContId', 'contId'], linkTemplate: 'https://e.cn/{contId}', date: ['pubTimeLong', 'publishTime'], categories: 'tagList.*.tag' },
      },
    });
    const feed = extractItems(src, doc, ctx);
    expect(feed.items.map((i) => [i.guid, i.publishedAt, i.categories])).toEqual([
      ['11', '2024-07-04T00:00:00.000Z', ['AI', '芯片']],
      ['2', '2024-07-04T01:30:00.000Z', []],
    ]);
    expect(feed.warnings).toEqual(["1 items repeated an earlier item's link and were dropped"]);
    const arrays = source({ type: 'json', json: { items: 'list', fields: { title: 'name', linkTemplate: 'https://e.cn/{contId}', categories: 'tags' } } });
    expect(extractItems(arrays, doc, ctx).items[1]?.categories).toEqual(['大模型']);
  });
});
