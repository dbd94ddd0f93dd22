import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedFeed, ParsedItem } from '../../src/model/item.ts';
import { extractArticle, extractItems, ScrapeError } from '../../src/scrape/index.ts';
import { ctx, source } from './fixtures.ts';

const htmlSource = source({
  type: 'html',
  html: { item: 'li', title: 'a', date: 'span', dateFormat: 'YYYY-MM-DD HH:mm', summary: 'p', article: { content: 'div', date: 'time', author: 'b' } },
});
const jsonSource = source({ type: 'json', json: { items: 'data.list', fields: { title: 't', link: 'u', linkTemplate: 'https://e.cn/{id}', date: 'd', categories: 'c.*' } } });
const embeddedSource = source({ type: 'json', json: { embedded: 'script#d', items: ['a.*', 'b?'], fields: { title: ['t', 'n'], link: 'u', date: 'd' } } });

const text = fc.oneof(fc.string(), fc.constantFrom('', ' ', '标题', '<b>粗</b>', '&amp;', '</li>', '<script>x</script>'));
const href = fc.oneof(fc.string(), fc.constantFrom('/a', '../b', '//x.cn/c', 'javascript:alert(1)', 'mailto:a@b.cn', 'http://[bad', '#top'));
const dateText = fc.oneof(fc.string(), fc.constantFrom('2024-07-04 10:00', '2024-13-45 99:99', '3小时前', '昨天 25:00', '刚刚', '0000-00-00 00:00'));
const anyValue = fc.oneof(fc.anything(), text, href, dateText, fc.integer(), fc.double());

const htmlDoc = fc
  .array(fc.oneof(fc.tuple(text, href, dateText, text).map(([t, h, d, p]) => `<li><a href="${h}">${t}</a><span>${d}</span><p>${p}</p></li>`), fc.string()), { maxLength: 12 })
  .map((parts) => `<ul>${parts.join('')}</ul>`);
const entry = fc.record({ t: anyValue, n: anyValue, u: anyValue, id: anyValue, d: anyValue, c: fc.oneof(fc.array(anyValue), anyValue) }, { requiredKeys: [] });
const jsonDoc = fc.oneof(
  fc.array(entry, { maxLength: 10 }).map((list) => JSON.stringify({ data: { list } })),
  fc.json(),
  fc.string(),
);
const embeddedDoc = fc
  .tuple(fc.array(fc.array(entry, { maxLength: 4 }), { maxLength: 3 }), fc.oneof(fc.constant(undefined), fc.anything()))
  .map(([a, b]) => `<html><script id="d">${JSON.stringify({ a, b }).replace(/</g, '\\u003c')}</script></html>`);

/** The document's items, or null when it was refused with a ScrapeError (anything else escapes and fails the test). */
function outcome(run: () => ParsedFeed): ParsedItem[] | null {
  try {
    return run().items;
  } catch (err) {
    if (err instanceof ScrapeError) return null;
    throw err;
  }
}

describe('any document: well-formed items or a ScrapeError, never another crash', () => {
  const cases = [
    ['html list', htmlSource, htmlDoc],
    ['json api', jsonSource, jsonDoc],
    ['embedded json', embeddedSource, embeddedDoc],
  ] as const;
  it.each(cases)('%s', (_, src, documents) => {
    let withItems = 0;
    fc.assert(
      fc.property(documents, (doc) => {
        const items = outcome(() => extractItems(src, { text: doc, finalUrl: 'https://example.cn/list/' }, ctx));
        if (items === null) return;
        withItems += 1;
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) {
          expect(item.title.trim()).not.toBe('');
          if (item.url !== null) expect(item.url).toMatch(/^https?:\/\//);
          if (item.publishedAt !== null) expect(Number.isNaN(Date.parse(item.publishedAt))).toBe(false);
          for (const c of item.categories) expect(typeof c).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
    // the generators are only worth something if they reach the item mapping
    expect(withItems).toBeGreaterThan(20);
  });

  it('article pages', () => {
    fc.assert(
      fc.property(htmlDoc, text, (list, body) => {
        let article: ReturnType<typeof extractArticle>;
        try {
          article = extractArticle(htmlSource, `${list}<div>${body}<a href="javascript:x()">y</a></div>`, 'https://example.cn/a/1.html', ctx);
        } catch (err) {
          expect(err).toBeInstanceOf(ScrapeError);
          return;
        }
        expect(article.contentHtml ?? '').not.toMatch(/<script|(href|src)="\s*javascript:/i);
      }),
      { numRuns: 300 },
    );
  });
});
