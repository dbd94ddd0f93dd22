import type { StorySummary } from '../model/story.ts';
import { HOMEPAGE, VERSION } from '../version.ts';
import { entryHtml, entryUpdated, outletsOf, webUrl, type Labels, type Outlet } from './entry.ts';
import { rememberedEntry } from './entry-memo.ts';
import { outletUrl, type FeedMeta } from './meta.ts';
import { el, empty, parent, startTag, XML_DECLARATION } from './xml.ts';

function entry(story: StorySummary, meta: FeedMeta, labels: Labels): Buffer {
  const outlets = outletsOf(story, labels);
  // What the entry takes from outside the story (entry-memo.ts): tag labels, outlet names, the schemes, the home URL.
  const deps = [meta.homeUrl, meta.tagUrl(''), outletUrl(meta, ''), ...story.tags.map((t) => labels.tag(t)), ...outlets.map((o) => o.name)];
  return rememberedEntry('atom', story, deps, () => renderEntry(story, meta, labels, outlets));
}

function renderEntry(story: StorySummary, meta: FeedMeta, labels: Labels, outlets: Outlet[]): string {
  return parent('entry', [
    el('id', story.guid),
    el('title', story.title || '(无标题)', { type: 'text' }),
    empty('link', { rel: 'alternate', type: 'text/html', href: webUrl(story.url) ?? meta.homeUrl }),
    el('published', new Date(story.publishedAt).toISOString()),
    el('updated', new Date(entryUpdated(story)).toISOString()),
    // One author, the representative outlet; every outlet is a category in the outlets scheme.
    parent('author', [el('name', outlets[0]!.name)]),
    ...story.tags.map((t) => empty('category', { term: t, label: labels.tag(t), scheme: meta.tagUrl('') })),
    ...outlets.map((o) => empty('category', { term: o.id, label: o.name, scheme: outletUrl(meta, '') })),
    el('summary', story.summary, { type: 'text' }),
    el('content', entryHtml(story, labels), { type: 'html' }),
  ]);
}

/** Atom 1.0 (RFC 4287), as UTF-8. The feed id is its own URL: each filter is a distinct feed. */
export function renderAtom(meta: FeedMeta, stories: readonly StorySummary[], labels: Labels): Buffer {
  const head = [
    el('id', meta.links.atom),
    el('title', meta.title, { type: 'text' }),
    el('subtitle', meta.description, { type: 'text' }),
    el('updated', meta.updated.toISOString()),
    empty('link', { rel: 'self', type: 'application/atom+xml', href: meta.links.atom }),
    ...(meta.hubs ?? []).map((href) => empty('link', { rel: 'hub', href })),
    empty('link', { rel: 'alternate', type: 'text/html', href: meta.homeUrl }),
    empty('link', { rel: 'alternate', type: 'application/rss+xml', href: meta.links.rss }),
    empty('link', { rel: 'alternate', type: 'application/feed+json', href: meta.links.json }),
    // A feed-level author covers entries whose outlets are unknown (RFC 4287 §4.1.1).
    parent('author', [el('name', 'huiju 汇聚')]),
    el('generator', 'huiju', { uri: HOMEPAGE, version: VERSION }),
    el('rights', 'Copyright belongs to the original publishers'),
  ];
  // <feed>, its own elements, then its entries: the remembered entries' bytes as they are.
  return Buffer.concat([
    Buffer.from(`${XML_DECLARATION}${startTag('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'zh-CN' })}${head.join('')}`, 'utf8'),
    ...stories.map((s) => entry(s, meta, labels)),
    Buffer.from('</feed>\n', 'utf8'),
  ]);
}
