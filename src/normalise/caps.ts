/**
 * The caps on what an item may carry, in one place. A feed can put 5 MB in a <title>; stored whole, it would be
 * served in every page, feed and API response that lists the item. Each field a reader sees is cut here, in the
 * normalise stage every item passes (normaliseItems), and article bodies read after it (scrape/article.ts) are cut
 * by the same rule. Lengths are UTF-16 code units, which is characters for Chinese text. See docs/limits.md.
 */
import type { ParsedItem } from '../model/item.ts';
import { sanitiseHtml } from '../parse/html-policy.ts';
import { graphemeBoundary, truncateText } from '../text/truncate.ts';

export const ITEM_CAPS = Object.freeze({
  /** A headline: no real one comes near (a Chinese headline is under 50 characters). */
  title: 500,
  /** The plain-text summary. A feed that puts the whole article in its description keeps its first 10,000 characters. */
  summary: 10_000,
  /** An author or outlet name. */
  author: 200,
  /** Categories kept per item, and the length of each. */
  categories: 50,
  category: 100,
  /** The sanitised HTML body, markup included: a long feature article is about 100,000. */
  body: 200_000,
});

const ELLIPSIS = '…';

/** Where HTML may be cut: not inside a tag or an entity, and not inside a grapheme of its text. */
function htmlCutPoint(html: string, at: number): number {
  let cut = graphemeBoundary(html, at);
  const lt = html.lastIndexOf('<', cut - 1);
  if (lt > html.lastIndexOf('>', cut - 1)) cut = lt;
  const amp = html.lastIndexOf('&', cut - 1);
  if (amp !== -1 && cut - amp <= 32 && !html.slice(amp, cut).includes(';') && amp > html.lastIndexOf('>', cut - 1)) cut = amp;
  return cut;
}

/**
 * Sanitised HTML cut to at most `max` characters: cut between tags or in text, "…" added, and the elements left
 * open closed again (by the sanitiser, which is what made the HTML in the first place). The closing tags take room
 * too, so the cut moves back until everything fits.
 */
export function truncateHtml(html: string, max: number): string {
  if (html.length <= max) return html;
  let budget = max - ELLIPSIS.length;
  for (;;) {
    const cut = htmlCutPoint(html, budget);
    const out = sanitiseHtml(`${html.slice(0, cut).trimEnd()}${ELLIPSIS}`, null);
    if (out.length <= max || cut === 0) return out.length <= max ? out : truncateText(out, max);
    budget = cut - (out.length - max);
  }
}

function capped(value: string | null, max: number): string | null {
  return value === null ? null : truncateText(value, max);
}

/** The item with every field within ITEM_CAPS; the same object when nothing had to be cut. */
export function capItem<T extends Partial<ParsedItem>>(item: T): T {
  const over =
    (item.title?.length ?? 0) > ITEM_CAPS.title ||
    (item.summary?.length ?? 0) > ITEM_CAPS.summary ||
    (item.author?.length ?? 0) > ITEM_CAPS.author ||
    (item.contentHtml?.length ?? 0) > ITEM_CAPS.body ||
    (item.categories !== undefined &&
      (item.categories.length > ITEM_CAPS.categories || item.categories.some((c) => c.length > ITEM_CAPS.category)));
  if (!over) return item;
  const out = { ...item };
  if (item.title !== undefined) out.title = truncateText(item.title, ITEM_CAPS.title);
  if (item.summary !== undefined) out.summary = capped(item.summary, ITEM_CAPS.summary);
  if (item.author !== undefined) out.author = capped(item.author, ITEM_CAPS.author);
  if (item.contentHtml !== undefined) out.contentHtml = item.contentHtml === null ? null : truncateHtml(item.contentHtml, ITEM_CAPS.body);
  if (item.categories !== undefined) {
    out.categories = item.categories.slice(0, ITEM_CAPS.categories).map((c) => truncateText(c, ITEM_CAPS.category));
  }
  return out;
}
