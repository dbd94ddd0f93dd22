import type { StorySummary } from '../model/story.ts';
import { HOMEPAGE, VERSION } from '../version.ts';
import { entryHtml, outletsOf, webUrl, type Labels, type Outlet } from './entry.ts';
import { rememberedEntry } from './entry-memo.ts';
import { outletUrl, type FeedMeta } from './meta.ts';
import { el, empty, parent, startTag, XML_DECLARATION } from './xml.ts';

/** RFC 822 date as RSS 2.0 wants it (`Wed, 03 Jul 2024 23:21:00 GMT`; four-digit years, as RFC 1123 allows). */
export function rfc822(d: Date): string {
  return d.toUTCString();
}

function item(story: StorySummary, meta: FeedMeta, labels: Labels): Buffer {
  const outlets = outletsOf(story, labels);
  const rep = outlets[0]!;
  const sourceUrl = labels.sourceUrl?.(rep.id);
  // What the entry takes from outside the story (entry-memo.ts): tag labels and URLs, outlet names and URLs.
  const deps = [meta.homeUrl, sourceUrl ?? '', ...story.tags.flatMap((t) => [labels.tag(t), meta.tagUrl(t)]), ...outlets.flatMap((o) => [o.name, outletUrl(meta, o.id)])];
  return rememberedEntry('rss', story, deps, () => renderItem(story, meta, labels, outlets, sourceUrl));
}

function renderItem(story: StorySummary, meta: FeedMeta, labels: Labels, outlets: Outlet[], sourceUrl: string | undefined): string {
  const rep = outlets[0]!;
  return parent('item', [
    el('title', story.title || '(无标题)'),
    el('link', webUrl(story.url) ?? meta.homeUrl),
    // Not a permalink: the GUID names the story, whose representative (and so its link) may change.
    el('guid', story.guid, { isPermaLink: 'false' }),
    el('pubDate', rfc822(new Date(story.publishedAt))),
    el('description', story.summary),
    el('content:encoded', entryHtml(story, labels)),
    // RSS <author> must be an e-mail address; an outlet is an organisation with a name, which is what dc:creator holds.
    // One: readers show a single creator, and the story is the representative outlet's.
    el('dc:creator', rep.name),
    ...story.tags.map((t) => el('category', labels.tag(t), { domain: meta.tagUrl(t) })),
    // Every outlet that carried it, in their own domain (the page of the outlet's stories).
    ...outlets.map((o) => el('category', o.name, { domain: outletUrl(meta, o.id) })),
    sourceUrl ? el('source', rep.name, { url: sourceUrl }) : '',
  ]);
}

/** RSS 2.0 with the content, Dublin Core and Atom namespaces (for `atom:link rel="self"`), as UTF-8. */
export function renderRss(meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): Buffer {
  const rss = startTag('rss', {
    version: '2.0',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  });
  const head = [
    el('title', meta.title),
    el('link', meta.homeUrl),
    el('description', meta.description),
    empty('atom:link', { href: meta.links.rss, rel: 'self', type: 'application/rss+xml' }),
    ...(meta.hubs ?? []).map((href) => empty('atom:link', { href, rel: 'hub' })),
    el('language', 'zh-cn'),
    el('lastBuildDate', rfc822(meta.updated)),
    el('generator', `huiju ${VERSION} (${HOMEPAGE})`),
    el('docs', 'https://www.rssboard.org/rss-specification'),
    el('ttl', '15'),
  ];
  // <rss><channel>, the channel's own elements, then its items: the remembered entries' bytes as they are.
  return Buffer.concat([
    Buffer.from(`${XML_DECLARATION}${rss}${startTag('channel')}${head.join('')}`, 'utf8'),
    ...stories.map((s) => item(s, meta, labels)),
    Buffer.from('</channel></rss>\n', 'utf8'),
  ]);
}
