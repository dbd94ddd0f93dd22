/**
 * Issue 17.6: one entry nested 100,000 levels deep must not take its feed down (it used to end in "Maximum call stack
 * size exceeded", after half a minute of parsing). The entry is dropped or flattened, its siblings are kept, and the
 * feed's warnings name it.
 */
import { describe, expect, it } from 'vitest';
import { htmlToText, sanitiseContent } from '../../src/parse/html.ts';
import { parseFeed } from '../../src/parse/index.ts';
import { parseDocument } from 'htmlparser2';
import { getOuterHTML as render } from 'domutils';
import { cappedParsing, MAX_NESTING, nestingReport } from '../../src/parse/nesting.ts';
import { ctx } from './helpers.ts';

const N = 100_000;
const deep = (open: string, close: string, inner = 'deep') => open.repeat(N) + inner + close.repeat(N);

function rss(badBody: string): string {
  const item = (i: number, body = '') => `<item><title>t${i}</title><link>https://x.example/${i}</link>${body}</item>`;
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>c</title>${item(1)}${item(2, badBody)}${item(3)}</channel></rss>`;
}

function atom(badContent: string): string {
  const entry = (i: number, body = '') => `<entry><id>urn:x:${i}</id><title>t${i}</title><link href="https://x.example/${i}"/>${body}</entry>`;
  return `<feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>${entry(1)}${entry(2, badContent)}${entry(3)}</feed>`;
}

/** Max element depth of an HTML fragment, counted without recursion. */
function depthOf(html: string): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(/<(\/?)[a-z][^>]*?(\/?)>/gi)) {
    if (m[1]) depth--;
    else if (!m[2] && !/^<(img|br|hr|source)\b/i.test(m[0])) max = Math.max(max, ++depth);
  }
  return max;
}

const TIME_LIMIT_MS = 10_000;

async function parseTimed(text: string) {
  const started = performance.now();
  const feed = await parseFeed(text, ctx('https://x.example/feed.xml'));
  return { feed, ms: performance.now() - started };
}

describe('an entry nested 100,000 levels deep', () => {
  const dropped = [
    ['unknown elements inside the item', rss(deep('<x>', '</x>'))],
    ['inline HTML in the description', rss(`<description>${deep('<div>', '</div>')}</description>`)],
    ['elements that never close', rss('<x>'.repeat(N))],
    ['markup inside a category', rss(`<dc:subject>${deep('<b>', '</b>')}</dc:subject>`)],
    ['Atom XHTML content', atom(`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${deep('<div>', '</div>')}</div></content>`)],
  ] as const;

  it.each(dropped)('%s: the entry is dropped and named, its siblings kept', async (_name, text) => {
    const { feed, ms } = await parseTimed(text);
    expect(feed.items.map((i) => i.title)).toEqual(['t1', 't3']);
    expect(feed.items.map((i) => i.url)).toEqual(['https://x.example/1', 'https://x.example/3']);
    expect(feed.warnings).toEqual([expect.stringMatching(new RegExp(`^dropped an entry nested more than ${MAX_NESTING} levels deep: "t2"`))]);
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
  });

  const flattened = [
    ['escaped HTML in the description', rss(`<description>${deep('&lt;div&gt;', '&lt;/div&gt;')}</description>`)],
    ['HTML in CDATA', rss(`<content:encoded><![CDATA[${deep('<div>', '</div>')}]]></content:encoded>`)],
    ['escaped Atom HTML', atom(`<content type="html">${deep('&lt;p&gt;&lt;span&gt;', '&lt;/span&gt;&lt;/p&gt;')}</content>`)],
  ] as const;

  it.each(flattened)('%s: the entry is flattened and named, every entry kept', async (_name, text) => {
    const { feed, ms } = await parseTimed(text);
    expect(feed.items.map((i) => i.title)).toEqual(['t1', 't2', 't3']);
    const bad = feed.items[1]!;
    expect(bad.summary ?? '').toContain('deep');
    expect(depthOf(bad.contentHtml ?? '')).toBeLessThanOrEqual(MAX_NESTING);
    expect(feed.warnings).toEqual([expect.stringMatching(new RegExp(`^flattened HTML nested more than ${MAX_NESTING} levels deep in an entry: "t2"`))]);
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
  });

  it('names an untitled entry by its link', async () => {
    const text = rss(deep('<x>', '</x>')).replace('<title>t2</title>', '');
    const { feed } = await parseTimed(text);
    expect(feed.warnings[0]).toMatch(/: https:\/\/x\.example\/2$/);
  });

  it('deep markup outside any entry is flattened, and every entry kept', async () => {
    const text = rss('').replace('<title>c</title>', `<title>c</title><junk>${deep('<x>', '</x>')}</junk>`);
    const { feed } = await parseTimed(text);
    expect(feed.items.map((i) => i.title)).toEqual(['t1', 't2', 't3']);
    expect(feed.warnings).toEqual([`flattened markup nested more than ${MAX_NESTING} levels deep outside any entry`]);
  });
});

describe('nesting within the limit is untouched', () => {
  it('an entry nested 200 levels deep parses as before, without a warning', async () => {
    const html = `${'<div>'.repeat(200)}<p>正文</p>${'</div>'.repeat(200)}`;
    const { feed } = await parseTimed(rss(`<description>${html}</description>`));
    expect(feed.items).toHaveLength(3);
    expect(feed.warnings).toEqual([]);
    expect(depthOf(feed.items[1]!.contentHtml!)).toBe(201);
  });

  it('a capped read of markup within the limit builds the same tree as an uncapped one', () => {
    const html = '<p>一<p>二<ul><li>a<li>b</ul><br><img src="x"><br/></p>'.repeat(400);
    expect(capped(html, false, MAX_NESTING)).toEqual({ text: render(parseDocument(html), { xmlMode: false }), capped: false });
    const xml = '<a><b/><c>x</c></a>'.repeat(400);
    expect(capped(xml, true, MAX_NESTING)).toEqual({ text: render(parseDocument(xml, { xmlMode: true }), { xmlMode: true }), capped: false });
  });
});

/** Markup read through the capping tokenizer and written out again. */
function capped(text: string, xml: boolean, limit: number): { text: string; capped: boolean } {
  const report = nestingReport();
  const doc = parseDocument(text, { xmlMode: xml, ...cappedParsing(report, limit) });
  return { text: render(doc, { xmlMode: xml }), capped: report.capped };
}

describe('the capping tokenizer mirrors the parser', () => {
  const cases: [string, string, boolean, number, string][] = [
    ['XML: the level past the cap goes, its text stays', '<a><b><c><d>x</d></c></b></a>', true, 3, '<a><b><c>x</c></b></a>'],
    ['XML: self-closing elements do not nest', '<a><b/><b/><b/><c/></a>', true, 2, '<a><b/><b/><b/><c/></a>'],
    ['XML: names are case-sensitive', '<a><A><b>x</b></A></a>', true, 2, '<a><A>x</A></a>'],
    ['HTML: void elements do not nest', '<div><br><img src="a"><hr><br></div>', false, 1, '<div><br><img src="a"><hr><br></div>'],
    ['HTML: <p> and <li> close their open namesakes', '<div><p>a<p>b<ul><li>1<li>2</ul></div>', false, 3, '<div><p>a<p>b<ul><li>1<li>2</ul></div>'],
    ['HTML: a cut <script> goes with its content, which is not markup', '<a><b><script>if (a<b) x("<i>")</script>t</b></a>', false, 2, '<a><b>t</b></a>'],
    ['HTML: tag names are read case-blind', '<DIV><Div><div>x</DIV></div></div>', false, 2, '<DIV><Div>x</DIV></div>'],
  ];
  it.each(cases)('%s', (_name, text, xml, limit, want) => {
    const out = capped(text, xml, limit);
    expect(out.text).toBe(capped(want, xml, 1000).text);
    expect(out.capped).toBe(want !== text);
  });
});

describe('the HTML helpers never overflow', () => {
  const html = deep('<div><span>', '</span></div>');
  it('sanitiseContent flattens and keeps the text', () => {
    const out = sanitiseContent(html, 'https://x.example/');
    expect(out).toContain('deep');
    expect(depthOf(out)).toBeLessThanOrEqual(MAX_NESTING);
  });
  it('htmlToText keeps the text', () => {
    expect(htmlToText(html)).toBe('deep');
  });
});
