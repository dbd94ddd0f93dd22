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

/** PostgreSQL keeps at most 256 positions per lexeme and none beyond 16,383; extra positions only cost space. */
const MAX_POSITIONS = 256;
const MAX_POSITION = 16_383;

function runsOf(text: string): string[][] {
  return Array.from(text.toLowerCase().matchAll(RUN), (m) => [...m[0]]);
}

/** The grams of one run, in order: its pairs, then its last character. */
function runGrams(chars: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  out.push(chars[chars.length - 1]!);
  return out;
}

/** Grams never hold a quote or backslash (they are letters and digits), so quoting cannot be broken out of. */
const lexeme = (gram: string) => `'${gram}'`;

/**
 * A `tsvector` literal for an item: its title's grams weighted A, its text's weighted B, positions in reading order
 * (ts_rank uses them: how often and how close). Built here rather than by to_tsvector, whose parser would split a
 * pair such as `5年` again and so disagree with the query side.
 */
export function searchVector(title: string, body: string): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const add = (text: string, weight: 'A' | 'B') => {
    for (const run of runsOf(text)) {
      for (const gram of runGrams(run)) {
        pos = Math.min(pos + 1, MAX_POSITION);
        let list = positions.get(gram);
        if (!list) positions.set(gram, (list = []));
        if (list.length < MAX_POSITIONS) list.push(`${pos}${weight}`);
      }
      // A gap between runs, so a pair never looks adjacent to the next run's first pair.
      pos = Math.min(pos + 1, MAX_POSITION);
    }
  };
  add(title, 'A');
  add(body, 'B');
  return Array.from(positions, ([gram, list]) => `${lexeme(gram)}:${list.join(',')}`).join(' ');
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
