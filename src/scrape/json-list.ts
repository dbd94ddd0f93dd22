import type { SourceConfig } from '../config/schema.ts';
import type { DateContext } from '../parse/dates.ts';
import type { ParsedFeed, ParsedItem } from '../model/item.ts';
import { htmlToText } from '../parse/html.ts';
import type { JsonSpec } from './schema.ts';
import { ScrapeError } from './errors.ts';
import { parseScrapedDate } from './date-format.ts';
import { readEmbeddedJson, readJsonDocument } from './embedded.ts';
import { asText, describeMiss, pathLabel, selectAll, selectFirst, type FieldPath } from './json-path.ts';
import { fillTemplate } from './link-template.ts';
import { dropRepeats, resolveLink, toParsedItem } from './item.ts';

/** Text of a mapped field, HTML stripped (新华网 titles arrive as `<a …>` fragments). */
function textField(item: unknown, paths: FieldPath | undefined): string | null {
  if (!paths) return null;
  const value = asText(selectFirst(item, paths));
  return value === null ? null : htmlToText(value) || null;
}

/** Category names at a path: strings, or scalars reached through `*` (`tagList.*.tag`). */
function categoriesField(item: unknown, path: string | undefined): string[] {
  if (!path) return [];
  const found = selectAll(item, path).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return [...new Set(found.map(asText).filter((c): c is string => c !== null))];
}

/**
 * The entries the `items` path(s) lead to. A path that leads nowhere or not to an array is a source error, unless
 * it ends in `?` (a block the site shows only sometimes, like 澎湃's top carousel).
 */
function readEntries(source: SourceConfig, spec: JsonSpec, root: unknown, url: string): unknown[] {
  const paths = typeof spec.items === 'string' ? [spec.items] : spec.items;
  return paths.flatMap((written) => {
    const optional = written.endsWith('?');
    const path = optional ? written.slice(0, -1) : written;
    const found = selectAll(root, path);
    if (found.length === 0) {
      if (optional) return [];
      throw new ScrapeError(`JSON path "${path}" leads nowhere in ${url}: ${describeMiss(root, path)}`, source.id);
    }
    // `groups.*.items` reaches one array per group: their entries are concatenated, as are entries reached
    // directly (`groups.*.items.*`). A plain path must end on an array.
    if (path.includes('*')) return found.flatMap((v) => (Array.isArray(v) ? v : [v]));
    const list = found[0];
    if (Array.isArray(list)) return list;
    if (optional && (list === null || list === undefined)) return [];
    throw new ScrapeError(`JSON path "${path}" in ${url} is ${list === null ? 'null' : typeof list}, not an array of items`, source.id);
  });
}

/** An API response (or JSON embedded in a page) → items, by the source's path and field mapping. */
export function extractJsonItems(source: SourceConfig, spec: JsonSpec, doc: { text: string; finalUrl: string }, ctx: DateContext): ParsedFeed {
  const root = spec.embedded ? readEmbeddedJson(source.id, doc.text, spec.embedded, doc.finalUrl) : readJsonDocument(source.id, doc.text, doc.finalUrl);
  const entries = readEntries(source, spec, root, doc.finalUrl);
  const label = typeof spec.items === 'string' ? spec.items : spec.items.join(', ');
  if (entries.length === 0) throw new ScrapeError(`0 items at JSON path "${label}" in ${doc.finalUrl}`, source.id);

  const { fields } = spec;
  const parsed: ParsedItem[] = [];
  let untitled = 0;
  let undated = 0;
  for (const entry of entries) {
    const title = textField(entry, fields.title);
    if (!title) {
      untitled += 1;
      continue;
    }
    const direct = fields.link ? asText(selectFirst(entry, fields.link)) : null;
    const href = direct ?? (fields.linkTemplate ? fillTemplate(fields.linkTemplate, entry) : null);
    const date = fields.date ? parseScrapedDate(selectFirst(entry, fields.date), spec.dateFormat, ctx) : { iso: null, flag: 'missing' as const };
    if (date.flag === 'unparseable') undated += 1;
    parsed.push(
      toParsedItem({
        title,
        url: resolveLink(href, doc.finalUrl),
        guid: fields.id ? asText(selectFirst(entry, fields.id)) : null,
        summary: textField(entry, fields.summary),
        author: textField(entry, fields.author),
        date,
        categories: categoriesField(entry, fields.categories),
      }),
    );
  }

  if (parsed.length === 0)
    throw new ScrapeError(`title field "${pathLabel(fields.title)}" is empty in all ${entries.length} items at "${label}" in ${doc.finalUrl}`, source.id);
  const warnings: string[] = [];
  if (untitled > 0) warnings.push(`${untitled} of ${entries.length} items had no title at "${pathLabel(fields.title)}" and were skipped`);
  if (undated > 0) warnings.push(`${undated} dates at "${pathLabel(fields.date ?? '')}" could not be read`);
  const { items, dropped } = dropRepeats(parsed);
  if (dropped > 0) warnings.push(`${dropped} items repeated an earlier item's link and were dropped`);
  const noLink = items.filter((i) => i.url === null).length;
  if (noLink > 0) warnings.push(`${noLink} items have no usable link`);

  return { format: 'json', title: null, siteUrl: null, items, warnings };
}
