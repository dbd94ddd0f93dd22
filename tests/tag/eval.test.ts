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
const tags = config.config.tags;
const { figures } = evaluate(compileTagger(tags), items, tags.map((t) => t.id));
const figure = (tag: string) => figures.find((f) => f.tag === tag)!;

const floors: [tag: string, precision: number, recall: number][] = [
  ['ai', 0.96, 0.98],
  ['llm', 0.97, 0.93],
  ['aigc', 1, 0.9],
  ['compute', 1, 1],
  ['embodied', 1, 1],
  ['autonomous-driving', 1, 1],
  ['ai-governance', 1, 1],
  ['ai-funding', 0.8, 1],
  ['open-source-models', 1, 0.91],
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
  it('company and product tags make no mistake beyond one false positive', () => {
    const companies = figures.filter((f) => !floors.some(([t]) => t === f.tag));
    expect(companies.reduce((n, f) => n + f.falseNegatives, 0)).toBe(0);
    expect(companies.reduce((n, f) => n + f.falsePositives, 0)).toBeLessThanOrEqual(1);
  });
});

/**
 * The holdout (labelled before the tagger ran on it, never tuned on) at the figures it reached: P 1.000, R 0.586,
 * far short of the 0.93 recall asked for (docs/tag-eval.md says why). A floor, not a target.
 */
describe('holdout', () => {
  it('keeps precision 1 and recall ≥ 0.58', () => {
    const o = overall(evaluate(compileTagger(tags), holdout, tags.map((t) => t.id)).figures);
    expect(o.precision).toBeGreaterThanOrEqual(1);
    expect(o.recall).toBeGreaterThanOrEqual(0.58);
  });
});
