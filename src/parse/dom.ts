/**
 * A namespace-aware view over htmlparser2's lenient XML tree. htmlparser2 (in xmlMode) never resolves a DTD,
 * closes what a truncated document left open and does not stop at the first well-formedness error, which is
 * what feeds from the real web need.
 */
import { isCDATA, isTag, isText, type AnyNode, type Document, type Element } from 'domhandler';
import { getInnerHTML } from 'domutils';

export type { Element };

/** Namespace URIs compared loosely: feeds write the iTunes one in capitals and drop MRSS's trailing slash. */
export function canonicalNamespace(uri: string): string {
  return uri.trim().toLowerCase().replace(/[/#]+$/, '');
}

const NS_URIS = {
  atom10: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss10: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  dc: 'http://purl.org/dc/elements/1.1/',
  dcterms: 'http://purl.org/dc/terms/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xhtml: 'http://www.w3.org/1999/xhtml',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  media: 'http://search.yahoo.com/mrss/',
};

export const NS = Object.fromEntries(Object.entries(NS_URIS).map(([k, v]) => [k, canonicalNamespace(v)])) as Record<
  keyof typeof NS_URIS,
  string
>;

// Feeds often use these prefixes without declaring them; read them as everyone means them.
const CONVENTIONAL_PREFIXES: Record<string, string> = {
  atom: NS.atom10,
  rdf: NS.rdf,
  dc: NS.dc,
  dcterms: NS.dcterms,
  content: NS.content,
  xhtml: NS.xhtml,
  itunes: NS.itunes,
  media: NS.media,
};

export function localName(el: Element): string {
  const i = el.name.indexOf(':');
  return (i === -1 ? el.name : el.name.slice(i + 1)).toLowerCase();
}

const nsCache = new WeakMap<Element, string>();

/** The namespace URI of an element, from the xmlns declarations in scope. '' when none. */
export function namespaceOf(el: Element): string {
  const cached = nsCache.get(el);
  if (cached !== undefined) return cached;
  const i = el.name.indexOf(':');
  const prefix = i === -1 ? null : el.name.slice(0, i);
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  let ns: string | undefined;
  for (let node: Element | null = el; node; node = node.parent && isTag(node.parent) ? node.parent : null) {
    const value = node.attribs[attr];
    if (value !== undefined) {
      ns = canonicalNamespace(value);
      break;
    }
  }
  const resolved = ns ?? (prefix ? (CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? `urn:undeclared:${prefix}`) : '');
  nsCache.set(el, resolved);
  return resolved;
}

export function childElements(el: Element | Document): Element[] {
  return el.children.filter(isTag);
}

/** Children whose local name is `name` and whose namespace is one of `namespaces`. */
export function children(el: Element, namespaces: readonly string[], name: string): Element[] {
  return childElements(el).filter((c) => localName(c) === name && namespaces.includes(namespaceOf(c)));
}

export function child(el: Element, namespaces: readonly string[], name: string): Element | undefined {
  return children(el, namespaces, name)[0];
}

/** Character data of an element: text and CDATA sections (adjacent sections join), descendants included. */
export function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (isCDATA(node) || isTag(node)) return node.children.map(textOf).join('');
  return '';
}

/** The element's children serialised as markup (XHTML content), entities re-escaped. */
export function innerMarkup(el: Element): string {
  for (const node of el.children) stripPrefixes(node);
  return getInnerHTML(el, { encodeEntities: 'utf8' });
}

/**
 * Content of an element that carries HTML: escaped or CDATA HTML is its text; HTML written inline as
 * child elements (sloppy but common) is serialised back.
 */
export function markupOf(el: Element): string {
  return el.children.some(isTag) ? innerMarkup(el) : textOf(el);
}

function stripPrefixes(node: AnyNode): void {
  if (!isTag(node)) return;
  const i = node.name.indexOf(':');
  if (i !== -1) node.name = node.name.slice(i + 1);
  node.children.forEach(stripPrefixes);
}

export function attr(el: Element, name: string): string | undefined {
  const value = el.attribs[name];
  return value === undefined ? undefined : value.trim();
}
