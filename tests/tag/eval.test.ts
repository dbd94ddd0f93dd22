import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { evaluate, overall, type LabelledItem } from '../../eval/tags/evaluate.ts';
import { compileTagger } from '../../src/tag/index.ts';

// The shipped taxonomy (feeds.json `tags`) against the hand-labelled set. The floors are the figures reached when
// the set was labelled (npm run eval:tags prints them): a rule change that makes tagging worse fails here.
const config = loadConfig(fileURLToPath(new URL('../../feeds.json', import.meta.url)));
if (!config.ok) throw new Error('feeds.json does not validate');
const load = (file: string) => JSON.parse(readFileSync(new URL(`../../eval/tags/${file}`, import.meta.url), 'utf8')) as LabelledItem[];
const items = load('tuning.json');
const holdout = load('holdout.json');
const holdoutV2 = load('holdout-v2.json');
const tags = config.config.tags;
const { figures } = evaluate(compileTagger(tags), items, tags.map((t) => t.id));
const figure = (tag: string) => figures.find((f) => f.tag === tag)!;

const floors: [tag: string, precision: number, recall: number][] = [
  ['ai', 0.95, 0.99],
  ['llm', 0.97, 0.94],
  ['aigc', 0.83, 0.9],
  ['compute', 1, 0.87],
  ['embodied', 1, 0.83],
  ['autonomous-driving', 0.83, 1],
  ['ai-governance', 1, 1],
  ['ai-funding', 1, 1],
  ['open-source-models', 1, 0.92],
];

describe('labelled set', () => {
  it('has at least 300 items, real ones in the large majority, each with provenance', () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    const real = items.filter((i) => !i.synthetic);
    expect(real.length).toBeGreaterThanOrEqual(300);
    expect(real.length / items.length).toBeGreaterThan(0.8);
    for (const item of items) expect(item.source, item.id).toBeTruthy();
  });
  it('uses only known tags and lists the parents of every sub-tag it gives', () => {
    const parent = new Map(tags.map((t) => [t.id, t.parent]));
    for (const item of items) {
      for (const tag of item.tags) {
        expect(parent.has(tag), `${item.id}: ${tag}`).toBe(true);
        const p = parent.get(tag);
        if (p) expect(item.tags, `${item.id}: ${tag} without ${p}`).toContain(p);
      }
    }
  });
});

describe('precision and recall on the labelled set', () => {
  it.each(floors)('%s: precision ≥ %s, recall ≥ %s', (tag, precision, recall) => {
    const f = figure(tag);
    expect(f.precision).toBeGreaterThanOrEqual(precision);
    expect(f.recall).toBeGreaterThanOrEqual(recall);
  });
  // The five false positives: a bug report about 通义听悟's login page (qwen), a report on a summit whose speakers lead
  // 智谱, Kimi and Qwen (the editor tagged the summit, not each company), and an LLM gateway that stocked DeepSeek V3.2.
  it('company and product tags miss nothing and make at most five false positives', () => {
    const companies = figures.filter((f) => !floors.some(([t]) => t === f.tag));
    expect(companies.reduce((n, f) => n + f.falseNegatives, 0)).toBe(0);
    expect(companies.reduce((n, f) => n + f.falsePositives, 0)).toBeLessThanOrEqual(5);
  });
});

/**
 * The holdouts (labelled before the tagger ran on them, never tuned on), at the figures they reached with these rules
 * (docs/tag-eval.md): floors, not targets. holdout.json, 121 items and 29 decisions: P 1.000, R 0.552.
 * holdout-v2.json, 559 阮一峰 weekly items and 263 decisions: P 0.851, R 0.890, short of the 0.97 / 0.93 asked for.
 */
describe('holdouts', () => {
  const ids = tags.map((t) => t.id);
  it('holdout.json keeps precision 1 and recall ≥ 0.55', () => {
    const o = overall(evaluate(compileTagger(tags), holdout, ids).figures);
    expect(o.precision).toBeGreaterThanOrEqual(1);
    expect(o.recall).toBeGreaterThanOrEqual(0.55);
  });
  it('holdout-v2.json keeps precision ≥ 0.85 and recall ≥ 0.88', () => {
    const o = overall(evaluate(compileTagger(tags), holdoutV2, ids).figures);
    expect(o.precision).toBeGreaterThanOrEqual(0.85);
    expect(o.recall).toBeGreaterThanOrEqual(0.88);
  });
  it('share no item with the tuning set, but for two old Giant Bombcast negatives (docs/tag-eval.md)', () => {
    const seen = new Set(items.map((i) => `${i.title}\u0000${i.text}`));
    const shared = (set: LabelledItem[]) => set.filter((i) => seen.has(`${i.title}\u0000${i.text}`)).map((i) => i.id);
    expect(shared(holdoutV2)).toEqual([]);
    expect(shared(holdout)).toEqual(['h-gb-29', 'h-gb-31']);
  });
});
