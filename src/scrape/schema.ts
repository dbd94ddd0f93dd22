import * as cheerio from 'cheerio';
import { z } from 'zod';

/**
 * Selectors are CSS (cheerio). A field selector may end in `@attr` to read an attribute instead of the text
 * (`time@datetime`, `a@href`); a bare `@attr` reads the matched item element itself.
 */
const selector = z
  .string()
  .min(1, 'must be a CSS selector, not empty')
  .superRefine((spec, ctx) => {
    const problem = selectorProblem(spec);
    if (problem) ctx.addIssue({ code: 'custom', message: `is not a valid CSS selector: ${problem}` });
  });

const probe = cheerio.load('');

/** Why cheerio would refuse the selector (a trailing `@attr` set aside), or null. Checked once, at config load. */
function selectorProblem(spec: string): string | null {
  const css = spec.replace(/@[\w:-]+$/, '').trim();
  if (css === '') return null;
  try {
    probe(css);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * How a date is written, e.g. `YYYY-MM-DD HH:mm`, `YYYY年MM月DD日`, `MM-DD HH:mm` or `HH:mm`; the pattern is searched
 * for inside the text.
 */
const dateFormat = z
  .string()
  .regex(/(YYYY|YY|M|D|H)/, 'must contain date or time tokens such as YYYY, MM, DD, HH, mm');

/**
 * Following each item's link to read the article page (fetched once per new item by the orchestrator). With
 * `embedded`, the page's JSON (e.g. `script#__NEXT_DATA__`) is read and `content`, `date` and `author` are JSON
 * paths into it instead of CSS selectors.
 */
export const articleSpecSchema = z
  .object({
    /** Selector of the article body (its inner HTML is sanitised), or with `embedded` the path to its HTML. */
    content: selector,
    embedded: selector.optional(),
    /** Elements to drop from the body before it is kept (share bars, editor notes). */
    remove: selector.optional(),
    date: selector.optional(),
    dateFormat: dateFormat.optional(),
    author: selector.optional(),
  })
  .strict();

/** `html` block of a source with `type: "html"`: a list page read with CSS selectors. */
export const htmlSpecSchema = z
  .object({
    /** Selector for each item on the list page. */
    item: selector,
    /** Selector inside the item for the title. */
    title: selector,
    /** Selector of the element whose href is the article link (defaults to the title element, then its first link). */
    link: selector.optional(),
    date: selector.optional(),
    /** How the date text is written, e.g. `YYYY-MM-DD HH:mm`; ISO-like text is read without one. */
    dateFormat: dateFormat.optional(),
    summary: selector.optional(),
    /** Selector whose text is a stable id for the item (defaults to none: the link is the identity). */
    id: selector.optional(),
    /** Selector of the item's category or tag elements (every match is one category). */
    categories: selector.optional(),
    article: articleSpecSchema.optional(),
  })
  .strict();

/** Dot path into a JSON document: `data.list`, `list[0].name`, `groups.*.items` (`*` flattens an array). */
const jsonPath = z.string().min(1, 'must be a dot path, e.g. data.list');

/** A field's path, or fallback paths tried in order until one has a value. */
const fieldPath = z.union([jsonPath, z.array(jsonPath).min(1)]);

/** `json` block of a source with `type: "json"`: an API (or JSON embedded in a page) and a field mapping. */
export const jsonSpecSchema = z
  .object({
    method: z.enum(['GET', 'POST']).default('GET'),
    /** JSON body sent with POST. */
    body: z.unknown().optional(),
    /** Extra request headers (e.g. a Referer some APIs want). */
    headers: z.record(z.string(), z.string()).optional(),
    /** Read the JSON from this element of an HTML page, e.g. `script#__NEXT_DATA__`, instead of the whole response. */
    embedded: selector.optional(),
    /**
     * Dot path to the array of items, e.g. `data.list`; several paths are concatenated in order. A path ending in
     * `?` may be absent (an optional block); the others must exist.
     */
    items: z.union([jsonPath, z.array(jsonPath).min(1)]),
    fields: z
      .object({
        title: fieldPath,
        /** Path to the article URL, resolved against the document URL. */
        link: fieldPath.optional(),
        /** Used when `link` is absent or empty: `{path}` placeholders are filled from the item, URL-encoded. */
        linkTemplate: z.string().regex(/\{[^}]+\}/, 'must contain at least one {placeholder}').optional(),
        /** Epoch seconds or milliseconds (number or digits), or date text (see dateFormat). */
        date: fieldPath.optional(),
        summary: fieldPath.optional(),
        id: fieldPath.optional(),
        author: fieldPath.optional(),
        /** Path to the item's categories: an array of strings, or e.g. `tagList.*.tag`. */
        categories: jsonPath.optional(),
      })
      .strict()
      .refine((f) => f.link !== undefined || f.linkTemplate !== undefined, {
        message: 'needs "link" or "linkTemplate" so items have a URL',
      }),
    dateFormat: dateFormat.optional(),
    article: articleSpecSchema.optional(),
  })
  .strict()
  .refine((j) => j.body === undefined || j.method === 'POST', { message: '"body" is only sent with "method": "POST"', path: ['body'] });

export type ArticleSpec = z.infer<typeof articleSpecSchema>;
export type HtmlSpec = z.infer<typeof htmlSpecSchema>;
export type JsonSpec = z.infer<typeof jsonSpecSchema>;
