import { queryTerms } from '../../model/story.ts';
import type { Params } from './filter.ts';
import { termGrams } from './search-grams.ts';

/**
 * A query's terms, split by what the gram index can settle. The rule is SQLite's: one copy (item) must hold every
 * whitespace-separated term as written, in its title or its text, ASCII letters in either case.
 */
export interface SearchTerms {
  all: string[];
  /** A `tsquery` literal every matching copy satisfies; null when no term has a letter or digit to index. */
  grams: string | null;
  /** Terms the grams only narrow down: their text must be read to be sure (大模型 when 大模 and 模型 stand apart). */
  unsettled: string[];
}

export function searchTerms(q: string | undefined): SearchTerms | null {
  const all = queryTerms(q);
  if (all.length === 0) return null;
  const parts: string[] = [];
  const unsettled: string[] = [];
  for (const term of all) {
    const g = termGrams(term);
    if (g.query) parts.push(g.query);
    if (!g.exactInIndex) unsettled.push(term);
  }
  return { all, grams: parts.length ? parts.join(' & ') : null, unsettled };
}

/** A term with no case (Chinese) is found with strpos, quicker than ILIKE, which lower-cases the whole text first. */
const caseless = (term: string) => term.toLowerCase() === term.toUpperCase();

/** `x` (item_search) holds every term in its title or body. */
export function textHolds(p: Params, terms: readonly string[], x = 'x'): string {
  return terms
    .map((term) => {
      if (caseless(term)) {
        const v = p.add(term);
        return `(strpos(${x}.title, ${v}) > 0 OR strpos(${x}.body, ${v}) > 0)`;
      }
      const v = p.add(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      return `(${x}.title ILIKE ${v} OR ${x}.body ILIKE ${v})`;
    })
    .join(' AND ');
}

/** ts_rank weights {D, C, B, A}: a hit in the title (A) counts five times one in the text (B), as SQLite's bm25(5, 1). */
export const RANK_WEIGHTS = '{0, 0, 0.2, 1}';
