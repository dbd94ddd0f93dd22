import type { StorySummary } from '../model/story.ts';
import { escapeHtml } from './html-escape.ts';
import { sanitisedForReaders } from './sanitised.ts';

/** Names and URLs to show for source and tag ids. */
export interface Labels {
  source(id: string): string;
  tag(id: string): string;
  /** The feed URL of a source, for RSS `<source url>`; undefined for a source no longer in the config. */
  sourceUrl?(id: string): string | undefined;
}

export interface Outlet {
  id: string;
  name: string;
  /** The outlet's copy of the story. */
  url: string | null;
}

/** Only http(s) links leave huiju: a javascript: or data: URL in a stored row must reach no reader and no page. */
export function webUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/**
 * Every outlet that carried the story, the representative first, each once. Only the representative is credited as
 * the author (dc:creator, Atom author, JSON Feed authors): readers show one author, and with one per outlet they showed
 * the last, a republisher. The others are categories (RSS, Atom), `_huiju.outlets` (JSON Feed) and the 同时报道 footer.
 */
export function outletsOf(story: StorySummary, labels: Labels): Outlet[] {
  const seen = new Set<string>();
  const out: Outlet[] = [];
  for (const c of [{ source: story.source, url: story.url }, ...story.duplicates]) {
    if (seen.has(c.source)) continue;
    seen.add(c.source);
    out.push({ id: c.source, name: labels.source(c.source), url: webUrl(c.url) });
  }
  return out;
}



/**
 * The time an entry was last changed by its publisher: the representative copy's own date. The story's updatedAt is
 * when huiju last saw any copy of it; a reader that took that for an edit would show the story again as updated each
 * time another outlet republished it.
 */
export function entryUpdated(story: StorySummary): string {
  return story.itemUpdatedAt && story.itemUpdatedAt > story.publishedAt ? story.itemUpdatedAt : story.publishedAt;
}

/** The entry body: the representative copy's content, then the other outlets that carried the story, linked. */
export function entryHtml(story: StorySummary, labels: Labels): string {
  // Republished HTML passes through the sanitiser again on the way out, by the same policy as on the way in
  // (parse/html-policy.ts): the parse stage already cleaned it, but a row written by an older huiju (or by hand) must
  // not reach every subscriber's reader with a script in it. Remembered per copy (sanitised.ts).
  const body = story.contentHtml ? sanitisedForReaders(story.itemId, story.contentHtml) : story.summary ? `<p>${escapeHtml(story.summary)}</p>` : '';
  const others = outletsOf(story, labels).slice(1);
  if (others.length === 0) return body;
  const links = others.map((o) => (o.url ? `<a href="${escapeHtml(o.url)}">${escapeHtml(o.name)}</a>` : escapeHtml(o.name))).join('、');
  return `${body}<p>同时报道：${links}</p>`;
}
