/**
 * A feed cut off mid-download still holds complete items. htmlparser2 would close whatever was open and hand
 * back a half item (a title with no link, half a description), so a document without its closing root tag is
 * cut after the last complete item before parsing.
 */
import { ParseError } from './errors.ts';

const LAST_ITEM_END = /<\/(?:[\w-]+:)?(?:item|entry)\s*>(?![\s\S]*<\/(?:[\w-]+:)?(?:item|entry)\s*>)/;

export interface Recovered {
  text: string;
  warnings: string[];
}

function rootName(text: string): string | null {
  const m = text.match(/<([A-Za-z_][\w.:-]*)[\s>/]/g)?.find((tag) => !/^<[!?]/.test(tag));
  return m ? m.slice(1, -1) : null;
}

export function cutTruncated(text: string): Recovered {
  const root = rootName(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
  // Only feeds are recovered; anything else goes on to be reported as not a feed.
  if (!root || !/^(?:[\w-]+:)?(?:rss|feed|rdf|channel)$/i.test(root)) return { text, warnings: [] };
  const closing = new RegExp(`</${root.replace(/[.]/g, '\\.')}\\s*>\\s*$`);
  if (closing.test(text.replace(/<!--[\s\S]*?-->/g, '').trimEnd())) return { text, warnings: [] };
  const end = LAST_ITEM_END.exec(text);
  if (!end) {
    throw new ParseError('malformed', `malformed feed: the document ends before its first complete item (truncated after ${text.length} characters?)`);
  }
  const cut = end.index + end[0].length;
  return {
    text: text.slice(0, cut),
    warnings: [`the document was cut off (no closing </${root}>); kept the items before character ${cut}, dropped the rest`],
  };
}
