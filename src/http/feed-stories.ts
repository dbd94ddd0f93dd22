import type { StoryFilter, StorySummary } from '../model/story.ts';
import type { CopyText, Store } from '../store/store.ts';

/**
 * The stories of a feed, as `store.listStories(filter)` lists them, with the representatives' text taken from memory
 * where it was read before. A feed the response cache missed lists mostly stories it listed before (their entries are
 * remembered too: publish/entry-memo.ts), and reading every copy's text again was most of its listing. So the listing
 * leaves the text out and gives each representative's stamp instead, which changes whenever its text does; only the
 * copies not remembered under that stamp are read. Should a copy's stamp have moved between the two reads, the feed
 * is listed again whole, as before: what is served always comes from one read.
 */

/** Copies remembered: a few feeds' worth (about 2,048 × 6 KB for articles of a thousand characters). */
const MAX_COPIES = 2048;

/** By item id; least recently used first out. */
const remembered = new Map<number, CopyText>();

function remember(itemId: number, text: CopyText): void {
  remembered.delete(itemId);
  remembered.set(itemId, text);
  for (const oldest of remembered.keys()) {
    if (remembered.size <= MAX_COPIES) break;
    remembered.delete(oldest);
  }
}

function recall(itemId: number, stamp: string): CopyText | undefined {
  const text = remembered.get(itemId);
  if (!text || text.textStamp !== stamp) return undefined;
  remembered.delete(itemId);
  remembered.set(itemId, text);
  return text;
}

export async function feedStories(store: Store, filter: StoryFilter): Promise<StorySummary[]> {
  const listed = await store.listStories(filter, { content: 'stamp' });
  const unknown = listed.filter((s) => !recall(s.itemId, s.textStamp!)).map((s) => s.itemId);
  const read = unknown.length ? await store.copyTexts(unknown) : new Map<number, CopyText>();
  for (const [id, text] of read) remember(id, text);
  const whole: StorySummary[] = [];
  for (const { textStamp, ...story } of listed) {
    const text = recall(story.itemId, textStamp!);
    if (!text) return store.listStories(filter);
    whole.push({ ...story, summary: text.summary, contentHtml: text.contentHtml });
  }
  return whole;
}
