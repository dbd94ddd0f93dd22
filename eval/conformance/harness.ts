/**
 * Runs the peer corpus (feedparser + rss-parser manifests, see corpus/README.md) through huiju's real decodeBody and
 * a feed reader (huiju's own parseFeed unless told otherwise, see readers.ts) and judges every check. Shared by
 * `npm run conformance` and the floor test (tests/conformance/).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBody, normaliseCharsetLabel } from '../../src/fetch/charset.ts';
import type { ParseContext } from '../../src/parse/index.ts';
import { htmlToText } from '../../src/parse/html.ts';
import type { ParsedFeed, ParsedItem } from '../../src/model/item.ts';
import { parseDocument } from 'htmlparser2';
import { isTag, isText, type AnyNode } from 'domhandler';
import { isHoldout } from './holdout.ts';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

export interface Case {
  id: string;
  file: string;
  format: string;
  category?: string;
  subcategory?: string;
  scope: 'entry' | 'document' | 'feed';
  entry: number | null;
  field: string;
  op: 'equals' | 'count' | 'absent';
  expected: string | null;
  flags?: string[];
  http?: { url: string; headers: Record<string, string> };
}

/** pass/fail, or n/a when huiju's item model has no such field (author e-mail, tag scheme, …). */
export type Verdict = 'pass' | 'fail' | 'n/a';

export type Source = 'feedparser' | 'rss-parser';

/** Decoded feed text → huiju's ParsedFeed: huiju's own parse stage, or a peer library behind huiju's adapter. */
export type ReadFeed = (text: string, ctx: ParseContext) => Promise<ParsedFeed>;

export interface Result {
  source: Source;
  case: Case;
  /** In the holdout (holdout.ts): measured and floored, never read case by case while changing the parser. */
  holdout: boolean;
  /** The reader threw on the document: every check on it fails. */
  threw: boolean;
  /** category (feedparser category, sanitize split by subcategory; rss-parser by format). */
  group: string;
  /** field with list indexes removed: tags[3].term → tags.term. */
  fieldGroup: string;
  verdict: Verdict;
  actual: string | null;
}

// Python codec names (feedparser) ↔ the labels decodeBody reports.
const CHARSET_ALIASES: Record<string, string> = {
  'utf8': 'utf-8',
  'utf_8': 'utf-8',
  'us-ascii': 'ascii',
  'iso-8859-1': 'latin1',
  'iso8859-1': 'latin1',
  'latin-1': 'latin1',
  'windows-1252': 'cp1252',
  'gb2312': 'gb18030',
  'gbk': 'gb18030',
  'utf-16': 'utf-16',
  'utf_16_be': 'utf-16be',
  'utf_16_le': 'utf-16le',
  'utf-32be': 'utf-32be',
  'cp037': 'cp037',
};

/**
 * Both sides named the WHATWG way (the Encoding Standard's label table, which decodeBody follows): us-ascii and
 * iso-8859-1 are labels of windows-1252 there, gb2312 and gbk of the GB family. Python codec names the standard does
 * not know go through the table above.
 */
export function canonicalCharset(name: string): string {
  const n = name.trim().toLowerCase();
  const aliased = CHARSET_ALIASES[n] ?? n;
  return normaliseCharsetLabel(n) ?? normaliseCharsetLabel(aliased) ?? aliased;
}

/** Plain-text comparison: expected values are HTML as the peer serialised it; huiju stores text + its own HTML. */
function asText(value: string | null | undefined): string {
  return value == null ? '' : htmlToText(value);
}

function collapse(value: string | null | undefined): string {
  return (value ?? '').replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

function isoSeconds(iso: string | null): string | null {
  return iso ? iso.replace(/\.000Z$/, 'Z') : null;
}

// What a sanitised fragment must never contain, whatever the peer's own allowlist keeps.
const UNSAFE = [/<script/i, /\son[a-z]+\s*=/i, /javascript:/i, /vbscript:/i, /\sstyle\s*=/i, /<(iframe|object|embed|applet|meta|link|form)\b/i];

/**
 * sanitize_strip is judged by what was removed, not by the peer's serialisation: nothing unsafe is left, and
 * huiju kept no text the peer removed (a script body surviving as text fails). Being stricter than the peer
 * (dropping an <iframe>'s fallback text) passes; `keptAllPeerText` counts how often we kept everything it kept.
 */
function judgeSanitizeStrip(item: ParsedItem | undefined, field: string, expected: string): [Verdict, string | null] {
  const output = field === 'title' ? (item?.title ?? '') : (item?.contentHtml ?? item?.summary ?? '');
  if (UNSAFE.some((re) => re.test(output))) return ['fail', output];
  const peerWords = new Set(words(expected));
  const leaked = words(output).filter((w) => !peerWords.has(w));
  return [leaked.length === 0 ? 'pass' : 'fail', output];
}

function words(htmlOrText: string): string[] {
  return asText(htmlOrText).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** For the report: sanitize_strip cases where huiju also kept every word the peer kept. */
export function keptAllPeerText(r: Result): boolean {
  const mine = new Set(words(r.actual ?? ''));
  return words(r.case.expected ?? '').every((w) => mine.has(w));
}

function entryField(item: ParsedItem | undefined, field: string): string | null | undefined {
  if (!item) return undefined;
  const m = field.match(/^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$/);
  const [, base, indexText, sub] = m ?? [];
  const index = Number(indexText ?? 0);
  switch (base) {
    case 'title':
      return item.title;
    case 'link':
      return item.url;
    case 'id':
      return item.guid;
    case 'published':
      return isoSeconds(item.publishedAt);
    case 'updated':
      return isoSeconds(item.updatedAt);
    case 'summary':
      return item.summary ?? (item.contentHtml ? asText(item.contentHtml) : null);
    case 'content':
      return item.contentHtml;
    case 'author':
      return sub === undefined || sub === 'name' ? item.author : undefined;
    case 'tags':
      if (indexText === undefined && sub === undefined) return String(item.categories.length);
      return sub === 'term' ? (item.categories[index] ?? null) : undefined;
    case 'enclosures': {
      const e = item.enclosures[index];
      if (sub === 'url') return e?.url ?? null;
      if (sub === 'type') return e?.type ?? null;
      if (sub === 'length') return e?.length == null ? null : String(e.length);
      return undefined;
    }
    default:
      return undefined; // authors[N], author.email/uri, tags.scheme/label: not in huiju's model
  }
}

const TEXT_FIELDS = new Set(['title', 'summary', 'content', 'author']);

/**
 * Value-level equivalences that are not differences in meaning: huiju trims ids and links (the peers keep a
 * leading newline), compares URLs as URLs (`https://h:8000` = `https://h:8000/`), and resolves the links
 * rss-parser leaves relative (flag relative_link_unresolved) against the document URL, as an aggregator must.
 */
function canonical(c: Case, value: string | null | undefined, docUrl: string): string | null {
  if (value == null) return null;
  const base = c.field.replace(/\[\d+\]/g, '');
  if (base === 'tags.term') return collapse(value);
  if (base !== 'link' && base !== 'id' && base !== 'enclosures.url') return value;
  const trimmed = value.trim();
  if (base === 'id') return trimmed;
  try {
    return new URL(trimmed, c.flags?.includes('relative_link_unresolved') ? docUrl : undefined).href;
  } catch {
    return trimmed;
  }
}

function judge(c: Case, feed: ParsedFeed | Error, charset: string): [Verdict, string | null] {
  if (c.field === 'encoding') {
    const ok = c.expected !== null && canonicalCharset(charset) === canonicalCharset(c.expected);
    return [ok ? 'pass' : 'fail', charset];
  }
  if (feed instanceof Error) return ['fail', `${feed.name}: ${feed.message}`];
  if (c.field === 'entries') return [String(feed.items.length) === c.expected ? 'pass' : 'fail', String(feed.items.length)];
  if (c.scope === 'feed' && c.field === 'title') return [asText(feed.title) === asText(c.expected) ? 'pass' : 'fail', feed.title];
  const item = feed.items[c.entry ?? 0];
  if (c.subcategory === 'sanitize_strip' && c.expected !== null) return judgeSanitizeStrip(item, c.field, c.expected);
  if (c.category === 'sanitize' && item && c.op === 'equals') {
    // Judged on the text (the peer's allowlist is its own); the HTML is kept as `actual` for the markup report.
    const html = c.field === 'title' ? item.title : (item.contentHtml ?? '');
    return [asText(html) === asText(c.expected) || collapse(html) === collapse(c.expected) ? 'pass' : 'fail', html];
  }
  const actual = entryField(item, c.field);
  if (actual === undefined && item) return ['n/a', null];
  if (c.op === 'absent') return [actual == null ? 'pass' : 'fail', actual ?? null];
  const base = c.field.replace(/\[\d+\]/g, '').split('.')[0] ?? '';
  // Text fields: compared as plain text; the expected value may be markup or literal text with brackets.
  // huiju's title/summary/author are already plain text; only content is HTML.
  const mine = base === 'content' ? asText(actual) : collapse(actual);
  const equal = TEXT_FIELDS.has(base)
    ? mine === asText(c.expected) || mine === collapse(c.expected)
    : canonical(c, actual, documentUrl(c)) === canonical(c, c.expected, documentUrl(c));
  return [equal ? 'pass' : 'fail', actual ?? null];
}

function documentUrl(c: Case): string {
  if (!c.http) return `http://conformance.invalid/${c.file}`;
  const location = c.http.headers['Content-Location'];
  return location ? new URL(location, c.http.url).href : c.http.url;
}

function header(c: Case, name: string): string | null {
  const entry = Object.entries(c.http?.headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return entry?.[1] ?? null;
}

const NOW = new Date('2026-11-01T00:00:00Z');

/** Every check of both manifests, read by `read`. */
export async function runCorpus(read: ReadFeed): Promise<Result[]> {
  const results: Result[] = [];
  for (const source of ['feedparser', 'rss-parser'] as const) {
    const dir = join(CORPUS_DIR, source);
    const cases = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { cases: Case[] }).cases;
    const parsed = new Map<string, Promise<{ feed: ParsedFeed | Error; charset: string }>>();
    for (const c of cases) {
      const key = `${c.file}|${JSON.stringify(c.http ?? null)}`;
      let run = parsed.get(key);
      if (!run) {
        run = (async () => {
          const { text, charset } = decodeBody(readFileSync(join(dir, c.file)), header(c, 'content-type'));
          const ctx = { url: documentUrl(c), timezone: 'UTC', now: NOW };
          const feed = await read(text, ctx).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
          return { feed, charset };
        })();
        parsed.set(key, run);
      }
      const { feed, charset } = await run;
      const [verdict, actual] = judge(c, feed, charset);
      const group = source === 'feedparser' ? (c.subcategory ?? c.category ?? '?') : c.format;
      results.push({ source, case: c, holdout: isHoldout(source, c.file), threw: feed instanceof Error, group, fieldGroup: c.field.replace(/\[\d+\]/g, ''), verdict, actual });
    }
  }
  return results;
}

/** What a reader made of one of the manifests' smoke files: no field check upstream, only "must not crash or hang". */
export interface SmokeRun {
  source: Source;
  file: string;
  /** Upstream's expectation, in words. */
  expect: string;
  /** Items read; null when the reader threw. */
  items: number | null;
  error: unknown;
}

export async function runSmoke(read: ReadFeed): Promise<SmokeRun[]> {
  const runs: SmokeRun[] = [];
  for (const source of ['feedparser', 'rss-parser'] as const) {
    const dir = join(CORPUS_DIR, source);
    const cases = (JSON.parse(readFileSync(join(dir, 'smoke.json'), 'utf8')) as { cases: { file: string; expect: string }[] }).cases;
    for (const c of cases) {
      const { text } = decodeBody(readFileSync(join(dir, c.file)), null);
      const ctx = { url: `http://conformance.invalid/${c.file}`, timezone: 'UTC', now: NOW };
      const run = { source, file: c.file, expect: c.expect };
      try {
        runs.push({ ...run, items: (await read(text, ctx)).items.length, error: null });
      } catch (error) {
        runs.push({ ...run, items: null, error });
      }
    }
  }
  return runs;
}

export interface Tally {
  pass: number;
  fail: number;
  na: number;
}

export function tally(results: Result[], key: (r: Result) => string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of results) {
    const k = key(r);
    const t = out.get(k) ?? { pass: 0, fail: 0, na: 0 };
    if (r.verdict === 'pass') t.pass++;
    else if (r.verdict === 'fail') t.fail++;
    else t.na++;
    out.set(k, t);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** Pass rate over judged checks (n/a excluded), as a percentage with one decimal. */
export function rate(t: Tally): number {
  const judged = t.pass + t.fail;
  return judged === 0 ? 100 : Math.floor((t.pass / judged) * 1000) / 10;
}

/** Markup compared after normalising the DOM (tag case, attribute order, quoting, self-closing, whitespace). */
export function normaliseMarkup(html: string): string {
  const walk = (node: AnyNode): string => {
    if (isText(node)) return node.data.replace(/\s+/g, ' ');
    if (!isTag(node)) return 'children' in node ? node.children.map(walk).join('') : '';
    const attrs = Object.entries(node.attribs)
      .map(([k, v]) => `${k.toLowerCase()}="${v.trim()}"`)
      .sort()
      .join(' ');
    return `<${node.name.toLowerCase()}${attrs ? ` ${attrs}` : ''}>${node.children.map(walk).join('')}</${node.name.toLowerCase()}>`;
  };
  return walk(parseDocument(html)).replace(/\s+/g, ' ').trim();
}

/** For the report: does huiju's sanitised HTML equal the peer's, markup and all (not only its text)? */
export function markupEqual(r: Result): boolean {
  if (r.case.expected === null || r.actual === null) return false;
  return normaliseMarkup(r.actual) === normaliseMarkup(r.case.expected);
}
