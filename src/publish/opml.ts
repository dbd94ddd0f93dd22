import type { SourceConfig } from '../config/schema.ts';
import { el, empty, parent, XML_DECLARATION } from './xml.ts';

/**
 * OPML 2.0 subscription list of huiju's own feed sources, for a feed reader to follow the outlets directly. A source's
 * `group` is a folder: one outline holding its sources, placed where its first source is; ungrouped sources stay at
 * the top level. `huiju import-opml` reads the folders back as groups.
 */
export function renderOpml(opts: { title: string; ownerUrl: string; updated: Date }, sources: readonly SourceConfig[]): string {
  const feed = (s: SourceConfig) => empty('outline', { type: 'rss', text: s.name, title: s.name, xmlUrl: s.url, 'huiju:id': s.id });
  const feeds = sources.filter((s) => s.type === 'feed');
  const body: string[] = [];
  const done = new Set<string>();
  for (const s of feeds) {
    if (s.group === undefined) body.push(feed(s));
    else if (!done.has(s.group)) {
      done.add(s.group);
      body.push(parent('outline', feeds.filter((f) => f.group === s.group).map(feed), { text: s.group, title: s.group }));
    }
  }
  const head = parent('head', [
    el('title', opts.title),
    el('dateCreated', opts.updated.toUTCString()),
    el('docs', 'http://opml.org/spec2.opml'),
    el('ownerId', opts.ownerUrl),
  ]);
  return `${XML_DECLARATION}${parent('opml', [head, parent('body', body)], {
    version: '2.0',
    'xmlns:huiju': 'https://github.com/huiju-aggregator/huiju/opml',
  })}\n`;
}
