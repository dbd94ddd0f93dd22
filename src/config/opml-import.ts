import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { load } from 'cheerio';
import { describeReadError, formatProblems, loadConfig, validateConfigText } from './load.ts';
import { arraySpan, indentAt, topLevelMembers } from './json-text.ts';

/** One subscription read from an OPML file. */
export interface OpmlFeed {
  title: string;
  xmlUrl: string;
  /** The folders it is in, outermost first, joined with " / "; undefined at the top level. */
  group?: string;
}

export interface AddedSource {
  id: string;
  name: string;
  url: string;
  group?: string;
}

export interface SkippedFeed {
  url: string;
  title: string;
  reason: string;
}

export interface OpmlImport {
  added: AddedSource[];
  skipped: SkippedFeed[];
  /** The new feeds.json text: the old one, byte for byte, with the new sources inserted into "sources". */
  text: string;
}

export class OpmlError extends Error {
  override readonly name = 'OpmlError';
}

/** Every outline with an xmlUrl, at any depth, in document order; the folders (outlines) around it are its group. */
export function readOpml(text: string): OpmlFeed[] {
  const $ = load(text, { xml: true });
  if ($.root().children('opml').length === 0) throw new OpmlError('not an OPML file: the document has no <opml> root element');
  const label = (o: ReturnType<typeof $>) => (o.attr('title') ?? o.attr('text') ?? '').trim();
  return $('outline')
    .toArray()
    .map((el) => $(el))
    .filter((o) => o.attr('xmlUrl') !== undefined)
    .map((o) => {
      const folders = o
        .parents('outline')
        .toArray()
        .reverse()
        .map((f) => label($(f)))
        .filter(Boolean);
      const feed: OpmlFeed = { title: label(o), xmlUrl: o.attr('xmlUrl')!.trim() };
      if (folders.length) feed.group = folders.join(' / ');
      return feed;
    });
}

/** `feed://host/path` (and `feed:https://…`), as some sites and readers write feed links, as the http(s) URL it stands for. */
export function fromFeedScheme(url: string): string {
  const t = url.trim();
  if (/^feed:\/\/https?:\/\//i.test(t)) return t.slice('feed://'.length);
  if (/^feed:\/\//i.test(t)) return `https://${t.slice('feed://'.length)}`;
  if (/^feed:https?:\/\//i.test(t)) return t.slice('feed:'.length);
  return t;
}

/**
 * What two spellings of one feed have in common: the scheme (http or https), the host's case, a default port, a
 * trailing slash, a fragment and the order of query parameters do not make a different feed. Null unless http(s).
 */
export function feedKey(url: string): string | null {
  let u: URL;
  try {
    u = new URL(fromFeedScheme(url));
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const path = u.pathname.replace(/\/+$/, '') || '/';
  u.searchParams.sort();
  return `${u.host}${path}${u.searchParams.size ? `?${u.searchParams.toString()}` : ''}`;
}

function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** The host's distinctive labels: `tech.meituan.com` → `tech-meituan`, `www.chinanews.com.cn` → `chinanews`. */
function hostSlug(host: string): string {
  const labels = host.toLowerCase().replace(/^www\./, '').split('.');
  labels.pop();
  if (labels.length > 1 && ['com', 'net', 'org', 'gov', 'edu', 'co', 'ac'].includes(labels[labels.length - 1]!)) labels.pop();
  return slugify(labels.join('-')) || 'feed';
}

/** Path and query words that say nothing about which feed it is. */
const GENERIC = new Set(['feed', 'feeds', 'rss', 'rss2', 'atom', 'index', 'default', 'xml', 'json', 'rdf', 'php', 'html', 'htm', 'asp', 'aspx', 'jsp', 'cgi']);
/** File extensions: never part of an id. */
const EXTENSIONS = new Set(['xml', 'php', 'html', 'htm', 'asp', 'aspx', 'jsp', 'cgi']);
/** Chinese (and Japanese, Korean) titles make no slug: pinyin is guesswork. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const joinSlug = (parts: string[]) => slugify(parts.join('-')).slice(0, 60).replace(/-+$/, '');

/**
 * Ids to try, best first: the title when it reads as a slug (a title in Latin letters), then the host, then the host
 * with the path's and query's distinctive words (rsshub.app/thepaper/featured → rsshub-thepaper-featured), then with
 * every word but file extensions (example.com/atom.xml → example-atom).
 */
function slugCandidates(feed: OpmlFeed, url: URL): string[] {
  const fromTitle = CJK.test(feed.title) ? '' : slugify(feed.title);
  const host = hostSlug(url.hostname);
  const words = `${url.pathname} ${url.search}`.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const out = [
    /[a-z]{3}/.test(fromTitle) ? fromTitle : '',
    host,
    joinSlug([host, ...words.filter((w) => !GENERIC.has(w))]),
    joinSlug([host, ...words.filter((w) => !EXTENSIONS.has(w))]),
  ];
  return [...new Set(out)].filter((s) => /^[a-z0-9][a-z0-9_-]*$/.test(s));
}

/** The first free candidate; when all are taken, the host numbered (example-2), never a bare feed-2. */
function uniqueSlug(feed: OpmlFeed, url: URL, taken: Set<string>): string {
  const candidates = slugCandidates(feed, url);
  for (const c of candidates) if (!taken.has(c)) return c;
  const base = hostSlug(url.hostname);
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

interface SourceLike {
  id?: unknown;
  url?: unknown;
}

/** JSON text of one new source, in the layout the file already uses for its sources. */
function sourceText(s: AddedSource, layout: { multiLine: boolean; indent: string; unit: string; eol: string }): string {
  const fields = [`"id": ${JSON.stringify(s.id)}`, `"name": ${JSON.stringify(s.name)}`, `"url": ${JSON.stringify(s.url)}`];
  if (s.group !== undefined) fields.push(`"group": ${JSON.stringify(s.group)}`);
  if (!layout.multiLine) return `{ ${fields.join(', ')} }`;
  return `{${layout.eol}${fields.map((f) => `${layout.indent}${layout.unit}${f}`).join(`,${layout.eol}`)}${layout.eol}${layout.indent}}`;
}

/**
 * Add the OPML file's subscriptions to a feeds.json text as new sources. URLs already configured (or repeated in the
 * OPML) are skipped; everything outside the "sources" array's new elements stays byte-identical.
 */
export function importOpml(configText: string, opmlText: string): OpmlImport {
  let config: { sources?: SourceLike[] };
  try {
    config = JSON.parse(configText.replace(/^\uFEFF/, '')) as { sources?: SourceLike[] };
  } catch (err) {
    throw new OpmlError(`the config is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new OpmlError('the config is not a JSON object');
  const existing = Array.isArray(config.sources) ? config.sources : [];
  const known = new Map<string, string>();
  for (const s of existing) {
    const key = typeof s.url === 'string' ? feedKey(s.url) : null;
    if (key) known.set(key, String(s.id));
  }
  const taken = new Set(existing.map((s) => String(s.id)));

  const added: AddedSource[] = [];
  const skipped: SkippedFeed[] = [];
  const seen = new Set<string>();
  for (const feed of readOpml(opmlText)) {
    const key = feedKey(feed.xmlUrl);
    if (!key) {
      skipped.push({ url: feed.xmlUrl, title: feed.title, reason: 'not an http(s) URL' });
      continue;
    }
    const already = known.get(key);
    if (already !== undefined || seen.has(key)) {
      skipped.push({ url: feed.xmlUrl, title: feed.title, reason: already !== undefined ? `already in the config as "${already}"` : 'listed twice in the OPML file' });
      continue;
    }
    const href = fromFeedScheme(feed.xmlUrl);
    const url = new URL(href);
    const id = uniqueSlug(feed, url, taken);
    taken.add(id);
    seen.add(key);
    const source: AddedSource = { id, name: feed.title || url.hostname, url: href };
    if (feed.group !== undefined) source.group = feed.group;
    added.push(source);
  }
  return { added, skipped, text: added.length ? insertSources(configText, added) : configText };
}

function insertSources(text: string, sources: AddedSource[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const top = topLevelMembers(text);
  const first = top.members[0];
  const memberIndent = first ? indentAt(text, first.keyStart) : '  ';
  const unit = memberIndent || '  ';
  const member = top.members.find((m) => m.key === 'sources');

  if (!member) {
    // No "sources" yet: a new member at the start of the object, in the object's own layout.
    const indent = memberIndent + unit;
    const items = sources.map((s) => `${indent}${sourceText(s, { multiLine: false, indent, unit, eol })}`).join(`,${eol}`);
    const value = `"sources": [${eol}${items}${eol}${memberIndent}]`;
    const insertAt = first ? first.keyStart : top.open + 1;
    const glue = first ? `${value},${eol}${memberIndent}` : `${eol}${memberIndent}${value}${eol}`;
    return text.slice(0, insertAt) + glue + text.slice(insertAt);
  }
  if (text[member.valueStart] !== '[') throw new OpmlError('"sources" in the config is not an array');

  const span = arraySpan(text, member.valueStart);
  const last = span.elements[span.elements.length - 1];
  const keyIndent = indentAt(text, member.keyStart);
  if (!last) {
    const indent = keyIndent + unit;
    const items = sources.map((s) => `${indent}${sourceText(s, { multiLine: true, indent, unit, eol })}`).join(`,${eol}`);
    return `${text.slice(0, span.open + 1)}${eol}${items}${eol}${keyIndent}${text.slice(span.close)}`;
  }
  // Follow the last element: its indentation, and whether objects are written on one line or spread over several.
  const sameLine = !text.slice(span.open, last.start).includes('\n');
  const indent = sameLine ? '' : indentAt(text, last.start);
  const layout = { multiLine: text.slice(last.start, last.end).includes('\n'), indent, unit, eol };
  const sep = sameLine ? ', ' : `,${eol}${indent}`;
  const insertion = sources.map((s) => `${sep}${sourceText(s, layout)}`).join('');
  return text.slice(0, last.end) + insertion + text.slice(last.end);
}

export type ImportFileResult = { ok: true; import: OpmlImport } | { ok: false; message: string };

/**
 * `huiju import-opml`: read the OPML file, insert its new feeds into the config file in place and write it back. A reader
 * starting from nothing gets a new feeds.json; an existing one must be valid before it is edited. Never throws.
 */
export function importOpmlFile(opmlFile: string, configFile: string): ImportFileResult {
  let opml: string;
  try {
    opml = readFileSync(opmlFile, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read ${opmlFile}: ${describeReadError(err)}` };
  }
  const exists = existsSync(configFile);
  if (exists) {
    const current = loadConfig(configFile);
    if (!current.ok) return { ok: false, message: `${configFile} is not a valid huiju config; fix it first:\n${formatProblems(current.problems)}` };
  }
  const before = exists ? readFileSync(configFile, 'utf8') : '{\n  "sources": []\n}\n';
  let result: OpmlImport;
  try {
    result = importOpml(before, opml);
  } catch (err) {
    if (err instanceof OpmlError) return { ok: false, message: `${opmlFile}: ${err.message}` };
    throw err;
  }
  const after = validateConfigText(result.text, configFile);
  if (!after.ok) return { ok: false, message: `importing would make ${configFile} invalid; nothing was written:\n${formatProblems(after.problems)}` };
  if (result.added.length) {
    // Write beside and rename: a running `huiju serve` polls the file and must never read half of it.
    const tmp = `${configFile}.${process.pid}.tmp`;
    writeFileSync(tmp, result.text);
    renameSync(tmp, configFile);
  }
  return { ok: true, import: result };
}
