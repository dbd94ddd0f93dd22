/**
 * huiju's public entry points, wired the way `huiju fetch` wires them, for the in-process scenarios. Kept in one
 * place so a change to a stage's contract is fixed once here.
 */
import { normaliseItems } from '../../src/normalise/item.ts';
import { parseFeed } from '../../src/parse/index.ts';
import { ingestItems, type IngestContext } from '../../src/pipeline/ingest.ts';
import { catchUpStoredItems } from '../../src/pipeline/catch-up.ts';
import { retagIfRulesChanged } from '../../src/pipeline/retag.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { compileTagger } from '../../src/tag/index.ts';
import type { TagRule } from '../../src/tag/schema.ts';

export { normaliseItems, ingestItems, retagIfRulesChanged, openStore, compileTagger };
export type { Store, IngestContext };

export const TIMEZONE = 'Asia/Shanghai';
const DEFAULT_WINDOW_DAYS = 3;

/**
 * A store (a SQLite file or a postgres:// URL) with the given rules and the text version recorded as current, as
 * `huiju fetch` leaves it, so that a later retag is a no-op unless the rules change and `huiju serve` on it does not
 * re-derive every item's text.
 */
export async function openBenchStore(location: string, tags: readonly TagRule[]): Promise<{ store: Store; ctx: IngestContext }> {
  const store = await openStore(location);
  const tagger = compileTagger(tags);
  await catchUpStoredItems(store, tagger);
  const ctx: IngestContext = { store, tagger, dedup: { windowMs: DEFAULT_WINDOW_DAYS * 86_400_000 }, priorityOf: () => 0 };
  return { store, ctx };
}

/** Decoded feed text → huiju's parsed items, as `huiju fetch` calls the parse stage. */
export function parseDocument(text: string, url: string, now: Date) {
  return parseFeed(text, { url, timezone: TIMEZONE, now });
}
