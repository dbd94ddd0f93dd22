import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { evaluate, overall, type LabelledItem } from '../../eval/tags/evaluate.ts';
import { compileTagger } from '../../src/tag/index.ts';

// The shipped taxonomy (feeds.json `tags`) and the learned check trained on this set (src/tag/model.json) against the
// hand-labelled set. The floors are the figures reached (npm run eval:tags prints them): a change that makes tagging
// worse fails here. With the model they are in-sample figures (its cross-validated ones are in docs/tag-eval.md), so
// the rules alone keep floors of their own.
const config = loadConfig(fileURLToPath(new URL('../../feeds.json', import.meta.url)));
if (!config.ok) throw new Error('feeds.json does not validate');
const load = (file: string) => JSON.parse(readFileSync(new URL(`../../eval/tags/${file}`, import.meta.url), 'utf8')) as LabelledItem[];
const items = load('tuning.json');
const holdout = load('holdout.json');
const holdoutV6 = load('holdout-v6.json');
const tags = config.config.tags;
const { figures } = evaluate(compileTagger(tags), items, tags.map((t) => t.id));
const figure = (tag: string) => figures.find((f) => f.tag === tag)!;
/** The weekly issue an item was cut from (NaN for other sources). */
const weeklyIssue = (i: LabelledItem) => Number(/docs\/issue-(\d+)\.md/.exec(i.source)?.[1]);
/** Weekly issues the fixture feed and holdout.json quote: no weekly set may take them. */
const QUOTED_ISSUES = [177, 178, 227, 228, 277, 278, 327, 328, 374, 375];
/** The weekly issues these items were cut from, and the quoted ones: what a new weekly set must leave alone. */
const issuesTaken = (others: readonly LabelledItem[]) =>
  new Set([...others.filter((i) => i.source.startsWith('github:ruanyf/weekly ')).map(weeklyIssue), ...QUOTED_ISSUES]);
/** Items with the same title and text are the same item, whatever their ids. */
const sameText = (i: LabelledItem) => `${i.title}\u0000${i.text}`;

const floors: [tag: string, precision: number, recall: number][] = [
  ['ai', 0.98, 0.95],
  ['llm', 0.99, 0.98],
  ['aigc', 0.95, 0.88],
  ['compute', 0.93, 0.78],
  ['embodied', 0.9, 0.84],
  ['autonomous-driving', 1, 0.87],
  ['ai-governance', 1, 1],
  ['ai-funding', 1, 1],
  ['open-source-models', 0.94, 0.8],
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
  // Ten false positives: an LLM gateway that stocked DeepSeek V3.2 (tw376-02), a translator whose default model is
  // DeepSeek (w403-24), a site named QwQ AI that gathers free models (w344-25), an LLM book that builds on Qwen
  // (v365-23), and others of the former holdouts v4 and v5 where the firm is one of two models behind a tool (v5-303-13,
  // v5-299-12), with v4's one miss (npm run eval:tags -- --misses). Lists of firms are `crowd`; generation built on a
  // model `yields`; the model's llm veto takes a few more.
  it('company and product tags miss at most one decision and make at most ten false positives', () => {
    const companies = figures.filter((f) => !floors.some(([t]) => t === f.tag));
    expect(companies.reduce((n, f) => n + f.falseNegatives, 0)).toBeLessThanOrEqual(1);
    expect(companies.reduce((n, f) => n + f.falsePositives, 0)).toBeLessThanOrEqual(10);
  });
  it('overall: precision ≥ 0.97, recall ≥ 0.94 (P 0.979, R 0.948 with the model, in-sample: its CV figure is 0.925 / 0.919)', () => {
    const o = overall(figures);
    expect(o.precision).toBeGreaterThanOrEqual(0.97);
    expect(o.recall).toBeGreaterThanOrEqual(0.94);
  });
  it('the rules alone: precision ≥ 0.91, recall ≥ 0.91 (P 0.920, R 0.919: round 5\'s rules on 3,282 items)', () => {
    const o = overall(evaluate(compileTagger(tags, null), items, tags.map((t) => t.id)).figures);
    expect(o.precision).toBeGreaterThanOrEqual(0.91);
    expect(o.recall).toBeGreaterThanOrEqual(0.91);
  });
});

/**
 * The holdout kept in the repository (labelled before the tagger ran on it, never tuned on), at the figures it reached
 * with these rules (docs/tag-eval.md): a floor, not a target. holdout.json, 121 items and 29 decisions: P 1.000,
 * R 0.517 (0.552 until round 3's list factor, which the tuning set chose, cost it one decision). The weekly holdouts of
 * rounds 1 to 4 (holdout-v2 … holdout-v5) are in the tuning set now, with their ids.
 */
describe('holdout', () => {
  const ids = tags.map((t) => t.id);
  it('holdout.json keeps precision 1 and recall ≥ 0.51', () => {
    const o = overall(evaluate(compileTagger(tags), holdout, ids).figures);
    expect(o.precision).toBeGreaterThanOrEqual(1);
    expect(o.recall).toBeGreaterThanOrEqual(0.51);
  });
  it('shares no item with the tuning set, but for two old Giant Bombcast negatives (docs/tag-eval.md)', () => {
    const seen = new Set(items.map(sameText));
    expect(holdout.filter((i) => seen.has(sameText(i))).map((i) => i.id)).toEqual(['h-gb-29', 'h-gb-31']);
  });
  it('the folded weekly holdouts kept their ids, and no id is used twice', () => {
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('w3') || id.startsWith('w4')).length).toBe(559);
    expect(ids.filter((id) => id.startsWith('v3')).length).toBe(585);
    expect(ids.filter((id) => id.startsWith('v4-')).length).toBe(557);
    expect(ids.filter((id) => id.startsWith('v5-')).length).toBe(704);
  });
});

/**
 * The former holdout-v4.json (round 3's blind set, folded in at the start of round 4): 557 weekly items, issues 345–351
 * and 339 down to 324 but for 327 and 328, 205 decisions. Its one blind run, with round 3's rules, gave P 0.881,
 * R 0.863 (docs/tag-eval.md); its range and ids stay checked here.
 */
describe('the folded holdout-v4', () => {
  const v4 = items.filter((i) => i.id.startsWith('v4-'));
  it('keeps its ids and its 205 decisions', () => {
    for (const item of v4) expect(item.id, item.id).toMatch(/^v4-\d{3}-\d{2}$/);
    expect(v4.reduce((n, i) => n + i.tags.length, 0)).toBe(205);
  });
  it('took no weekly issue that another set took from', () => {
    const used = issuesTaken(items.filter((i) => !i.id.startsWith('v4-') && !i.id.startsWith('v5-')));
    const own = [...new Set(v4.map(weeklyIssue))];
    expect(own.filter((n) => used.has(n))).toEqual([]);
    expect(own.every((n) => Number.isInteger(n) && n >= 324 && n <= 351)).toBe(true);
  });
  it('shares no item with holdout.json', () => {
    const seen = new Set(holdout.map(sameText));
    expect(v4.filter((i) => seen.has(sameText(i))).map((i) => i.id)).toEqual([]);
  });
});

/**
 * The former holdout-v5.json (round 4's blind set, folded in at the start of round 5): 704 weekly items, issues 323
 * down to 298, 216 decisions, labelled on a branch of its own by someone who read neither the rules nor any tagger
 * output. Its one blind run, with round 4 as shipped, gave P 0.855, R 0.764 (docs/tag-eval.md); its range and ids stay
 * checked here.
 */
describe('the folded holdout-v5', () => {
  const v5 = items.filter((i) => i.id.startsWith('v5-'));
  it('keeps its 704 items, its ids and its 216 decisions', () => {
    expect(v5.length).toBe(704);
    for (const item of v5) expect(item.id, item.id).toMatch(/^v5-\d{3}-\d{2}$/);
    expect(v5.reduce((n, i) => n + i.tags.length, 0)).toBe(216);
  });
  it('took no weekly issue that another set took from', () => {
    const used = issuesTaken(items.filter((i) => !i.id.startsWith('v5-')));
    const own = [...new Set(v5.map(weeklyIssue))];
    expect(own.filter((n) => used.has(n))).toEqual([]);
    expect(own.every((n) => Number.isInteger(n) && n >= 298 && n <= 323)).toBe(true);
  });
  it('shares no item with the rest of the tuning set or holdout.json', () => {
    const seen = new Set([...items.filter((i) => !i.id.startsWith('v5-')), ...holdout].map(sameText));
    expect(v5.filter((i) => seen.has(sameText(i))).map((i) => i.id)).toEqual([]);
  });
});

/**
 * holdout-v6.json (round 5's blind set): 688 weekly items, issues 297 down to 270 but for 278 and 277, 209 decisions,
 * labelled on a branch of its own by someone who read neither the rules nor any tagger output, while round 5 was tuned
 * on another. Its one blind run, with round 5 as shipped, gave P 0.888, R 0.837 (docs/tag-eval.md): a floor, not a
 * target.
 */
describe('holdout-v6', () => {
  const ids = tags.map((t) => t.id);
  it('keeps precision ≥ 0.88 and recall ≥ 0.83 (its blind run: 0.888 / 0.837)', () => {
    const o = overall(evaluate(compileTagger(tags), holdoutV6, ids).figures);
    expect(o.precision).toBeGreaterThanOrEqual(0.88);
    expect(o.recall).toBeGreaterThanOrEqual(0.83);
  });
  it('holds 688 items and 209 decisions under ids of its own, from issues no other set took', () => {
    expect(holdoutV6.length).toBe(688);
    expect(holdoutV6.reduce((n, i) => n + i.tags.length, 0)).toBe(209);
    for (const item of holdoutV6) expect(item.id, item.id).toMatch(/^v6-\d{3}-\d{2}$/);
    expect(new Set(holdoutV6.map((i) => i.id)).size).toBe(holdoutV6.length);
    const used = issuesTaken(items);
    const own = [...new Set(holdoutV6.map(weeklyIssue))];
    expect(own.filter((n) => used.has(n))).toEqual([]);
    expect(own.every((n) => Number.isInteger(n) && n >= 270 && n <= 297)).toBe(true);
  });
  it('shares no item with the tuning set or holdout.json', () => {
    const seen = new Set([...items, ...holdout].map(sameText));
    expect(holdoutV6.filter((i) => seen.has(sameText(i))).map((i) => i.id)).toEqual([]);
  });
});

/**
 * A second labeller labelled the former holdout-v3 (now in the tuning set, ids v352-01 …) again by the same written
 * conventions, without seeing the first labels: docs/tag-eval.md gives their agreement, 0.967 / 0.976.
 */
describe('the second labelling of the former holdout-v3', () => {
  const second = JSON.parse(readFileSync(new URL('../../eval/tags/holdout-v3-second-labeller.json', import.meta.url), 'utf8')) as { id: string; tags: string[] }[];
  const first = new Map(items.filter((i) => /^v3\d\d-/.test(i.id)).map((i) => [i.id, new Set(i.tags)]));
  it('covers the same 585 items and agrees with the first labels as documented', () => {
    expect(second.map((s) => s.id).sort()).toEqual([...first.keys()].sort());
    let agreed = 0;
    let secondOnly = 0;
    let firstOnly = 0;
    for (const s of second) {
      const a = first.get(s.id)!;
      agreed += s.tags.filter((t) => a.has(t)).length;
      secondOnly += s.tags.filter((t) => !a.has(t)).length;
      firstOnly += [...a].filter((t) => !s.tags.includes(t)).length;
    }
    expect({ agreed, secondOnly, firstOnly }).toEqual({ agreed: 203, secondOnly: 7, firstOnly: 5 });
  });
});
