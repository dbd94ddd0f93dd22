import type { StorySummary } from '../model/story.ts';
import { entryHtml, entryUpdated, outletsOf, webUrl, type Labels } from './entry.ts';
import type { FeedMeta } from './meta.ts';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with huiju's own ids under the `_huiju` extension. */
export function renderJsonFeed(meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    description: meta.description,
    home_page_url: meta.homeUrl,
    feed_url: meta.links.json,
    hubs: meta.hubs?.length ? meta.hubs.map((url) => ({ type: 'WebSub', url })) : undefined,
    language: 'zh-CN',
    authors: [{ name: 'huiju 汇聚' }],
    items: stories.map((s) => {
      const outlets = outletsOf(s, labels);
      return {
        id: s.guid,
        url: webUrl(s.url) ?? undefined,
        title: s.title,
        summary: s.summary ?? undefined,
        content_html: entryHtml(s, labels),
        date_published: s.publishedAt,
        date_modified: entryUpdated(s),
        // The representative outlet alone (see outletsOf). An author's url is the author's site, not this story's
        // copy there: the copies are linked in content_html and listed in _huiju.outlets.
        authors: [{ name: outlets[0]!.name }],
        tags: s.tags.map((t) => labels.tag(t)),
        _huiju: {
          source: s.source,
          outlets: outlets.map((o) => ({ source: o.id, name: o.name, url: o.url })),
          tags: s.tags,
          duplicates: s.duplicates.map((d) => ({ source: d.source, url: d.url, title: d.title })),
        },
      };
    }),
  });
}
