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
 * One combined feed document. RSS and Atom are written here rather than by the `feed` library, which puts an outlet's
 * bare name in RSS <author> (an e-mail field: the W3C validator rejects it) and cannot write <source> or dc:creator.
 */
export function renderFeed(format: FeedFormat, meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): string {
  switch (format) {
    case 'rss':
      return renderRss(meta, stories, labels);
    case 'atom':
      return renderAtom(meta, stories, labels);
    case 'json':
      return renderJsonFeed(meta, stories, labels);
  }
}
