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
export function findIn($: CheerioAPI, scope: Cheerio<AnyNode>, spec: string): Cheerio<AnyNode> {
  const { css } = splitSelector(spec);
  return css === '' ? scope : scope.find(css);
}

/** Plain text of the first match: the attribute when the selector names one, otherwise the element's text. */
export function readField($: CheerioAPI, scope: Cheerio<AnyNode>, spec: string): string | null {
  const { attr } = splitSelector(spec);
  const el = findIn($, scope, spec).first();
  if (el.length === 0) return null;
  const raw = attr ? el.attr(attr) : $.html(el.contents());
  if (raw === undefined) return null;
  return htmlToText(raw) || null;
}

/** Plain text (or attribute) of every match, blanks and repeats dropped: tags and category links. */
export function readAllFields($: CheerioAPI, scope: Cheerio<AnyNode>, spec: string): string[] {
  const { attr } = splitSelector(spec);
  const values = findIn($, scope, spec)
    .toArray()
    .map((node) => {
      const raw = attr ? $(node).attr(attr) : $.html($(node).contents());
      return raw === undefined ? '' : htmlToText(raw);
    })
    .filter((v) => v !== '');
  return [...new Set(values)];
}
