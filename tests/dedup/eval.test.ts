import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { score } from './eval/evaluate.ts';
import type { EvalPair } from './eval/types.ts';

const pairs = JSON.parse(readFileSync(new URL('./eval-pairs.json', import.meta.url), 'utf8')) as EvalPair[];

/** The figures reached when the set was built (npm run eval:dedup); lowering them needs a reason in the log. */
const PRECISION_REACHED = 1;
const RECALL_REACHED = 1;

describe('dedup evaluation set', () => {
  it('is large enough and labelled both ways', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(150);
    expect(pairs.filter((p) => p.label === 'same').length).toBeGreaterThanOrEqual(150);
    expect(pairs.filter((p) => p.how.startsWith('handmade') && p.label === 'different').length).toBeGreaterThanOrEqual(20);
  });

  it(`keeps precision ≥ ${PRECISION_REACHED} and recall ≥ ${RECALL_REACHED}`, () => {
    const s = score(pairs);
    const failures = s.failures.map((f) => `${f.pair.label}: ${f.pair.how}`);
    expect({ precision: s.precision, recall: s.recall, failures }).toEqual({
      precision: expect.toSatisfy((x: number) => x >= PRECISION_REACHED) as number,
      recall: expect.toSatisfy((x: number) => x >= RECALL_REACHED) as number,
      failures: [],
    });
  });
});
