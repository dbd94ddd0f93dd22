/** Atom 1.0 and Atom 0.3 → RawFeed. */
import { attr, child, childElements, children, innerMarkup, localName, markupOf, namespaceOf, NS, textOf, type Element } from './dom.ts';
import { enclosureLength, firstOf, type FeedText, type RawEntry, type RawFeed } from './entry.ts';
import { baseOf, resolveUrl } from './links.ts';

/** Atom elements: either version's namespace, or none for the odd feed that forgot it. */
const ATOM = [NS.atom10, NS.atom03, ''];

function text(el: Element | undefined): string | null {
  return el ? firstOf(textOf(el)) : null;
}

/** An Atom text construct: type text|html|xhtml (1.0), or a MIME type with mode escaped|xml|base64 (0.3). */
export function atomText(el: Element | undefined): FeedText | null {
  if (!el) return null;
  const type = (attr(el, 'type') ?? 'text').toLowerCase();
  const mode = attr(el, 'mode')?.toLowerCase();
  let value: string;
  let isHtml: boolean;
  // Atom 1.0: a MIME type that is neither text/* nor XML means the content is base64.
  const binary = type.includes('/') && !type.startsWith('text/') && !type.includes('xml');
  if (mode === 'base64' || binary) {
    value = Buffer.from(textOf(el).replace(/\s+/g, ''), 'base64').toString('utf8');
    isHtml = type.includes('html');
  } else if (type === 'xhtml' || type.includes('xhtml') || mode === 'xml') {
    const div = childElements(el).find((c) => localName(c) === 'div' && namespaceOf(c) === NS.xhtml);
    value = innerMarkup(div ?? el);
    isHtml = true;
  } else {
    value = markupOf(el);
    isHtml = type === 'html' || type.includes('html') || mode === 'escaped';
  }
  value = value.trim();
  return value ? { value, html: isHtml } : null;
}

function linksOf(el: Element, rel: string): Element[] {
  return children(el, ATOM, 'link').filter((l) => (attr(l, 'rel') ?? 'alternate').toLowerCase() === rel);
}

function alternateLink(el: Element, docUrl: string): string | null {
  const links = linksOf(el, 'alternate');
  const best = links.find((l) => /html/i.test(attr(l, 'type') ?? 'text/html')) ?? links[0];
  return best ? resolveUrl(attr(best, 'href') ?? textOf(best), baseOf(best, docUrl)) : null;
}

function authorName(el: Element | undefined): string | null {
  const author = el ? child(el, ATOM, 'author') : undefined;
  return author ? firstOf(text(child(author, ATOM, 'name')), text(child(author, ATOM, 'email'))) : null;
}

function categories(entry: Element): string[] {
  const out: string[] = [];
  for (const el of childElements(entry)) {
    const name = localName(el);
    const ns = namespaceOf(el);
    if (name === 'category' && ATOM.includes(ns)) out.push(attr(el, 'term') ?? textOf(el));
    else if (name === 'subject' && ns === NS.dc) out.push(textOf(el));
  }
  return out.map((c) => c.trim()).filter(Boolean);
}

function readEntry(entry: Element, feedAuthor: string | null, docUrl: string): RawEntry {
  const contents = children(entry, ATOM, 'content');
  const content = contents.find((c) => /html/i.test(attr(c, 'type') ?? '')) ?? contents[0];
  const summary = child(entry, ATOM, 'summary');
  return {
    id: text(child(entry, ATOM, 'id')),
    link: alternateLink(entry, docUrl),
    title: atomText(child(entry, ATOM, 'title')),
    summary: atomText(summary),
    content: atomText(content),
    contentBase: baseOf(content ?? summary ?? entry, docUrl),
    // Atom: an entry without an author inherits its source's, then its feed's.
    author: firstOf(authorName(entry), authorName(child(entry, ATOM, 'source')), feedAuthor, text(child(entry, [NS.dc], 'creator'))),
    published: firstOf(text(child(entry, ATOM, 'published')), text(child(entry, ATOM, 'issued')), text(child(entry, ATOM, 'created'))),
    updated: firstOf(text(child(entry, ATOM, 'updated')), text(child(entry, ATOM, 'modified')), text(child(entry, [NS.dc], 'date'))),
    looseDate: null,
    categories: categories(entry),
    enclosures: linksOf(entry, 'enclosure').flatMap((l) => {
      const url = resolveUrl(attr(l, 'href'), baseOf(l, docUrl));
      return url ? [{ url, type: firstOf(attr(l, 'type')), length: enclosureLength(attr(l, 'length')) }] : [];
    }),
  };
}

export function readAtom(root: Element, docUrl: string): RawFeed {
  const feedAuthor = authorName(root); // once: the feed has as many children as entries
  return {
    format: 'atom',
    title: atomText(child(root, ATOM, 'title')),
    siteUrl: alternateLink(root, docUrl),
    entries: children(root, ATOM, 'entry').map((e) => readEntry(e, feedAuthor, docUrl)),
  };
}
