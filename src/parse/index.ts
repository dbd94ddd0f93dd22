import Parser from 'rss-parser';
import type { ParsedFeed, ParsedItem } from '../model/item.ts';
import { parseFeedDate, type DateContext } from './dates.ts';
import { ParseError } from './errors.ts';
import { htmlToText, sanitiseContent } from './html.ts';

export interface ParseContext extends DateContext {
  /** The document's URL after redirects: the base for relative links. */
  url: string;
}

type RawItem = Parser.Item & { 'content:encoded'?: string; author?: string; id?: string; updated?: string };

const parser = new Parser({ customFields: { item: ['updated'] } });

function resolveUrl(href: string | undefined, base: string): string | null {
  if (!href?.trim()) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function detectFormat(text: string): ParsedFeed['format'] {
  const head = text.slice(0, 2048);
  if (/<feed[\s>]/.test(head)) return 'atom';
  if (/<rdf:RDF[\s>]/.test(head)) return 'rdf';
  return 'rss';
}

function adaptItem(raw: RawItem, ctx: ParseContext): ParsedItem {
  const html = raw['content:encoded'] ?? raw.content ?? null;
  const date = parseFeedDate(raw.pubDate ?? raw.isoDate ?? null, ctx);
  const updated = parseFeedDate(raw.updated ?? null, ctx);
  return {
    guid: (raw.guid ?? raw.id ?? '').trim() || null,
    url: resolveUrl(raw.link, ctx.url),
    title: htmlToText(raw.title ?? ''),
    summary: raw.contentSnippet?.trim() || (html ? htmlToText(html) : null) || null,
    contentHtml: html ? sanitiseContent(html, ctx.url) : null,
    author: (raw.creator ?? raw.author ?? '').trim() || null,
    publishedAt: date.iso ?? updated.iso,
    updatedAt: updated.iso,
    dateFlag: date.iso ? date.flag : updated.iso ? updated.flag : date.flag,
    categories: (raw.categories ?? []).map((c) => String(typeof c === 'string' ? c : '').trim()).filter(Boolean),
    enclosures: raw.enclosure?.url
      ? [{ url: raw.enclosure.url, type: raw.enclosure.type ?? null, length: Number(raw.enclosure.length) || null }]
      : [],
  };
}

/** Decoded feed text → huiju items. Throws ParseError when the text is not a feed. */
export async function parseFeed(text: string, ctx: ParseContext): Promise<ParsedFeed> {
  const trimmed = text.replace(/^\s+/, '');
  if (/^<!doctype html|^<html/i.test(trimmed)) {
    throw new ParseError('not-a-feed', 'not a feed: got an HTML page');
  }
  let feed: Parser.Output<RawItem>;
  try {
    feed = (await parser.parseString(trimmed)) as Parser.Output<RawItem>;
  } catch (err) {
    throw new ParseError('malformed', `not a readable feed: ${(err as Error).message.split('\n')[0]}`);
  }
  return {
    format: detectFormat(trimmed),
    title: feed.title?.trim() || null,
    siteUrl: resolveUrl(feed.link, ctx.url),
    items: (feed.items ?? []).map((raw) => adaptItem(raw, ctx)),
    warnings: [],
  };
}
