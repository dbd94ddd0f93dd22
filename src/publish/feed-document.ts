import type { StorySummary } from '../model/story.ts';
import { renderAtom } from './atom.ts';
import type { Labels } from './entry.ts';
import { renderJsonFeed } from './json-feed.ts';
import type { FeedFormat, FeedMeta } from './meta.ts';
import { renderRss } from './rss.ts';

export type { FeedFormat, FeedMeta, Labels };

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/**
 * One combined feed document, as UTF-8 (what is served). RSS and Atom are written here rather than by the `feed`
 * library, which puts an outlet's bare name in RSS <author> (an e-mail field: the W3C validator rejects it) and cannot
 * write <source> or dc:creator.
 */
export function renderFeedBytes(format: FeedFormat, meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): Buffer {
  switch (format) {
    case 'rss':
      return renderRss(meta, stories, labels);
    case 'atom':
      return renderAtom(meta, stories, labels);
    case 'json':
      return Buffer.from(renderJsonFeed(meta, stories, labels), 'utf8');
  }
}

/** The same document as text. */
export function renderFeed(format: FeedFormat, meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): string {
  return renderFeedBytes(format, meta, stories, labels).toString('utf8');
}
