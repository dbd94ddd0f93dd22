/** An HTML page where a feed was expected: find the feeds it advertises so the error can name them. */
import { parseDocument } from 'htmlparser2';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { resolveUrl } from './links.ts';
import { prologEnd, rootName } from './prolog.ts';

const FEED_TYPES = /^application\/(rss|atom|rdf)\+xml$|^application\/feed\+json$/i;

function* elements(node: AnyNode): Generator<Element> {
  if (isTag(node)) yield node;
  if ('children' in node) for (const c of node.children) yield* elements(c);
}

/** An HTML page: its root is <html>/<head>/<body>, or it has an HTML DOCTYPE and no root element at all. */
export function looksLikeHtml(text: string): boolean {
  const root = rootName(text)?.toLowerCase();
  if (root) return root === 'html' || root === 'head' || root === 'body';
  return /<!doctype\s+html/i.test(text.slice(0, prologEnd(text)));
}

/** Feed URLs from <link rel="alternate" type="application/rss+xml|atom+xml">, absolute, in page order. */
export function advertisedFeeds(html: string, pageUrl: string): string[] {
  const all = [...elements(parseDocument(html))];
  const baseHref = all.find((e) => e.name === 'base')?.attribs.href;
  const base = resolveUrl(baseHref, pageUrl) ?? pageUrl;
  const feeds = all
    .filter((e) => e.name === 'link' && /(^|\s)alternate(\s|$)/i.test(e.attribs.rel ?? '') && FEED_TYPES.test((e.attribs.type ?? '').trim()))
    .map((e) => resolveUrl(e.attribs.href, base))
    .filter((u): u is string => u !== null);
  return [...new Set(feeds)];
}
