import { highlight } from '../publish/snippet.ts';
import type { Db } from '../store/db.ts';
import { queryTerms, searchTexts, type StorySummary } from '../store/queries.ts';

/**
 * Highlighted excerpts of each story's representative copy for a search, by story id: from its text, else its title.
 * A story matched only through another outlet's copy gets none.
 */
export function searchSnippets(db: Db, stories: readonly StorySummary[], q: string | undefined): Map<number, string> {
  const out = new Map<number, string>();
  const terms = queryTerms(q);
  if (terms.length === 0) return out;
  const texts = searchTexts(db, stories.map((s) => s.itemId));
  for (const s of stories) {
    const text = texts.get(s.itemId);
    const snippet = text && (highlight(text.body, terms) ?? highlight(text.title, terms));
    if (snippet) out.set(s.id, snippet);
  }
  return out;
}
