import { Feed } from 'feed';
import type { StorySummary } from '../store/queries.ts';
import { VERSION, HOMEPAGE } from '../version.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface FeedMeta {
  title: string;
  description: string;
  /** Absolute URL of the page a reader opens for this feed. */
  homeUrl: string;
  /** Absolute URLs of this feed in each format (the first one is `self`). */
  links: Record<FeedFormat, string>;
  updated: Date;
}

/** Names to show for source and tag ids. */
export interface Labels {
  source(id: string): string;
  tag(id: string): string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The entry body: the representative copy's content, then the outlets that carried the story. */
function entryHtml(story: StorySummary, labels: Labels): string {
  const body = story.contentHtml ?? (story.summary ? `<p>${escapeHtml(story.summary)}</p>` : '');
  if (story.duplicates.length === 0) return body;
  const outlets = story.duplicates
    .map((d) => (d.url ? `<a href="${escapeHtml(d.url)}">${escapeHtml(labels.source(d.source))}</a>` : escapeHtml(labels.source(d.source))))
    .join('、');
  return `${body}<p>同时报道：${outlets}</p>`;
}

function outlets(story: StorySummary, labels: Labels): string {
  return [story.source, ...story.duplicates.map((d) => d.source)]
    .filter((s, i, all) => all.indexOf(s) === i)
    .map((s) => labels.source(s))
    .join('、');
}

/** RSS 2.0 or Atom 1.0 through the `feed` library. */
function xmlFeed(format: 'rss' | 'atom', meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): string {
  const feed = new Feed({
    id: meta.links[format],
    title: meta.title,
    description: meta.description,
    link: meta.homeUrl,
    language: 'zh-CN',
    updated: meta.updated,
    generator: `huiju ${VERSION} (${HOMEPAGE})`,
    feedLinks: { rss: meta.links.rss, atom: meta.links.atom, json: meta.links.json },
    copyright: 'Copyright belongs to the original publishers',
    ttl: 15,
  });
  for (const story of stories) {
    feed.addItem({
      title: story.title || '(无标题)',
      id: story.guid,
      guid: story.guid,
      link: story.url ?? meta.homeUrl,
      date: new Date(format === 'atom' ? story.updatedAt : story.publishedAt),
      published: new Date(story.publishedAt),
      description: story.summary ?? undefined,
      content: entryHtml(story, labels),
      category: story.tags.map((t) => ({ name: labels.tag(t), term: t })),
      author: [{ name: outlets(story, labels) }],
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

/** JSON Feed 1.1 (the `feed` library writes 1.0). */
function jsonFeed(meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    description: meta.description,
    home_page_url: meta.homeUrl,
    feed_url: meta.links.json,
    language: 'zh-CN',
    items: stories.map((s) => ({
      id: s.guid,
      url: s.url ?? undefined,
      title: s.title,
      summary: s.summary ?? undefined,
      content_html: entryHtml(s, labels),
      date_published: s.publishedAt,
      date_modified: s.updatedAt,
      authors: [{ name: outlets(s, labels) }],
      tags: s.tags.map((t) => labels.tag(t)),
      _huiju: {
        source: s.source,
        tags: s.tags,
        duplicates: s.duplicates.map((d) => ({ source: d.source, url: d.url, title: d.title })),
      },
    })),
  });
}

export function renderFeed(format: FeedFormat, meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): string {
  return format === 'json' ? jsonFeed(meta, stories, labels) : xmlFeed(format, meta, stories, labels);
}
