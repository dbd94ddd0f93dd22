/**
 * The parse stage: decoded feed text → huiju items. Detect the format, defuse the DTD, recover a truncated
 * document, read RSS/RDF/Atom into format-neutral entries, adapt them to ParsedItem.
 *
 * Parser: htmlparser2 in xmlMode (replacing rss-parser's xml2js/sax pipeline): it never resolves a DTD, is
 * lenient with sloppy markup, and keeps namespaces, xml:base and repeated elements (enclosures, categories)
 * visible, which rss-parser flattened or dropped. See CONFORMANCE.md for the before/after figures.
 */
import { isTag, type Document, type Element } from 'domhandler';
import { removeElement } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { ParsedFeed, ParsedItem } from '../model/item.ts';
import { ITEM_CAPS } from '../normalise/caps.ts';
import { truncateText } from '../text/truncate.ts';
import { adaptItem, plainText } from './adapt-item.ts';
import { readAtom } from './atom.ts';
import type { DateContext } from './dates.ts';
import { childElements, localName } from './dom.ts';
import type { RawEntry, RawFeed } from './entry.ts';
import { itemLabel, rawEntryLabel, xmlEntryLabel } from './entry-label.ts';
import { ParseError } from './errors.ts';
import { advertisedFeeds, looksLikeHtml } from './html-page.ts';
import { dropNavigationItems } from './nav-items.ts';
import { cappedParsing, MAX_NESTING, nestingReport, type NestingReport } from './nesting.ts';
import { cutTruncated, skipLeadingJunk } from './recover.ts';
import { readRss } from './rss.ts';
import { defuseDoctype, trimProlog } from './xml-safety.ts';

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

function readDocument(doc: Document, text: string, ctx: ParseContext): RawFeed {
  const root = childElements(doc)[0];
  const name = root ? localName(root) : null;
  if (root && (name === 'rss' || name === 'rdf' || name === 'channel')) return readRss(root, ctx.url);
  if (root && name === 'feed') return readAtom(root, ctx.url);
  if (name === 'html') notAFeedFromHtml(text, ctx);
  const what = name ? `its root element is <${root!.name}>` : 'it contains no XML element';
  const servedAs = ctx.contentType ? `, served as ${ctx.contentType.split(';')[0]!.trim()}` : '';
  throw new ParseError('not-a-feed', `not a feed: the document is neither RSS nor Atom (${what}${servedAs})`);
}

/**
 * The document's tree, nested at most MAX_NESTING levels (nesting.ts): read in one pass, with the entries that went
 * deeper taken out whole, each named in `warnings`.
 */
function readTree(text: string, warnings: string[]): Document {
  const report = nestingReport();
  const doc = parseDocument(text, { xmlMode: true, withStartIndices: true, ...cappedParsing(report) });
  if (report.deepEntries.length > 0) {
    const found = elementsStartingAt(doc, new Set(report.deepEntries));
    for (const entry of found) {
      warnings.push(`dropped an entry nested more than ${MAX_NESTING} levels deep: ${xmlEntryLabel(entry)}`);
      removeElement(entry);
    }
    // Not found by position (it should not happen): they stay, flattened, and are still mentioned.
    const lost = report.deepEntries.length - found.length;
    if (lost > 0) warnings.push(`flattened ${lost} entr${lost === 1 ? 'y' : 'ies'} nested more than ${MAX_NESTING} levels deep`);
  }
  if (report.outsideEntries) warnings.push(`flattened markup nested more than ${MAX_NESTING} levels deep outside any entry`);
  return doc;
}

/** The elements whose start tags begin at these offsets, in document order (a walk without recursion). */
function elementsStartingAt(doc: Document, starts: ReadonlySet<number>): Element[] {
  const found: Element[] = [];
  const stack = [...doc.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isTag(node)) continue;
    if (node.startIndex !== null && starts.has(node.startIndex)) found.push(node);
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return found;
}

/** Each entry on its own: one that cannot be read is dropped and named, and the others are kept. */
function adaptEntries(entries: readonly RawEntry[], ctx: ParseContext, warnings: string[]): ParsedItem[] {
  const items: ParsedItem[] = [];
  for (const raw of entries) {
    try {
      const report: NestingReport = nestingReport();
      const item = adaptItem(raw, ctx, report);
      if (report.capped) warnings.push(`flattened HTML nested more than ${MAX_NESTING} levels deep in an entry: ${itemLabel(item)}`);
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
  const warnings = [...start.warnings, ...safe.warnings, ...recovered.warnings];
  const raw = readDocument(readTree(recovered.text, warnings), recovered.text, ctx);
  const siteUrl = raw.siteUrl;
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
