/**
 * npm run eval:fulltext
 * Speed and quality of the full-text extractor (src/fulltext/) on a labelled set: real article bodies (the full-text
 * entries of the feed fixtures in tests/fixtures/feeds/cn, and the 解放日报 article in tests/fulltext/paragraphs.json),
 * each laid out in three page layouts written for this (tests/fulltext/pages.ts: a news portal with navigation and
 * sidebars, a blog with comments, a bare <article>). The label of a page is its body's text. No real captured article
 * pages exist in the repository, so the layouts, not the bodies, are made up: see docs/full-text.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { readabilityBody } from '../src/fulltext/readability.ts';
import { htmlToText } from '../src/parse/html.ts';
import { parseFeed } from '../src/parse/index.ts';
import { extractArticle } from '../src/scrape/index.ts';
import type { SourceConfig } from '../src/config/schema.ts';
import { barePage, blogPage, PARAGRAPHS, portalPage } from '../tests/fulltext/pages.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const FEEDS = `${root}tests/fixtures/feeds/cn/`;
/** Below this a feed entry is a teaser, not an article body (src/fulltext/stage.ts AUTO_TEASER_CHARS is 200). */
const MIN_BODY = 300;

interface Body {
  origin: string;
  title: string;
  html: string;
  text: string;
}

async function bodies(): Promise<{ bodies: Body[]; teasers: number[] }> {
  const out: Body[] = [];
  const teasers: number[] = [];
  for (const file of readdirSync(FEEDS).filter((f) => f.endsWith('.xml'))) {
    const feed = await parseFeed(readFileSync(FEEDS + file, 'utf8'), { url: 'http://example.cn/', timezone: 'Asia/Shanghai', now: new Date() }).catch(() => null);
    for (const item of feed?.items ?? []) {
      const html = item.contentHtml ?? (item.summary ? `<p>${item.summary}</p>` : '');
      const text = htmlToText(html);
      if ([...text].length >= MIN_BODY) out.push({ origin: file, title: item.title ?? '', html, text });
      else if (file.startsWith('chinanews-scroll')) teasers.push([...text].length);
    }
  }
  const seed = PARAGRAPHS.map((p) => `<p>${p}</p>`).join('');
  out.push({ origin: 'tests/fulltext/paragraphs.json', title: '上海人工智能已形成全产业链布局', html: seed, text: htmlToText(seed) });
  return { bodies: out, teasers };
}

/** Character bigrams with counts: word order matters a little, spacing not at all (Chinese has none). */
function bigrams(text: string): Map<string, number> {
  const chars = [...text.replace(/[\s\u3000\u00a0]+/g, '')];
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

function overlap(got: string, want: string): { precision: number; recall: number } {
  const g = bigrams(got);
  const w = bigrams(want);
  let common = 0;
  for (const [k, n] of g) common += Math.min(n, w.get(k) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { precision: total(g) ? common / total(g) : 0, recall: total(w) ? common / total(w) : 0 };
}

const SELECTOR_SOURCE = { id: 'eval', name: 'eval', url: 'http://example.cn/', type: 'feed', enabled: true, priority: 0 } as SourceConfig;
const SELECTORS: Record<string, string> = { portal: '#detail', blog: '.post-body', bare: 'article' };

const METHODS: Record<string, (html: string, layout: string) => string> = {
  'huiju (Readability + linkedom + link blocks dropped)': (html) => htmlToText(readabilityBody(html, 'http://example.cn/a.html')),
  'Readability + linkedom alone': (html) => {
    const { document } = parseHTML(html);
    const a = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
    return htmlToText(a?.content ?? '');
  },
  'whole page text (baseline)': (html) => htmlToText(html),
  'fullText.selector (cheerio, the right selector)': (html, layout) =>
    htmlToText(extractArticle(SELECTOR_SOURCE, html, 'http://example.cn/a.html', { timezone: 'Asia/Shanghai', now: new Date() }, { content: SELECTORS[layout]! }).contentHtml ?? ''),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { bodies: set, teasers } = await bodies();
const layouts = { portal: portalPage, blog: blogPage, bare: barePage };
const pages = set.flatMap((b) => Object.entries(layouts).map(([layout, make]) => ({ body: b, layout, html: make(b.title, b.html) })));
const origins = [...new Set(set.map((b) => b.origin))].map((o) => `${o} ${set.filter((b) => b.origin === o).length}`);
console.log(`${set.length} real article bodies (${origins.join(', ')}) × ${Object.keys(layouts).length} layouts = ${pages.length} pages`);
console.log(`page size: median ${Math.round(median(pages.map((p) => p.html.length)) / 1024)} kB\n`);
console.log(`${'method'.padEnd(50)} precision  recall  pages ≥0.9/0.9  ms/page (median of 5 runs)`);
for (const [name, run] of Object.entries(METHODS)) {
  let p = 0;
  let r = 0;
  let good = 0;
  const byLayout = new Map<string, number>();
  for (const page of pages) {
    let got = '';
    try {
      got = run(page.html, page.layout);
    } catch {
      got = '';
    }
    const o = overlap(got, page.body.text);
    p += o.precision;
    r += o.recall;
    if (o.precision >= 0.9 && o.recall >= 0.9) {
      good++;
      byLayout.set(page.layout, (byLayout.get(page.layout) ?? 0) + 1);
    }
  }
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (const page of pages) {
      try {
        run(page.html, page.layout);
      } catch {
        // timed all the same
      }
    }
    times.push((performance.now() - start) / pages.length);
  }
  const split = Object.keys(layouts).map((l) => `${l} ${byLayout.get(l) ?? 0}`).join(', ');
  console.log(
    `${name.padEnd(50)} ${(p / pages.length).toFixed(3).padStart(9)}  ${(r / pages.length).toFixed(3).padStart(6)}  ${String(good).padStart(4)}/${pages.length} (${split})  ${median(times).toFixed(2)}`,
  );
}
console.log(`\nchinanews scroll feed teasers: ${teasers.length}, length median ${median(teasers)}, max ${Math.max(...teasers)} characters`);
