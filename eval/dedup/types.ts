/** Shape of the labelled pairs in eval/dedup/ (tuning.json and the holdouts). */
import type { DedupInput } from '../../src/dedup/index.ts';

export type EvalItem = DedupInput;

export interface EvalPair {
  label: 'same' | 'different';
  /** How the pair was built (source item ids and the transformation applied). */
  how: string;
  a: EvalItem;
  b: EvalItem;
}
