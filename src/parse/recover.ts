/**
 * A feed cut off mid-download still holds complete items. htmlparser2 would close whatever was open and hand
 * back a half item (a title with no link, half a description), so a document without its closing root tag is
 * cut after the last complete item before parsing. Linear in the document size: it runs on 10 MB bodies.
 */
import { ParseError } from './errors.ts';
import { rootName } from './prolog.ts';

const ITEM_END = /<\/(?:[\w-]+:)?(?:item|entry)\s*>/g;
const FEED_ROOT = /^(?:[\w-]+:)?(?:rss|feed|rdf|channel)$/i;

export interface Recovered {
  text: string;
  warnings: string[];
}

function isComplete(text: string, root: string): boolean {
  const tail = text.slice(-4096).replace(/<!--[\s\S]*?-->/g, '').trimEnd();
  const escaped = root.replace(/[.]/g, '\\.');
  return new RegExp(`</${escaped}\\s*>$`).test(tail) || new RegExp(`^\\s*<${escaped}\\b[^>]*/>$`).test(tail);
}

function lastItemEnd(text: string): number | null {
  let end: number | null = null;
  for (const m of text.matchAll(ITEM_END)) end = m.index + m[0].length;
  return end;
}

const XML_START = /<\?xml[\s?]|<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]/;

/**
 * Junk before the XML (a PHP warning, a stray byte-order mark in the middle, debug output) makes strict parsers
 * give up on the whole feed. When the feed's start appears within the first 4 KB, everything before it is dropped.
 */
export function skipLeadingJunk(text: string): Recovered {
  // A prolog (declaration, comments, PIs, DOCTYPE) followed by the feed's root element is not junk.
  const root = rootName(text);
  if (root && FEED_ROOT.test(root)) return { text, warnings: [] };
  const at = text.slice(0, 4096).search(XML_START);
  if (at <= 0) return { text, warnings: [] };
  return { text: text.slice(at), warnings: [`ignored ${at} characters of junk before the feed's XML`] };
}

export function cutTruncated(text: string): Recovered {
  const root = rootName(text);
  // Only feeds are recovered; anything else goes on to be reported as not a feed.
  if (!root || !FEED_ROOT.test(root) || isComplete(text, root)) return { text, warnings: [] };
  const cut = lastItemEnd(text);
  if (cut === null) {
    throw new ParseError('malformed', `malformed feed: the document ends before its first complete item (truncated after ${text.length} characters?)`);
  }
  return {
    text: text.slice(0, cut),
    warnings: [`the document was cut off (no closing </${root}>); kept the items before character ${cut}, dropped the rest`],
  };
}
