/**
 * Issue 17.5: a 5 MB <title> was stored whole and then served in every page, feed and API response. Every item
 * field a reader sees has a documented cap (ITEM_CAPS), applied once, in the normalise stage every item passes, and
 * to article bodies read after it; text is cut at a grapheme boundary and ends with "…".
 */
import { describe, expect, it } from 'vitest';
import type { ParsedItem } from '../../src/model/item.ts';
import { capItem, ITEM_CAPS } from '../../src/normalise/caps.ts';
import { normaliseItems } from '../../src/normalise/item.ts';
import { parseFeed } from '../../src/parse/index.ts';
import { extractArticle } from '../../src/scrape/index.ts';
import { truncateText } from '../../src/text/truncate.ts';
import { ctx as scrapeCtx, source } from '../scrape/fixtures.ts';
import { ctx } from './helpers.ts';

const MB5 = 5 * 1024 * 1024;
const MB1 = 1024 * 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NOW = new Date('2026-11-01T00:00:00Z');

function item(over: Partial<ParsedItem>): ParsedItem {
  return {
    guid: 'g1',
    url: 'https://x.example/1',
    title: '上海34款大模型通过备案',
    summary: '截至今年6月中旬，上海市已有34款大模型通过备案。',
    contentHtml: '<p>截至今年6月中旬，上海市已有<b>34款</b>大模型通过备案。</p>',
    author: '新华社',
    publishedAt: '2026-10-31T00:00:00.000Z',
    updatedAt: null,
    dateFlag: null,
    categories: ['科技'],
    enclosures: [],
    ...over,
  };
}

/** Element depth never goes negative and ends at zero: every tag the cut left open was closed. */
function balanced(html: string): boolean {
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*?(\/?)>/gi)) {
    if (/^(img|br|hr|source)$/i.test(m[2]!) || m[3]) continue;
    depth += m[1] ? -1 : 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe('a feed with a 5 MB title, 1 MB summary, author and body, and 2,000 categories of 300 characters', () => {
  const huge = (s: string, size = MB1) => s.repeat(Math.ceil(size / s.length)).slice(0, size);
  const doc = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${huge('频道', MB5)}</title>
    <item><title>${huge('大模型', MB5)}</title><link>https://x.example/1</link>
      <description>${huge('备案。')}</description><dc:creator>${huge('作者')}</dc:creator>
      ${Array.from({ length: 2_000 }, (_, i) => `<category>${'类'.repeat(300)}${i}</category>`).join('')}
      <content:encoded><![CDATA[${huge('<p>段落<b>加粗</b>文字</p>')}]]></content:encoded></item>
    <item><title>正常</title><link>https://x.example/2</link></item></channel></rss>`;

  it('stores and serves every field within its cap', { timeout: 120_000 }, async () => {
    const feed = await parseFeed(doc, ctx());
    const [big, normal] = normaliseItems('s', feed.items, NOW);
    expect(big!.title.length).toBe(ITEM_CAPS.title);
    expect(big!.title.endsWith('…')).toBe(true);
    expect(big!.summary!.length).toBeLessThanOrEqual(ITEM_CAPS.summary);
    expect(big!.summary!.endsWith('…')).toBe(true);
    expect(big!.author!.length).toBeLessThanOrEqual(ITEM_CAPS.author);
    expect(big!.categories.length).toBe(ITEM_CAPS.categories);
    for (const c of big!.categories) expect(c.length).toBeLessThanOrEqual(ITEM_CAPS.category);
    expect(big!.contentHtml!.length).toBeLessThanOrEqual(ITEM_CAPS.body);
    expect(big!.contentHtml!.length).toBeGreaterThan(ITEM_CAPS.body * 0.9);
    expect(big!.contentHtml).toContain('…');
    expect(balanced(big!.contentHtml!)).toBe(true);
    expect(big!.text.length).toBeLessThanOrEqual(ITEM_CAPS.body);
    expect(normal!.title).toBe('正常');
    expect(feed.title!.length).toBe(ITEM_CAPS.title);
  });
});

describe('items within the caps are left alone', () => {
  it('every field, and so the content hash, is unchanged', () => {
    const it1 = item({});
    expect(capItem(it1)).toBe(it1);
    const [n] = normaliseItems('s', [it1], NOW);
    expect(n).toMatchObject({ title: it1.title, summary: it1.summary, contentHtml: it1.contentHtml, author: it1.author, categories: it1.categories });
  });

  it('a value exactly at its cap is kept whole', () => {
    const title = '字'.repeat(ITEM_CAPS.title);
    expect(capItem(item({ title })).title).toBe(title);
  });
});

describe('truncateText', () => {
  it('cuts to the cap, ending with an ellipsis', () => {
    expect(truncateText('abcdefghij', 5)).toBe('abcd…');
    expect(truncateText('abc', 5)).toBe('abc');
  });

  it('drops whitespace before the ellipsis', () => {
    expect(truncateText('abc   defghij', 6)).toBe('abc…');
  });

  it('never splits a surrogate pair', () => {
    for (let cap = 2; cap < 12; cap++) {
      const out = truncateText('😀'.repeat(20), cap);
      expect(out.length).toBeLessThanOrEqual(cap);
      expect(out).not.toMatch(LONE_SURROGATE);
    }
  });

  it('never splits a grapheme (a ZWJ family, a flag, a combining accent)', () => {
    for (const g of ['👨‍👩‍👧', '🇨🇳', 'e\u0301']) {
      for (let cap = 3; cap < 14; cap++) {
        const out = truncateText(`ab${g}${g}cdefghijklmnop`, cap);
        expect(out.length).toBeLessThanOrEqual(cap);
        const kept = out.slice(2, -1);
        expect(kept === '' || kept === g || kept === g + g || kept.startsWith(g + g)).toBe(true);
      }
    }
  });
});

describe('article bodies read after the list are capped too', () => {
  it('a 1 MB article page gives a capped body', { timeout: 120_000 }, () => {
    const src = source({ type: 'html', html: { item: 'li', title: 'a', article: { content: 'div.article' } } });
    const page = `<html><body><div class="article">${'<p>很长的正文</p>'.repeat(MB1 / 12)}</div></body></html>`;
    const { contentHtml } = extractArticle(src, page, 'https://www.example.cn/a.html', scrapeCtx);
    expect(contentHtml!.length).toBeLessThanOrEqual(ITEM_CAPS.body);
    expect(contentHtml).toMatch(/…(<\/p>)?$/);
    expect(balanced(contentHtml!)).toBe(true);
  });
});
