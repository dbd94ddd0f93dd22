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

/** Occurrences of a term (its parameter `v`, lower-cased unless caseless) in a column, as a float. */
function occurrences(col: string, v: string, isCaseless: boolean): string {
  const c = isCaseless ? col : `lower(${col})`;
  return `((length(${c}) - length(replace(${c}, ${v}, ''))) / length(${v}))::float8`;
}

/** Characters in a typical item (title and text): bm25's average document length. */
const TYPICAL_CHARS = 1000;

/**
 * How well `x` (item_search) matches, higher is better: bm25 (k1 1.2, b 0.75) over the terms' occurrences, a hit in the
 * title counting five times one in the text, as SQLite's bm25(items_fts, 5.0, 1.0). Without idf: every term is
 * required anyway. Counted in the text because ts_rank needs positions in the tsvector, which made it half as big
 * again and ranking four times slower (docs/search-postgres.md).
 */
export function textScore(p: Params, terms: readonly string[], x = 'x'): string {
  const norm = `1.2 * (0.25 + 0.75 * (length(${x}.title) + length(${x}.body)) / ${TYPICAL_CHARS}.0)`;
  return terms
    .map((term) => {
      const isCaseless = caseless(term);
      const v = p.add(isCaseless ? term : term.toLowerCase());
      const f = `(5 * ${occurrences(`${x}.title`, v, isCaseless)} + ${occurrences(`${x}.body`, v, isCaseless)})`;
      return `${f} * 2.2 / (${f} + ${norm})`;
    })
    .join(' + ');
}
