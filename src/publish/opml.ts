import type { SourceConfig } from '../config/schema.ts';
import { el, empty, parent, XML_DECLARATION } from './xml.ts';

/** OPML 2.0 subscription list of huiju's own sources: feed readers import it to follow the outlets directly. */
export function renderOpml(opts: { title: string; ownerUrl: string; updated: Date }, sources: readonly SourceConfig[]): string {
  const outlines = sources
    .filter((s) => s.type === 'feed')
    .map((s) => empty('outline', { type: 'rss', text: s.name, title: s.name, xmlUrl: s.url, 'huiju:id': s.id }));
  const head = parent('head', [
    el('title', opts.title),
    el('dateCreated', opts.updated.toUTCString()),
    el('docs', 'http://opml.org/spec2.opml'),
    el('ownerId', opts.ownerUrl),
  ]);
  return `${XML_DECLARATION}${parent('opml', [head, parent('body', outlines)], {
    version: '2.0',
    'xmlns:huiju': 'https://github.com/huiju-aggregator/huiju/opml',
  })}\n`;
}
