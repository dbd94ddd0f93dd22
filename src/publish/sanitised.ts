import { sanitiseHtml } from '../parse/html-policy.ts';

/**
 * Stored HTML as it goes out to readers, remembered per copy. Sanitising on the way out (entry.ts) parses every entry
 * of every feed built, and a feed the response cache has not kept (a new filter, the first request after new items)
 * re-parses all 50 articles: most of its render time. The same stored HTML always sanitises to the same output, so the
 * output is kept by item id beside the input it came from, and reused only when the input is the very same text: an
 * edited copy is sanitised afresh, and the bytes served never differ from sanitising anew.
 */
const MAX_ENTRIES = 4096;
/** Input and output characters kept, both counted (Chinese text takes two bytes a character: 8 MB at most). */
const MAX_CHARS = 4 * 1024 * 1024;

const kept = new Map<number, { html: string; out: string }>();
let chars = 0;

export function sanitisedForReaders(itemId: number, html: string): string {
  const hit = kept.get(itemId);
  if (hit && hit.html === html) {
    // Re-insert: Map order is the recency order.
    kept.delete(itemId);
    kept.set(itemId, hit);
    return hit.out;
  }
  const out = sanitiseHtml(html, null);
  if (hit) forget(itemId);
  if (html.length + out.length > MAX_CHARS / 16) return out;
  kept.set(itemId, { html, out });
  chars += html.length + out.length;
  for (const oldest of kept.keys()) {
    if (kept.size <= MAX_ENTRIES && chars <= MAX_CHARS) break;
    forget(oldest);
  }
  return out;
}

function forget(itemId: number): void {
  const e = kept.get(itemId);
  if (!e) return;
  kept.delete(itemId);
  chars -= e.html.length + e.out.length;
}
