import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { score } from '../../eval/dedup/evaluate.ts';
import type { EvalPair } from '../../eval/dedup/types.ts';

const load = (file: string) => JSON.parse(readFileSync(new URL(`../../eval/dedup/${file}`, import.meta.url), 'utf8')) as EvalPair[];
const tuning = load('tuning.json');
const holdout = load('holdout.json');

/**
 * Floors: the figures `npm run eval:dedup` reached (docs/dedup-eval.md). Tuning: P 0.9952, R 0.9952. Holdout, never
 * tuned on: P 0.9793, R 0.9386, short of the 0.99 / 0.95 asked for (its misses are re-titled and trimmed copies of
 * short posts, missed as much without the template-twin guard). Lowering a floor needs a reason in the commit log.
 */
const FLOORS = {
  tuning: { precision: 0.995, recall: 0.995 },
  holdout: { precision: 0.979, recall: 0.938 },
};

describe('dedup evaluation sets', () => {
  it('are large enough and labelled both ways, template twins included', () => {
    for (const set of [tuning, holdout]) {
      expect(set.filter((p) => p.label === 'same').length).toBeGreaterThanOrEqual(200);
      expect(set.filter((p) => p.how.includes('template twin')).length).toBeGreaterThanOrEqual(100);
    }
    expect(tuning.filter((p) => p.how.startsWith('handmade') && p.label === 'different').length).toBeGreaterThanOrEqual(20);
  });

  it('share no text: the holdout is built from other real items', () => {
    const texts = new Set(tuning.flatMap((p) => [p.a.text, p.b.text]).filter((t) => t.length > 40));
    expect(holdout.flatMap((p) => [p.a.text, p.b.text]).filter((t) => texts.has(t))).toEqual([]);
  });

  it.each(Object.entries(FLOORS))('%s: keeps its precision and recall floors', (name, floor) => {
    const s = score(name === 'tuning' ? tuning : holdout);
    const failures = s.failures.map((f) => `${f.pair.label}: ${f.pair.how}`).join('\n');
    expect(s.precision, `false merges:\n${failures}`).toBeGreaterThanOrEqual(floor.precision);
    expect(s.recall, `misses:\n${failures}`).toBeGreaterThanOrEqual(floor.recall);
  });
});
