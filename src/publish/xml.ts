/**
 * A minimal XML writer for the feeds huiju publishes. Text is escaped and stripped of the characters XML 1.0 forbids
 * (feeds in the wild carry stray control bytes; one of them would make the whole document unreadable).
 */

// XML 1.0 Char production: everything else (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}

/**
 * Escaped long texts (articles, summaries) by their content. A feed the response cache missed escapes the same 50
 * articles it escaped for the last one: with the sanitised bodies remembered (sanitised.ts) this was most of what was
 * left of rendering. Keyed by the text itself, so the output is always what escaping it anew gives; bounded by
 * characters kept, least recently used first out. Short texts (titles, dates, names) are quicker to escape than to look up.
 */
const MEMO_MIN_CHARS = 200;
/** Input and output characters kept, both counted: 16 MB at most for Chinese text. */
const MEMO_MAX_CHARS = 8 * 1024 * 1024;
const memo = new Map<string, string>();
let memoChars = 0;

export function xmlText(s: string): string {
  if (s.length < MEMO_MIN_CHARS) return escapeXml(s);
  const hit = memo.get(s);
  if (hit !== undefined) {
    memo.delete(s);
    memo.set(s, hit);
    return hit;
  }
  const out = escapeXml(s);
  if (s.length + out.length > MEMO_MAX_CHARS / 64) return out;
  memo.set(s, out);
  memoChars += s.length + out.length;
  for (const [oldest, escaped] of memo) {
    if (memoChars <= MEMO_MAX_CHARS) break;
    memo.delete(oldest);
    memoChars -= oldest.length + escaped.length;
  }
  return out;
}

export type Attrs = Record<string, string | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(v)}"`)
    .join('');
}

/** `<name attrs>text</name>`; nothing at all when the text is null or undefined. */
export function el(name: string, text: string | null | undefined, a: Attrs = {}): string {
  if (text === null || text === undefined) return '';
  return `<${name}${attrs(a)}>${xmlText(text)}</${name}>`;
}

/** An element whose children are already-written XML. */
export function parent(name: string, children: readonly string[], a: Attrs = {}): string {
  return `${startTag(name, a)}${children.join('')}</${name}>`;
}

/** The start tag of `parent`: for a document written in parts (rss.ts, atom.ts). */
export function startTag(name: string, a: Attrs = {}): string {
  return `<${name}${attrs(a)}>`;
}

export function empty(name: string, a: Attrs): string {
  return `<${name}${attrs(a)}/>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
