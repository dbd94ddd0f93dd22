import { highlight } from '../publish/snippet.ts';
import { queryTerms, type StorySummary } from '../model/story.ts';
import type { Store } from '../store/store.ts';

/**
 * Highlighted excerpts for a search, by story id: from the representative copy's text or title, else from the first
 * other outlet's copy that matches (a story can be found through a copy it is not shown as).
 */
export async function searchSnippets(store: Store, stories: readonly StorySummary[], q: string | undefined): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const terms = queryTerms(q);
  if (terms.length === 0) return out;
  const copies = (s: StorySummary) => [s.itemId, ...s.duplicates.map((d) => d.itemId)];
  const texts = await store.searchTexts(stories.flatMap(copies));
  for (const s of stories) {
    for (const id of copies(s)) {
      const text = texts.get(id);
      const snippet = text && (highlight(text.body, terms) ?? highlight(text.title, terms));
      if (snippet) {
        out.set(s.id, snippet);
        break;
      }
    }
  }
  return out;
}
