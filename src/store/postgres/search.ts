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

/** Characters in a typical item (title and text): bm25's average document length. */
const TYPICAL_CHARS = 1000;

/**
 * The `item_search` rows of the copies in `candidates(item_id)` that hold every unsettled term, each with how well it
 * matches, higher is better: bm25 (k1 1.2, b 0.75) over the terms' occurrences, a hit in the title counting five
 * times one in the text, as SQLite's bm25(items_fts, 5.0, 1.0). No idf: every term is required anyway.
 *
 * Counted in the text rather than by ts_rank, which needs positions in the tsvector (a bigger one, read from TOAST
 * for every copy ranked; docs/search-postgres.md). The text is read once: PostgreSQL fetches a TOASTed value anew at each mention, so the
 * innermost subquery copies it (`|| ''`) and OFFSET 0 keeps the planner from folding the copy back into each mention.
 */
export function scoredHits(p: Params, terms: readonly string[], unsettled: readonly string[]): string {
  const lower = terms.some((t) => !caseless(t));
  const counts = terms.map((term) => {
    const isCaseless = caseless(term);
    const v = p.add(isCaseless ? term : term.toLowerCase());
    const [title, body] = isCaseless ? ['t.title', 't.body'] : ['t.ltitle', 't.lbody'];
    const n = (col: string) => `((length(${col}) - length(replace(${col}, ${v}, ''))) / length(${v}))::float8`;
    return `5 * ${n(title)} + ${n(body)}`;
  });
  const norm = `1.2 * (0.25 + 0.75 * (length(t.title) + length(t.body)) / ${TYPICAL_CHARS}.0)`;
  const bm25 = counts.map((_, k) => `u.f${k} * 2.2 / (u.f${k} + u.norm)`).join(' + ');
  return `SELECT u.item_id, ${bm25} AS score FROM (
      SELECT t.item_id, ${counts.map((c, k) => `${c} AS f${k}`).join(', ')}, ${norm} AS norm
      FROM (SELECT x.item_id, x.title, x.body || '' AS body ${lower ? ', lower(x.title) AS ltitle, lower(x.body) AS lbody' : ''}
            FROM candidates c JOIN item_search x ON x.item_id = c.item_id OFFSET 0) t
      ${unsettled.length ? `WHERE ${textHolds(p, unsettled, 't')}` : ''} OFFSET 0) u`;
}
