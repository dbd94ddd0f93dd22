import type { StorySummary } from '../model/story.ts';

/**
 * Rendered feed entries, remembered per story and format. A feed the response cache missed (a new filter, or the
 * first request after new items) lists mostly stories it rendered before; rendering an entry again cost about as much
 * as listing it. An entry is reused only when everything it was rendered from is the same: the whole story as listed
 * (compared field by field, text included) and `deps`, the strings the entry takes from outside the story (its tags'
 * labels and URLs, its outlets' names and URLs, the home URL), which the caller computes afresh each time. So the
 * bytes are always those of rendering anew. Least recently used first out.
 *
 * Entries are kept as UTF-8, and a feed is the concatenation of its entries' bytes (rss.ts, atom.ts): joining 50
 * entries as strings and encoding the result cost more than rendering them from the memo did. Every entry begins and
 * ends with a tag, so no character is split between two entries' bytes.
 */
/** A few feeds' worth: about 2,048 × 8 KB (the story as listed and its entry) for articles of a thousand characters. */
const MAX_ENTRIES = 2048;

interface Kept {
  story: StorySummary;
  deps: string[];
  out: Buffer;
}

const kept = new Map<string, Kept>();

/** Plain data (strings, numbers, null, arrays, objects) equal throughout. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function rememberedEntry(format: string, story: StorySummary, deps: string[], render: () => string): Buffer {
  const key = `${format}:${story.id}`;
  const hit = kept.get(key);
  if (hit && same(hit.deps, deps) && same(hit.story, story)) {
    kept.delete(key);
    kept.set(key, hit);
    return hit.out;
  }
  const out = Buffer.from(render(), 'utf8');
  kept.delete(key);
  kept.set(key, { story, deps, out });
  for (const oldest of kept.keys()) {
    if (kept.size <= MAX_ENTRIES) break;
    kept.delete(oldest);
  }
  return out;
}
