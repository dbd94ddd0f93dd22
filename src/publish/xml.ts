/**
 * A minimal XML writer for the feeds huiju publishes. Text is escaped and stripped of the characters XML 1.0 forbids
 * (feeds in the wild carry stray control bytes; one of them would make the whole document unreadable).
 */

// XML 1.0 Char production: everything else (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
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
  return `<${name}${attrs(a)}>${children.join('')}</${name}>`;
}

export function empty(name: string, a: Attrs): string {
  return `<${name}${attrs(a)}/>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
