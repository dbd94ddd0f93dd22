/**
 * The feed readers the corpus is measured with: huiju's own parse stage, and three npm feed parsers in its place.
 * Each peer reads the XML; what it returns goes through the same huiju adapter (adaptItem: plain titles, the one
 * sanitiser, the one date rule) that huiju's own RSS/Atom readers feed, with links resolved against the document URL.
 * So a difference between two rows is a difference in reading the XML, not in what huiju does afterwards. The field
 * mapping for each peer is the plain one its documentation gives (no xml:base, no guid-as-link fallback): what an
 * aggregator built on it would start from.
 */
import { parseFeed as rowanParseFeed } from '@rowanmanning/feed-parser';
import { parseFeed as feedsmithParseFeed } from 'feedsmith';
import RssParser from 'rss-parser';
import type { Enclosure, FeedFormat, ParsedFeed } from '../../src/model/item.ts';
import { adaptItem, plainText } from '../../src/parse/adapt-item.ts';
import type { FeedText, RawEntry } from '../../src/parse/entry.ts';
import { parseFeed, type ParseContext } from '../../src/parse/index.ts';
import type { ReadFeed } from './harness.ts';

type Fields = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);
const at = (v: unknown, key: string): unknown => (v !== null && typeof v === 'object' ? (v as Fields)[key] : undefined);
const markup = (v: unknown): FeedText | null => {
  const s = str(v);
  return s === null ? null : { value: s, html: true };
};
const first = (...values: unknown[]): string | null => values.map(str).find((v) => v !== null) ?? null;

function absolute(href: unknown, base: string): string | null {
  const s = str(href)?.trim();
  if (!s) return null;
  try {
    return new URL(s, base).href;
  } catch {
    return s;
  }
}

function enclosure(url: unknown, type: unknown, length: unknown, base: string): Enclosure[] {
  const href = absolute(url, base);
  if (href === null) return [];
  const n = Number(length);
  return [{ url: href, type: str(type), length: Number.isFinite(n) && String(length).trim() !== '' ? n : null }];
}

function entry(ctx: ParseContext, over: Partial<RawEntry>): RawEntry {
  return {
    id: null,
    link: null,
    title: null,
    summary: null,
    content: null,
    contentBase: ctx.url,
    author: null,
    published: null,
    updated: null,
    looseDate: null,
    categories: [],
    enclosures: [],
    ...over,
  };
}

function feedOf(format: FeedFormat, title: FeedText | null, entries: RawEntry[], ctx: ParseContext): ParsedFeed {
  return { format, title: plainText(title), siteUrl: null, items: entries.map((e) => adaptItem(e, ctx)), warnings: [] };
}

const isoOf = (d: unknown): string | null => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : null);

/** The root element's name decides the format for the peers that do not say (rss-parser). */
function rootFormat(text: string): FeedFormat {
  const root = /<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)[\s>/]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![A-Z][^>]*>/g, ''))?.[2];
  return root === 'feed' ? 'atom' : root === 'RDF' ? 'rdf' : 'rss';
}

const rssParser = new RssParser({ customFields: { item: ['updated', 'published', 'summary', 'dc:date'] } });

/** rss-parser 3: xml2js underneath; RSS description arrives as `content`, content:encoded under its own name. */
const readRssParser: ReadFeed = async (text, ctx) => {
  const feed = await rssParser.parseString(text.trimStart());
  const format = rootFormat(text);
  const entries = feed.items.map((raw) => {
    const i = raw as unknown as Fields;
    const atom = format === 'atom';
    return entry(ctx, {
      id: first(i.guid, i.id),
      link: absolute(i.link, ctx.url),
      title: markup(i.title),
      summary: markup(atom ? i.summary : i.content),
      content: markup(atom ? i.content : i['content:encoded']),
      author: first(i.creator, i.author),
      published: first(i.published, atom ? null : i.pubDate),
      updated: first(i.updated, i['dc:date']),
      categories: list(i.categories).flatMap((c) => list(typeof c === 'string' ? c : at(c, '_')).filter((v) => typeof v === 'string')),
      enclosures: enclosure(at(i.enclosure, 'url'), at(i.enclosure, 'type'), at(i.enclosure, 'length'), ctx.url),
    });
  });
  return feedOf(format, markup(feed.title), entries, ctx);
};

/** @rowanmanning/feed-parser 2: one item model for RSS and Atom, dates already parsed. */
const readRowan: ReadFeed = async (text, ctx) => {
  const feed = rowanParseFeed(text);
  const entries = feed.items.map((i) =>
    entry(ctx, {
      id: i.id,
      link: absolute(i.url, ctx.url),
      title: markup(i.title),
      summary: markup(i.description),
      content: markup(i.content),
      author: i.authors[0]?.name ?? null,
      published: isoOf(i.published),
      updated: isoOf(i.updated),
      categories: i.categories.map((c) => c.term ?? c.label).filter((c): c is string => typeof c === 'string'),
      enclosures: i.media.flatMap((m) => enclosure(m.url, m.mimeType, m.length, ctx.url)),
    }),
  );
  const format = feed.meta.type === 'atom' ? 'atom' : rootFormat(text) === 'rdf' ? 'rdf' : 'rss';
  return feedOf(format, markup(feed.title), entries, ctx);
};

/** An Atom text construct as feedsmith gives it ({value, type}): only type="text" is plain. */
function atomText(v: unknown): FeedText | null {
  const value = str(at(v, 'value')) ?? str(v);
  if (value === null) return null;
  return { value, html: at(v, 'type') === 'html' || at(v, 'type') === 'xhtml' };
}

/** feedsmith 3: each format's own shape, namespaces (dc, content, atom) as nested objects. */
const readFeedsmith: ReadFeed = async (text, ctx) => {
  const { format, feed } = feedsmithParseFeed(text) as { format: string; feed: Fields };
  if (format === 'atom') {
    const entries = list(feed.entries).map((e) => {
      const links = list(at(e, 'links'));
      const alternate = links.find((l) => [undefined, 'alternate'].includes(at(l, 'rel') as string | undefined));
      return entry(ctx, {
        id: str(at(e, 'id')),
        link: absolute(at(alternate, 'href'), ctx.url),
        title: atomText(at(e, 'title')),
        summary: atomText(at(e, 'summary')),
        content: atomText(at(e, 'content')),
        author: first(at(list(at(e, 'authors'))[0], 'name')),
        published: first(at(e, 'published')),
        updated: first(at(e, 'updated')),
        categories: list(at(e, 'categories')).flatMap((c) => list(at(c, 'term') ?? at(c, 'label'))).filter((c) => typeof c === 'string'),
        enclosures: links
          .filter((l) => at(l, 'rel') === 'enclosure')
          .flatMap((l) => enclosure(at(l, 'href'), at(l, 'type'), at(l, 'length'), ctx.url)),
      });
    });
    return feedOf('atom', atomText(feed.title), entries, ctx);
  }
  if (format !== 'rss' && format !== 'rdf') throw new Error(`feedsmith read the document as ${format}`);
  const entries = list(feed.items).map((i) => {
    const dc = at(i, 'dc');
    return entry(ctx, {
      id: first(at(at(i, 'guid'), 'value'), at(at(i, 'rdf'), 'about')),
      link: absolute(at(i, 'link'), ctx.url),
      title: markup(at(i, 'title')),
      summary: markup(at(i, 'description')),
      content: markup(at(at(i, 'content'), 'encoded')),
      author: first(at(list(at(i, 'authors'))[0], 'name'), list(at(i, 'authors'))[0], list(at(dc, 'creators'))[0], at(at(i, 'itunes'), 'author')),
      published: first(at(i, 'pubDate')),
      updated: first(list(at(dc, 'dates'))[0], at(at(i, 'atom'), 'updated')),
      categories: [...list(at(i, 'categories')).map((c) => at(c, 'name')), ...list(at(dc, 'subjects'))].filter((c): c is string => typeof c === 'string'),
      enclosures: list(at(i, 'enclosures')).flatMap((e) => enclosure(at(e, 'url'), at(e, 'type'), at(e, 'length'), ctx.url)),
    });
  });
  return feedOf(format, markup(feed.title), entries, ctx);
};

/** Every reader measured, huiju's own first: the one `npm test` holds to its floors. */
export const READERS: ReadonlyArray<{ name: string; read: ReadFeed }> = [
  { name: 'huiju', read: parseFeed },
  { name: 'rss-parser', read: readRssParser },
  { name: 'feedsmith', read: readFeedsmith },
  { name: '@rowanmanning/feed-parser', read: readRowan },
];
