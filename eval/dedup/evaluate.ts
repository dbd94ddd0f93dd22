/**
 * Scores the dedup stage on labelled pairs the way the store uses it: b is stored, a arrives; a can only match b
 * if the store would find b as a candidate (equal canonical URL, equal title key, or a shared band).
 */
import {
  computeFeatures,
  DEFAULT_DEDUP_OPTIONS,
  matchStory,
  type DedupFeatures,
  type DedupOptions,
  type StoryCandidate,
  type StoryMatch,
} from '../../src/dedup/index.ts';
import type { EvalPair } from './types.ts';

/** What the evaluation deploys: the documented mobile alias for 澎湃 configured, all else default. */
export const EVAL_OPTIONS: DedupOptions = {
  ...DEFAULT_DEDUP_OPTIONS,
  url: { hostAliases: { 'm.thepaper.cn': 'www.thepaper.cn' }, foldMobilePrefixes: false },
};

export interface PairOutcome {
  pair: EvalPair;
  reachable: boolean;
  match: StoryMatch | null;
  predictedSame: boolean;
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  failures: PairOutcome[];
}

export function isReachable(a: DedupFeatures, b: DedupFeatures): boolean {
  if (a.canonicalUrl && a.canonicalUrl === b.canonicalUrl) return true;
  if (a.titleKey && a.titleKey === b.titleKey) return true;
  const bands = new Set(b.bands);
  return a.bands.some((x) => bands.has(x));
}

export function candidateOf(b: EvalPair['b'], f: DedupFeatures, withSnippet = true): StoryCandidate {
  const c: StoryCandidate = {
    storyId: 1,
    itemId: 1,
    sourceId: b.sourceId,
    title: b.title,
    canonicalUrl: f.canonicalUrl,
    titleKey: f.titleKey,
    fingerprint: f.fingerprint,
    publishedAt: b.publishedAt,
  };
  if (withSnippet) c.snippet = f.snippet;
  return c;
}

/** withSnippet false: a store that does not persist DedupFeatures.snippet (the matcher falls back to the fingerprint). */
export function judgePair(pair: EvalPair, opts: DedupOptions = EVAL_OPTIONS, withSnippet = true): PairOutcome {
  const fa = computeFeatures(pair.a, opts);
  const fb = computeFeatures(pair.b, opts);
  const reachable = isReachable(fa, fb);
  const match = matchStory(pair.a, fa, [candidateOf(pair.b, fb, withSnippet)], opts);
  return { pair, reachable, match, predictedSame: reachable && match !== null };
}

export function score(pairs: readonly EvalPair[], opts: DedupOptions = EVAL_OPTIONS, withSnippet = true): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const failures: PairOutcome[] = [];
  for (const pair of pairs) {
    const o = judgePair(pair, opts, withSnippet);
    const same = pair.label === 'same';
    if (same && o.predictedSame) tp++;
    else if (same) fn++;
    else if (o.predictedSame) fp++;
    else tn++;
    if (same !== o.predictedSame) failures.push(o);
  }
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    failures,
  };
}
