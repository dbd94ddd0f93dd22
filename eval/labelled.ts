/**
 * The hand-labelled sets of real Chinese news, as the tests and the benchmarks read them: one place that knows where
 * they live and what shape they have. The sets themselves belong to the evaluations (tags: labelled items; dedup:
 * labelled pairs); the store tests use them as realistic text, and the benchmarks stitch bodies from their clauses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DedupInput } from '../src/dedup/index.ts';
import type { LabelledItem as TagEvalItem } from './tags/evaluate.ts';

const ROOT = join(import.meta.dirname, '..');
// The tuning parts only: the holdouts stay unseen by anything but their evaluation.
const LABELLED_ITEMS = join(ROOT, 'eval', 'tags', 'tuning.json');
const LABELLED_PAIRS = join(ROOT, 'eval', 'dedup', 'tuning.json');

/** One item of the tag evaluation set (real headline and text, the tags an editor gave it), with its link if known. */
export type LabelledItem = TagEvalItem & { url?: string };

/** One pair of the dedup evaluation set: two items an editor judged the same story or not. */
export interface LabelledPair {
  label: 'same' | 'different';
  /** How the pair was built (source item ids and the transformation applied). */
  how: string;
  a: DedupInput;
  b: DedupInput;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

export const labelledItems = (): LabelledItem[] => readJson<LabelledItem[]>(LABELLED_ITEMS);

export const labelledPairs = (): LabelledPair[] => readJson<LabelledPair[]>(LABELLED_PAIRS);

/**
 * Clauses (up to a comma or full stop, 4 characters or more, some Chinese in them) of the labelled items no tag
 * applies to, without repeats: running text whose topic is not AI, for bodies that should not decide a tag.
 */
export function untaggedClauses(maxChars = Number.POSITIVE_INFINITY): string[] {
  const clauses = labelledItems()
    .filter((i) => i.tags.length === 0)
    .flatMap((i) => i.text.split(/(?<=[，。；！？])/u))
    .map((c) => c.trim())
    .filter((c) => /[\u4e00-\u9fff]/u.test(c) && [...c].length >= 4 && [...c].length <= maxChars);
  return [...new Set(clauses)];
}
