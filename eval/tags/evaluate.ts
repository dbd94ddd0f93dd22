/** Precision and recall of a tagger against hand-labelled items: used by `npm run eval:tags` and tests/tag/eval.test.ts. */
import type { Tagger } from '../../src/tag/types.ts';

export interface LabelledItem {
  id: string;
  title: string;
  text: string;
  /** The tags an editor gives the item, sub-tags and their parents both listed. */
  tags: string[];
  source: string;
  synthetic?: boolean;
}

export interface TagFigures {
  tag: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** 1 when nothing was predicted (no false positive possible). */
  precision: number;
  /** 1 when nothing was labelled. */
  recall: number;
}

export interface Miss {
  id: string;
  tag: string;
  kind: 'false-positive' | 'false-negative';
  title: string;
}

export function evaluate(tagger: Tagger, items: readonly LabelledItem[], tagIds: readonly string[]): { figures: TagFigures[]; misses: Miss[] } {
  const counts = new Map(tagIds.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const misses: Miss[] = [];
  for (const item of items) {
    const predicted = new Set(tagger.tag(item).map((m) => m.tag));
    const expected = new Set(item.tags);
    for (const tag of tagIds) {
      const c = counts.get(tag)!;
      const p = predicted.has(tag);
      const e = expected.has(tag);
      if (p && e) c.tp++;
      else if (p) {
        c.fp++;
        misses.push({ id: item.id, tag, kind: 'false-positive', title: item.title });
      } else if (e) {
        c.fn++;
        misses.push({ id: item.id, tag, kind: 'false-negative', title: item.title });
      }
    }
  }
  const figures = tagIds.map((tag) => {
    const { tp, fp, fn } = counts.get(tag)!;
    return {
      tag,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
  return { figures, misses };
}

/** Micro-averaged over every tag: each (item, tag) decision counts once. */
export function overall(figures: readonly TagFigures[]): Omit<TagFigures, 'tag'> {
  const tp = figures.reduce((n, f) => n + f.truePositives, 0);
  const fp = figures.reduce((n, f) => n + f.falsePositives, 0);
  const fn = figures.reduce((n, f) => n + f.falseNegatives, 0);
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}
