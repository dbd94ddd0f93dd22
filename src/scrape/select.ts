import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { htmlToText } from '../parse/html.ts';

/** A field selector split into CSS and an optional attribute: `time@datetime`, `@href` (the element itself). */
export function splitSelector(spec: string): { css: string; attr: string | null } {
  const at = spec.lastIndexOf('@');
  // `a[href*="@"]` keeps its @: only a trailing `@name` is an attribute.
  if (at >= 0 && /^@[\w:-]+$/.test(spec.slice(at))) return { css: spec.slice(0, at).trim(), attr: spec.slice(at + 1) };
  return { css: spec.trim(), attr: null };
}

/** The elements a field selector names inside `scope` (the scope itself for a bare `@attr`). */
export function findIn(scope: Cheerio<AnyNode>, spec: string): Cheerio<AnyNode> {
  const { css } = splitSelector(spec);
  return css === '' ? scope : scope.find(css);
}

/**
 * Plain text of an element, whitespace collapsed. cheerio's own text is used when the element holds no script or
 * style (far cheaper than a sanitiser pass per field); otherwise htmlToText
 * keeps script bodies out.
 */
function elementText($: CheerioAPI, el: Cheerio<AnyNode>): string {
  if (el.find('script, style, noscript, textarea').length > 0) return htmlToText($.html(el.contents()));
  return el.text().replace(/[\s\u3000]+/g, ' ').trim();
}

function readOne($: CheerioAPI, el: Cheerio<AnyNode>, attr: string | null): string {
  if (!attr) return elementText($, el);
  const value = el.attr(attr);
  return value === undefined ? '' : value.replace(/[\s\u3000]+/g, ' ').trim();
}

/** Plain text of the first match: the attribute when the selector names one, otherwise the element's text. */
export function readField($: CheerioAPI, scope: Cheerio<AnyNode>, spec: string): string | null {
  const el = findIn(scope, spec).first();
  if (el.length === 0) return null;
  return readOne($, el, splitSelector(spec).attr) || null;
}

/** Plain text (or attribute) of every match, blanks and repeats dropped: tags and category links. */
export function readAllFields($: CheerioAPI, scope: Cheerio<AnyNode>, spec: string): string[] {
  const { attr } = splitSelector(spec);
  const values = findIn(scope, spec)
    .toArray()
    .map((node) => readOne($, $(node), attr))
    .filter((v) => v !== '');
  return [...new Set(values)];
}
