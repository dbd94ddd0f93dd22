/** RawEntry (format-neutral) → huiju's ParsedItem: plain titles, sanitised HTML, UTC dates with flags. */
import type { DateFlag, ParsedItem } from '../model/item.ts';
import { parseFeedDate, type DateContext, type ParsedDate } from './dates.ts';
import type { FeedText, RawEntry } from './entry.ts';
import { htmlToText, sanitiseContent } from './html.ts';
import type { NestingReport } from './nesting.ts';

export function plainText(text: FeedText | null, report?: NestingReport): string | null {
  if (!text) return null;
  // Atom type="text" is text: what looks like markup or an entity in it is meant literally.
  const plain = text.html ? htmlToText(text.value, report) : text.value.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
  return plain || null;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function asHtml(text: FeedText): string {
  return text.html ? text.value : escapeHtml(text.value).replace(/\n/g, '<br>');
}

const EMAIL = String.raw`[^\s()<>@]+@[^\s()<>@]+`;
const NAMED_EMAIL = [
  new RegExp(`^${EMAIL}\\s*\\((.+)\\)$`), // me@x.com (Name): RSS 2.0's own form
  new RegExp(`^(.+?)\\s*\\(${EMAIL}\\)$`), // Name (me@x.com)
  new RegExp(`^(.+?)\\s*<${EMAIL}>$`), // Name <me@x.com>
];

/** A person's name from RSS author strings that wrap it with an e-mail address; other strings as given. */
export function authorName(raw: string): string {
  // Matched before HTML is stripped: `Name <me@x.com>` would otherwise lose the address as a "tag".
  const text = raw.replace(/\s+/g, ' ').trim();
  for (const re of NAMED_EMAIL) {
    const name = text.match(re)?.[1];
    if (name) return htmlToText(name);
  }
  return htmlToText(text);
}

/**
 * publishedAt is the published date, else the updated one (RSS feeds often carry only dc:date). The flag explains
 * the date that was used, or, when none was usable, the most telling reason (a present-but-bad date beats none).
 */
function pickDates(raw: RawEntry, ctx: DateContext): { publishedAt: string | null; updatedAt: string | null; flag: DateFlag } {
  const updated = parseFeedDate(raw.updated, ctx);
  let published = parseFeedDate(raw.published, ctx);
  if (published.flag === 'missing' && updated.flag === 'missing' && raw.looseDate) {
    const loose = parseFeedDate(raw.looseDate, ctx);
    // Loose text is only taken when it really is a date; otherwise the entry simply has none.
    if (loose.flag !== 'unparseable') published = loose;
  }
  const used: ParsedDate = published.iso !== null || updated.iso === null ? published : updated;
  const flag = used.flag === 'missing' && updated.flag !== 'missing' ? updated.flag : used.flag;
  return { publishedAt: used.iso, updatedAt: updated.iso, flag };
}

/** `report`, when given, says whether any of the entry's HTML nested deeper than the cap (and was flattened). */
export function adaptItem(raw: RawEntry, ctx: DateContext, report?: NestingReport): ParsedItem {
  const { publishedAt, updatedAt, flag } = pickDates(raw, ctx);
  const html = raw.content ?? raw.summary;
  const sanitised = html ? sanitiseContent(asHtml(html), raw.contentBase, report) : '';
  return {
    guid: raw.id,
    url: raw.link,
    title: plainText(raw.title, report) ?? '',
    summary: plainText(raw.summary, report) ?? plainText(raw.content, report),
    contentHtml: sanitised || null,
    author: raw.author ? authorName(raw.author) || null : null,
    publishedAt,
    updatedAt,
    dateFlag: flag,
    categories: raw.categories.map((c) => htmlToText(c)).filter(Boolean),
    enclosures: raw.enclosures,
  };
}
