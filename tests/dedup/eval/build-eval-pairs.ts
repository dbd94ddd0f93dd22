/**
 * Builds tests/dedup/eval-pairs.json from the real texts in tests/dedup/fixtures and the hand-written cases.
 * Run: npx tsx tests/dedup/eval/build-eval-pairs.ts. Deterministic; the JSON is committed and is what tests read.
 * Each pair records `how` it was made, so a failure can be judged against its construction.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { HANDMADE, type ItemSpec, type PairSpec } from './handmade.ts';
import type { EvalItem, EvalPair } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

interface Base extends EvalItem {
  id: string;
  feed: string;
}

function tag(xml: string, name: string): string {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return (m?.[1] ?? '').replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1').trim();
}

function htmlToText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<(?:br|\/p)\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

function feedItems(file: string, feed: string, idOf: (url: string) => string, date: (raw: string) => string): Base[] {
  const xml = readFileSync(join(fixtures, file), 'utf8');
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, body]) => {
    const url = tag(body!, 'link');
    return {
      id: idOf(url),
      feed,
      sourceId: feed,
      url,
      title: tag(body!, 'title'),
      text: htmlToText(tag(body!, 'description')),
      publishedAt: date(tag(body!, 'pubDate')),
    };
  });
}

function seedItem(): Base {
  const lines = readFileSync(join(fixtures, 'jfdaily-shanghai-ai-2024-07-04.txt'), 'utf8').split('\n');
  const end = lines.indexOf('相关阅读');
  const body = lines.slice(4, end).filter((l) => l.trim() && !/^(?:文|编辑)\//.test(l));
  return {
    id: 'jf-seed',
    feed: 'jfdaily',
    sourceId: 'jfdaily',
    url: 'https://www.jfdaily.com/news/detail?id=780001',
    title: lines[1]!,
    text: body.join('\n'),
    publishedAt: '2024-07-03T23:21:00.000Z',
  };
}

/** The 相关阅读 headlines under the seed article: real, title-only, different stories on the same theme. */
function relatedHeadlines(): Base[] {
  const lines = readFileSync(join(fixtures, 'jfdaily-shanghai-ai-2024-07-04.txt'), 'utf8').split('\n');
  const start = lines.indexOf('相关阅读') + 1;
  const out: Base[] = [];
  for (let i = start; i + 1 < lines.length && lines[i] !== '最新评论'; i += 2) {
    const [outlet, day] = lines[i + 1]!.split(' ');
    out.push({
      id: `rel-${out.length}`,
      feed: outlet!,
      sourceId: outlet!,
      url: null,
      title: lines[i]!,
      text: '',
      publishedAt: '2024-07-04T02:00:00.000Z', // placed inside the seed's window on purpose: only the text may part them
    });
    void day;
  }
  return out;
}

const chinanews = feedItems(
  'chinanews-scroll-news-2026-04-19.xml',
  'chinanews',
  (u) => `cn-${/(\d+)\.shtml$/.exec(u)![1]}`,
  (d) => new Date(d).toISOString(),
);
const people = feedItems(
  'people-politics-2020-08-25.trimmed.xml',
  'people',
  (u) => `pp-${/-(\d+)\.html$/.exec(u)![1]}`,
  (d) => `${d}T08:00:00.000Z`,
);
const seed = seedItem();
const related = relatedHeadlines();
const bases = new Map<string, Base>([...chinanews, ...people, seed].map((b) => [b.id, b]));

const shift = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3600_000).toISOString();
const plain = ({ sourceId, url, title, text, publishedAt }: EvalItem): EvalItem => ({ sourceId, url, title, text, publishedAt });
const folded = (s: string) => s.replace(/[\p{P}\p{S}\s]/gu, '');
const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
const firstSentence = (s: string) => {
  const i = s.indexOf('。');
  return i > 0 && i < s.length - 1 ? s.slice(0, i + 1) : s.slice(0, Math.max(20, Math.floor(s.length * 0.6)));
};
/** The wire dateline of a body, if it has one, so a variant can drop it the way reprinting outlets do. */
const DATELINE = /^\s*\S{0,12}?\d{1,2}月\d{1,2}日电\s*(?:[（(][^）)]*[）)])?/;

const PREFIXES = ['新华社电｜', '【快讯】', '', '海报 | '];
const SUFFIXES = ['—新华网', '_新华网', '|澎湃新闻', ' - 新浪新闻', '_中国网', '_科技频道_新华网'];
const TRACKING = ['?utm_source=wechat&utm_medium=social', '?spm=C73544894212.P59511941341.0.0', '?from=timeline&isappinstalled=0', '?share_token=ab12&tt_from=weixin'];

function variants(b: Base, i: number): EvalPair[] {
  const out: EvalPair[] = [];
  const add = (how: string, v: EvalItem) => out.push({ label: 'same', how: `${b.id}: ${how}`, a: plain(b), b: v });
  const reprintUrl = (host: string) => `https://${host}/${b.id}.html${TRACKING[i % TRACKING.length]}`;
  add('wire reprint by another outlet: outlet label on the headline, dateline dropped, tracking URL, +2h', {
    sourceId: 'reprint-a',
    url: reprintUrl('news.example-a.cn'),
    title: `${PREFIXES[i % PREFIXES.length]}${b.title}${i % 2 ? SUFFIXES[i % SUFFIXES.length] : ''}`,
    text: b.text.replace(DATELINE, ''),
    publishedAt: shift(b.publishedAt, 2),
  });
  add('Traditional-script reprint (opencc cn→tw) of headline and body, +5h', {
    sourceId: 'reprint-tw',
    url: reprintUrl('www.example-tw.com.tw'),
    title: toTraditional(b.title),
    text: toTraditional(b.text),
    publishedAt: shift(b.publishedAt, 5),
  });
  add('trimmed summary (first sentence, or 60%), outlet suffix on the headline, +26h', {
    sourceId: 'reprint-b',
    url: reprintUrl('www.example-b.cn'),
    title: `${b.title}${SUFFIXES[(i + 1) % SUFFIXES.length]}`,
    text: firstSentence(b.text.trim()),
    publishedAt: shift(b.publishedAt, 26),
  });
  add('full-width ASCII and ideographic spaces, credit line appended, −1h', {
    sourceId: 'reprint-c',
    url: reprintUrl('m.example-c.cn'),
    title: toFullWidth(b.title),
    text: `${toFullWidth(b.text)}（责任编辑：王小明）`,
    publishedAt: shift(b.publishedAt, -1),
  });
  add('edited reprint: "据新华社消息，" lead-in, second sentence dropped, common words swapped, +3h', {
    sourceId: 'reprint-d',
    url: reprintUrl('www.example-d.cn'),
    title: b.title,
    text: editLightly(b.text),
    publishedAt: shift(b.publishedAt, 3),
  });
  return out;
}

/** A copy-editor's pass: attribution added, one sentence cut, a few words swapped for synonyms. */
function editLightly(text: string): string {
  const sentences = text.replace(DATELINE, '').trim().split(/(?<=。)/);
  if (sentences.length >= 3) sentences.splice(1, 1);
  const swapped = sentences
    .join('')
    .replace(/表示/g, '称')
    .replace(/今天/g, '今日')
    .replace(/目前/g, '当前')
    .replace(/已经/g, '已')
    .replace(/进行/g, '开展');
  return `据新华社消息，${swapped}`;
}

function resolve(spec: ItemSpec): EvalItem {
  const base = spec.base ? bases.get(spec.base) : undefined;
  if (spec.base && !base) throw new Error(`unknown base item ${spec.base}`);
  const text = spec.text ?? base?.text ?? '';
  const at = spec.at ?? base?.publishedAt;
  if (!at) throw new Error('item needs a base or `at`');
  return {
    sourceId: spec.sourceId ?? base?.sourceId ?? 'handmade',
    url: spec.url !== undefined ? spec.url : (base?.url ?? null),
    title: spec.title ?? base?.title ?? '',
    text: spec.trimTo ? text.trim().slice(0, spec.trimTo) : text,
    publishedAt: shift(at, spec.shiftHours ?? 0),
  };
}

const pairs: EvalPair[] = [];
// Positives: four realistic reprint variants of every real item with a body worth the name.
[...chinanews, ...people, seed]
  .filter((b) => folded(b.text).length >= 30 && folded(b.text) !== folded(b.title))
  .forEach((b, i) => {
    pairs.push(...variants(b, i));
  });
// Negatives: every two distinct real items of one feed (same day, often same topic or same wire boilerplate).
for (const feed of [chinanews, people]) {
  for (let i = 0; i < feed.length; i++) {
    for (let j = i + 1; j < feed.length; j++) {
      const [x, y] = [feed[i]!, feed[j]!];
      pairs.push({ label: 'different', how: `real items ${x.id} vs ${y.id}: two stories of one feed`, a: plain(x), b: plain(y) });
    }
  }
}
// Negatives: the seed's related headlines against the seed and each other (same theme, other stories).
for (let i = 0; i < related.length; i++) {
  const r = related[i]!;
  pairs.push({ label: 'different', how: `real related headline ${r.id} vs the seed article`, a: plain(seed), b: plain(r) });
  for (let j = i + 1; j < related.length; j++) {
    pairs.push({ label: 'different', how: `real related headlines ${r.id} vs rel-${j}`, a: plain(r), b: plain(related[j]!) });
  }
}
pairs.push(...HANDMADE.map((p: PairSpec) => ({ label: p.label, how: `handmade: ${p.how}`, a: resolve(p.a), b: resolve(p.b) })));

writeFileSync(join(here, '..', 'eval-pairs.json'), `${JSON.stringify(pairs, null, 1)}\n`);
const same = pairs.filter((p) => p.label === 'same').length;
console.log(`wrote ${pairs.length} pairs: ${same} same, ${pairs.length - same} different`);
