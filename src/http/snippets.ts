import { highlight } from '../publish/snippet.ts';
import type { Db } from '../store/db.ts';
import { queryTerms, searchTexts, type StorySummary } from '../store/queries.ts';

/**
 * Highlighted excerpts for a search, by story id: from the representative copy's text or title, else from the first
 * other outlet's copy that matches (a story can be found through a copy it is not shown as).
 */
export function searchSnippets(db: Db, stories: readonly StorySummary[], q: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  const terms = queryTerms(q);
  if (terms.length === 0) return out;
  const copies = (s: StorySummary) => [s.itemId, ...s.duplicates.map((d) => d.itemId)];
  const texts = searchTexts(db, stories.flatMap(copies));
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
