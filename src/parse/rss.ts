/** RSS 0.9x / 2.0 and RSS 1.0 / 0.90 (RDF) → RawFeed. */
import { isTag } from 'domhandler';
import { attr, canonicalNamespace, child, childElements, children, localName, markupOf, namespaceOf, NS, textOf, type Element } from './dom.ts';
import { enclosureLength, firstOf, type FeedText, type RawEntry, type RawFeed } from './entry.ts';
import { baseOf, resolveUrl } from './links.ts';

const RSS_CORE = ['', NS.rss10, NS.rss090, 'http://backend.userland.com/rss2', 'http://backend.userland.com/rss', 'http://purl.org/net/rss1.1'];

function text(el: Element | undefined): string | null {
  return el ? firstOf(textOf(el)) : null;
}

function html(el: Element | undefined): FeedText | null {
  const value = el ? markupOf(el).trim() : '';
  return value ? { value, html: true } : null;
}

function itemLink(item: Element, core: string[], docUrl: string): string | null {
  const link = child(item, core, 'link');
  if (link) {
    const url = resolveUrl(textOf(link), baseOf(link, docUrl)) ?? resolveUrl(attr(link, 'href'), baseOf(link, docUrl));
    if (url) return url;
  }
  const alternate = children(item, [NS.atom10, NS.atom03], 'link').find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
  if (alternate) return resolveUrl(attr(alternate, 'href'), baseOf(alternate, docUrl));
  // RSS 2.0: a guid that is a permalink is the item's link when no <link> is given.
  const guid = child(item, core, 'guid');
  const permalink = guid && attr(guid, 'ispermalink')?.toLowerCase() !== 'false' && attr(guid, 'isPermaLink')?.toLowerCase() !== 'false';
  const guidText = guid ? textOf(guid).trim() : '';
  return permalink && /^https?:\/\//i.test(guidText) ? resolveUrl(guidText, baseOf(guid, docUrl)) : null;
}

function categories(item: Element, core: string[]): string[] {
  const out: string[] = [];
  for (const el of childElements(item)) {
    const ns = namespaceOf(el);
    const name = localName(el);
    if (name === 'category' && core.includes(ns)) out.push(textOf(el));
    else if (name === 'subject' && ns === NS.dc) out.push(textOf(el));
    else if (name === 'category' && ns === NS.itunes) out.push(...itunesCategories(el));
    else if (name === 'category' && (ns === NS.atom10 || ns === NS.atom03)) out.push(attr(el, 'term') ?? '');
    else if (name === 'category' && ns === NS.media) out.push(textOf(el));
  }
  return out.map((c) => c.trim()).filter(Boolean);
}

/** iTunes categories nest (Technology > Gadgets): each level is a category. */
function itunesCategories(el: Element): string[] {
  return [attr(el, 'text') ?? '', ...children(el, [NS.itunes], 'category').flatMap(itunesCategories)];
}

/** Bare text sitting directly in <item>, outside any element: where Xinhua's feeds put the date. */
function looseText(item: Element): string | null {
  const loose = item.children.filter((n) => n.type === 'text').map((n) => textOf(n)).join(' ');
  return firstOf(loose.replace(/\s+/g, ' '));
}

function readItem(item: Element, core: string[], docUrl: string): RawEntry {
  const content = child(item, [NS.content], 'encoded') ?? child(item, [NS.xhtml, ...core], 'body') ?? child(item, core, 'fullitem');
  const description = child(item, core, 'description') ?? child(item, [NS.dc], 'description') ?? child(item, [NS.itunes], 'summary');
  const authorEl = child(item, [NS.atom10, NS.atom03], 'author');
  return {
    id: firstOf(text(child(item, core, 'guid')), attr(item, 'rdf:about'), text(child(item, [NS.atom10], 'id'))),
    link: itemLink(item, core, docUrl),
    title: html(child(item, core, 'title') ?? child(item, [NS.dc], 'title') ?? child(item, [NS.media], 'title')),
    summary: html(description),
    content: html(content),
    contentBase: baseOf(content ?? description ?? item, docUrl),
    author: firstOf(
      text(child(item, core, 'author')),
      text(child(item, [NS.dc], 'creator')),
      text(child(item, [NS.dc], 'author')),
      text(child(item, [NS.itunes], 'author')),
      authorEl ? text(child(authorEl, [NS.atom10, NS.atom03], 'name')) : null,
    ),
    published: firstOf(
      text(child(item, core, 'pubdate')),
      text(child(item, [NS.dcterms], 'issued')),
      text(child(item, [NS.dcterms], 'created')),
      text(child(item, [NS.atom10], 'published')),
    ),
    updated: firstOf(text(child(item, [NS.dc], 'date')), text(child(item, [NS.dcterms], 'modified')), text(child(item, [NS.atom10], 'updated'))),
    looseDate: looseText(item),
    categories: categories(item, core),
    enclosures: children(item, core, 'enclosure').flatMap((e) => {
      const url = resolveUrl(attr(e, 'url'), baseOf(e, docUrl));
      return url ? [{ url, type: firstOf(attr(e, 'type')), length: enclosureLength(attr(e, 'length')) }] : [];
    }),
  };
}

/** Items may sit in <channel> (RSS 2.0) or beside it (RSS 1.0/0.90, some 0.9x feeds). */
function findItems(root: Element, core: string[]): Element[] {
  const channel = child(root, core, 'channel');
  const inChannel = channel ? children(channel, core, 'item') : [];
  return inChannel.concat(children(root, core, 'item'));
}

export function readRss(root: Element, docUrl: string): RawFeed {
  const rootNs = namespaceOf(root);
  const core = RSS_CORE.includes(rootNs) ? RSS_CORE : [...RSS_CORE, rootNs];
  // RDF feeds put their elements in the RSS 1.0 default namespace, declared on rdf:RDF.
  const defaultNs = root.attribs.xmlns ? canonicalNamespace(root.attribs.xmlns) : undefined;
  if (defaultNs && !core.includes(defaultNs)) core.push(defaultNs);
  const channel = child(root, core, 'channel');
  const channelLink = channel ? child(channel, core, 'link') : undefined;
  return {
    format: localName(root) === 'rdf' ? 'rdf' : 'rss',
    title: channel ? html(child(channel, core, 'title')) : null,
    siteUrl: channelLink ? resolveUrl(textOf(channelLink), baseOf(channelLink, docUrl)) : null,
    entries: findItems(root, core).filter(isTag).map((item) => readItem(item, core, docUrl)),
  };
}
