/**
 * The search index's vocabulary: every run of letters and digits, lower-cased, cut into overlapping pairs of
 * characters, plus the run's last character alone. Chinese needs no word segmenter this way, and every term of two
 * characters or more is found through the index: a query asks for all of its pairs, and a term of one character for
 * any pair that starts with it (a prefix), which is why a run's last character is kept on its own too.
 *
 * Pairs only say a term may occur: `大模型` asks for 大模 and 模型, which a text can hold apart. The caller confirms
 * such terms against the text (see `exactInIndex`).
 */

/** Letters (any script), digits and combining marks: what a gram is made of. Everything else separates runs. */
const RUN = /[\p{L}\p{N}\p{M}]+/gu;

/** PostgreSQL keeps at most 256 positions per lexeme and none beyond 16,383; grams past that are kept without one. */
const MAX_POSITIONS = 256;
const MAX_POSITION = 16_383;
/**
 * A tsvector holds at most 1 MB of lexemes and positions: 100,000 characters of the most varied text stay below it.
 * A term that first occurs further into an item's text is not found (articles are a few thousand characters).
 */
const MAX_INDEXED_CHARS = 100_000;

function runsOf(text: string): string[][] {
  return Array.from(text.toLowerCase().matchAll(RUN), (m) => [...m[0]]);
}

/** Grams never hold a quote or backslash (they are letters and digits), so quoting cannot be broken out of. */
const lexeme = (gram: string) => `'${gram}'`;

/**
 * A `tsvector` literal for an item: its title's grams weighted A, its text's weighted B, positions in reading order
 * (ts_rank uses them: how often and how close). Built here rather than by to_tsvector, whose parser would split a
 * pair such as `5年` again and so disagree with the query side.
 */
export function searchVector(title: string, body: string): string {
  const positions = new Map<string, number[]>();
  let pos = 0;
  const note = (gram: string) => {
    pos++;
    const list = positions.get(gram);
    const at = pos <= MAX_POSITION ? [pos] : [];
    if (!list) positions.set(gram, at);
    else if (list.length < MAX_POSITIONS) list.push(...at);
  };
  const add = (text: string) => {
    for (const m of text.slice(0, MAX_INDEXED_CHARS).toLowerCase().matchAll(RUN)) {
      // A run's pairs in order, then its last character alone.
      let prev = '';
      for (const ch of m[0]) {
        if (prev) note(prev + ch);
        prev = ch;
      }
      note(prev);
      // A gap between runs, so a pair never looks adjacent to the next run's first pair.
      pos++;
    }
  };
  add(title);
  const titleEnd = pos;
  add(body);
  const parts: string[] = [];
  for (const [gram, list] of positions) {
    parts.push(list.length ? `${lexeme(gram)}:${list.map((p) => `${p}${p <= titleEnd ? 'A' : 'B'}`).join(',')}` : lexeme(gram));
  }
  return parts.join(' ');
}

/** What the index can say about one query term. */
export interface TermGrams {
  /** A `tsquery` literal every text containing the term matches; null when the term has no letter or digit. */
  query: string | null;
  /** The index's answer is the answer: no text needs reading. True for one run of one or two characters. */
  exactInIndex: boolean;
}

export function termGrams(term: string): TermGrams {
  const runs = runsOf(term);
  const parts = new Set<string>();
  for (const run of runs) {
    // A run of the term may be the middle of a longer run in the text: only its pairs are sure to be there, and a
    // lone character is sure to start some gram (a pair, or the run's last character).
    if (run.length === 1) parts.add(`${lexeme(run[0]!)}:*`);
    else for (let i = 0; i + 1 < run.length; i++) parts.add(lexeme(run[i]! + run[i + 1]!));
  }
  if (parts.size === 0) return { query: null, exactInIndex: false };
  // One run of at most two characters that is the whole term: containing the gram is containing the term.
  const whole = runs.length === 1 && runs[0]!.length <= 2 && runs[0]!.join('') === term.toLowerCase();
  return { query: [...parts].join(' & '), exactInIndex: whole };
}
