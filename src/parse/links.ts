import { isTag } from 'domhandler';
import type { Element } from './dom.ts';

/** An absolute http(s) URL, or null for anything else (javascript:, mailto:, garbage). */
export function resolveUrl(href: string | undefined | null, base: string): string | null {
  const value = href?.trim();
  if (!value) return null;
  try {
    const u = new URL(value, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The base URI in effect at `el`: the document URL, refined by every xml:base from the root down to `el`. */
export function baseOf(el: Element, documentUrl: string): string {
  const chain: string[] = [];
  for (let node: Element | null = el; node; node = node.parent && isTag(node.parent) ? node.parent : null) {
    const base = node.attribs['xml:base'];
    if (base !== undefined) chain.push(base.trim());
  }
  let base = documentUrl;
  for (const step of chain.reverse()) {
    try {
      base = new URL(step, base).href;
    } catch {
      // An unusable xml:base is ignored rather than losing every link under it.
    }
  }
  return base;
}
