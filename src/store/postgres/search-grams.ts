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

/**
 * A tsvector holds at most 1 MB of lexemes. Real text repeats its pairs and stays far below; text of random characters
 * could pass it, and grams past this many bytes are left out rather than the item failing to store.
 */
const MAX_GRAM_BYTES = 1_000_000;

function runsOf(text: string): string[][] {
  return Array.from(text.toLowerCase().matchAll(RUN), (m) => [...m[0]]);
}

/** Grams never hold a quote or backslash (they are letters and digits), so quoting cannot be broken out of. */
const lexeme = (gram: string) => `'${gram}'`;

/**
 * The distinct grams of an item's title and text, for `array_to_tsvector`. No positions or weights: ranking reads the
 * text (search.ts), and positions made every entry bigger (docs/search-postgres.md).
 */
export function searchGrams(title: string, body: string): string[] {
  const grams = new Set<string>();
  let bytes = 0;
  const add = (gram: string) => {
    if (grams.has(gram)) return;
    bytes += Buffer.byteLength(gram);
    if (bytes <= MAX_GRAM_BYTES) grams.add(gram);
  };
  for (const text of [title, body]) {
    for (const m of text.toLowerCase().matchAll(RUN)) {
      // A run's pairs, then its last character alone.
      let prev = '';
      for (const ch of m[0]) {
        if (prev) add(prev + ch);
        prev = ch;
      }
      add(prev);
    }
  }
  return [...grams];
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
