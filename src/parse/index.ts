/**
 * The parse stage: decoded feed text → huiju items. Detect the format, defuse the DTD, recover a truncated
 * document, read RSS/RDF/Atom into format-neutral entries, adapt them to ParsedItem.
 *
 * Parser: htmlparser2 in xmlMode (replacing rss-parser's xml2js/sax pipeline): it never resolves a DTD, is
 * lenient with sloppy markup, and keeps namespaces, xml:base and repeated elements (enclosures, categories)
 * visible, which rss-parser flattened or dropped. See CONFORMANCE.md for the before/after figures.
 */
import type { ParsedFeed, ParsedItem } from '../model/item.ts';
import { ITEM_CAPS } from '../normalise/caps.ts';
import { truncateText } from '../text/truncate.ts';
import { adaptItem, plainText } from './adapt-item.ts';
import { readAtom } from './atom.ts';
import type { DateContext } from './dates.ts';
import { childElements, localName, parseXml } from './dom.ts';
import type { RawEntry, RawFeed } from './entry.ts';
import { itemLabel, rawEntryLabel, xmlEntryLabel } from './entry-label.ts';
import { ParseError } from './errors.ts';
import { advertisedFeeds, looksLikeHtml } from './html-page.ts';
import { dropNavigationItems } from './nav-items.ts';
import { capFeedNesting, capNesting, MAX_NESTING } from './nesting.ts';
import { cutTruncated, skipLeadingJunk } from './recover.ts';
import { readRss } from './rss.ts';
import { defuseDoctype, trimProlog } from './xml-safety.ts';

export { ParseError } from './errors.ts';

export interface ParseContext extends DateContext {
  /** The document's URL after redirects: the base for relative links. */
  url: string;
  /** The response's Content-Type, when known: only used to word errors. */
  contentType?: string | null;
}

function notAFeedFromHtml(text: string, ctx: ParseContext): never {
  const feeds = advertisedFeeds(text, ctx.url);
  const hint = feeds.length > 0 ? `; it advertises ${feeds.join(', ')}` : '; it advertises no feed';
  throw new ParseError('not-a-feed', `not a feed: got an HTML page${hint}`, feeds);
}

function readDocument(text: string, ctx: ParseContext): RawFeed {
  const root = childElements(parseXml(text))[0];
  const name = root ? localName(root) : null;
  if (root && (name === 'rss' || name === 'rdf' || name === 'channel')) return readRss(root, ctx.url);
  if (root && name === 'feed') return readAtom(root, ctx.url);
  if (name === 'html') notAFeedFromHtml(text, ctx);
  const what = name ? `its root element is <${root!.name}>` : 'it contains no XML element';
  const servedAs = ctx.contentType ? `, served as ${ctx.contentType.split(';')[0]!.trim()}` : '';
  throw new ParseError('not-a-feed', `not a feed: the document is neither RSS nor Atom (${what}${servedAs})`);
}

/** Whether any of the entry's HTML nests deeper than MAX_NESTING (the sanitiser flattens it). */
function nestsTooDeep(raw: RawEntry): boolean {
  return [raw.title, raw.summary, raw.content].some((t) => t?.html && capNesting(t.value, { xml: false }).capped);
}

/** Each entry on its own: one that cannot be read is dropped and named, and the others are kept. */
function adaptEntries(entries: readonly RawEntry[], ctx: ParseContext, warnings: string[]): ParsedItem[] {
  const items: ParsedItem[] = [];
  for (const raw of entries) {
    try {
      const item = adaptItem(raw, ctx);
      if (nestsTooDeep(raw)) warnings.push(`flattened HTML nested more than ${MAX_NESTING} levels deep in an entry: ${itemLabel(item)}`);
      items.push(item);
    } catch (err) {
      warnings.push(`dropped an entry that could not be read: ${rawEntryLabel(raw)} (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return items;
}

async function parse(input: string, ctx: ParseContext): Promise<ParsedFeed> {
  const text = trimProlog(input);
  if (text === '') throw new ParseError('malformed', 'malformed feed: the document is empty');
  if (looksLikeHtml(text)) notAFeedFromHtml(text, ctx);
  if (text.startsWith('{')) throw new ParseError('not-a-feed', 'not a feed: got JSON, not RSS or Atom');
  const start = skipLeadingJunk(text);
  const safe = defuseDoctype(start.text);
  const recovered = cutTruncated(safe.text);
  // Before any tree is built: an entry nested 100,000 levels deep is taken out, not parsed.
  const shallow = capFeedNesting(recovered.text);
  const raw = readDocument(shallow.text, ctx);
  const siteUrl = raw.siteUrl;
  const warnings = [...start.warnings, ...safe.warnings, ...recovered.warnings];
  for (const entry of shallow.deepEntries) warnings.push(`dropped an entry nested more than ${MAX_NESTING} levels deep: ${xmlEntryLabel(entry)}`);
  if (shallow.cappedOutsideEntries) warnings.push(`flattened markup nested more than ${MAX_NESTING} levels deep outside any entry`);
  const { items, dropped } = dropNavigationItems(adaptEntries(raw.entries, ctx, warnings), siteUrl);
  for (const d of dropped) warnings.push(`dropped a navigation entry pointing at a channel page: ${d.url}`);
  const title = plainText(raw.title);
  return { format: raw.format, title: title === null ? null : truncateText(title, ITEM_CAPS.title), siteUrl, items, warnings };
}

/** Decoded feed text → huiju items. Throws only ParseError (kind + a sentence a person understands). */
export async function parseFeed(text: string, ctx: ParseContext): Promise<ParsedFeed> {
  try {
    return await parse(text, ctx);
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw new ParseError('malformed', `malformed feed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
