/**
 * The learned check of src/tag/model.ts, trained on labelled items: per modelled tag, a logistic regression (L2, full
 * batch Adam, fixed steps: the same items give the same weights) over the lead's grams and the rules' scores,
 * decisions and matched terms, on the items where `ai` holds or one of its own words matched (the only ones the model
 * reads, learned.ts). The veto and rescue thresholds are chosen by an inner cross-validation on the same items, so
 * they are not fitted to the items' own probabilities; a false positive costs `fpCost` misses.
 *
 *   npx tsx eval/tags/train-model.ts            writes src/tag/model.json from eval/tags/tuning.json
 *   npx tsx eval/tags/cv.ts                     the k-fold estimate (docs/tag-eval.md, round 4)
 */
import type { LabelledItem } from './evaluate.ts';
import { leadGrams, ruleFeatures, type Linear, type RuleView, type TagModel, type TagModelWeights } from '../../src/tag/model.ts';
import type { compileTagger } from '../../src/tag/index.ts';

export const MODELLED = ['ai', 'llm', 'aigc'] as const;

export interface TrainOptions {
  /** A gram is a feature when it occurs in at least this many training items. */
  minCount: number;
  /** L2 penalty per item (applied to gram weights; rule weights and bias lightly). */
  l2: number;
  steps: number;
  /** Weights smaller than this are dropped from the file. */
  prune: number;
  /** Cost of a false positive against a false negative when thresholds are chosen. */
  fpCost: number;
  innerFolds: number;
  /** Turn either part off (for the trials in docs/tag-eval.md). */
  veto: boolean;
  rescue: boolean;
  /** Which rule features the model reads: none, the terms that matched, or the terms and the scores and decisions. */
  ruleInputs: 'none' | 'terms' | 'all';
}

export const DEFAULTS: TrainOptions = { minCount: 3, l2: 0.002, steps: 300, prune: 0.02, fpCost: 2, innerFolds: 4, veto: true, rescue: true, ruleInputs: 'all' };

type Rules = ReturnType<typeof compileTagger>;

/** What the model sees of one item, computed once per item (the rules' stage without the model). */
export interface Example {
  item: LabelledItem;
  group: string;
  grams: Set<string>;
  rules: Map<string, number>;
  /** Per modelled tag: the rules' total score and decision. */
  score: Map<string, number>;
  holds: Map<string, boolean>;
  gated: boolean;
}

/** The group an item shares near-duplicates with: a weekly issue, a feed file, the synthetic items. */
export function groupOf(item: LabelledItem): string {
  const issue = /docs\/issue-(\d+)\.md/.exec(item.source)?.[1];
  return issue ? `weekly ${issue}` : (item.source.split(' ')[0] ?? item.source);
}

/** `ids`: the rule ids in order (feeds.json `tags`), to find each modelled tag's total. */
export function examples(rules: Rules, ids: readonly string[], items: readonly LabelledItem[]): Example[] {
  const at = new Map(ids.map((id, i) => [id, i]));
  return items.map((item) => {
    const a = rules.analyse(item);
    const held = new Set(a.matches.map((m) => m.tag));
    const views = new Map<string, RuleView>();
    const score = new Map<string, number>();
    const holds = new Map<string, boolean>();
    for (const tag of MODELLED) {
      const total = a.total[at.get(tag)!]!;
      views.set(tag, { score: total.score, holds: held.has(tag), inTitle: total.evidence.some((e) => e.field === 'title'), terms: total.evidence.map((e) => e.term) });
      score.set(tag, total.score);
      holds.set(tag, held.has(tag));
    }
    // The items the model reads (learned.ts): `ai` holds, or the rules found one of its own words.
    const gated = a.own[at.get('ai')!]!.score > 0 || held.has('ai');
    return { item, group: groupOf(item), grams: leadGrams(a.t, a.b), rules: ruleFeatures(views), score, holds, gated };
  });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** One tag's logistic regression on the given examples. */
function fitLinear(tag: string, xs: readonly Example[], o: TrainOptions): Linear {
  const counts = new Map<string, number>();
  for (const e of xs) for (const g of e.grams) counts.set(g, (counts.get(g) ?? 0) + 1);
  const vocab = [...counts].filter(([, n]) => n >= o.minCount).map(([g]) => g).sort();
  const gi = new Map(vocab.map((g, i) => [g, i]));
  // Rule features: the scores of every item, and a rule term's presence where it occurs often enough.
  const ruleCounts = new Map<string, number>();
  for (const e of xs) for (const name of e.rules.keys()) ruleCounts.set(name, (ruleCounts.get(name) ?? 0) + 1);
  const wanted = (name: string) => (name.includes(':') ? o.ruleInputs !== 'none' : o.ruleInputs === 'all');
  const ruleNames = [...ruleCounts].filter(([name, n]) => wanted(name) && (!name.includes(':') || n >= o.minCount)).map(([name]) => name).sort();
  const R = ruleNames.length;
  const ri = new Map(ruleNames.map((n, i) => [n, i]));
  // Terms are penalised like grams; the scores and decisions lightly.
  const penalty = Float64Array.from(ruleNames.map((n) => (n.includes(':') ? o.l2 : o.l2 / 10)));
  const rows = xs.map((e) => {
    const at = [...e.rules].filter(([n]) => ri.has(n));
    return {
      grams: Int32Array.from([...e.grams].map((g) => gi.get(g)).filter((i): i is number => i !== undefined)),
      ruleAt: Int32Array.from(at.map(([n]) => ri.get(n)!)),
      ruleX: Float64Array.from(at.map(([, x]) => x)),
      y: e.item.tags.includes(tag) ? 1 : 0,
    };
  });
  const wg = new Float64Array(vocab.length);
  const wr = new Float64Array(R);
  let b = 0;
  // Adam on the mean log loss plus l2/2·|w|²; fixed step count and order, so training is deterministic.
  const mg = new Float64Array(vocab.length), vg = new Float64Array(vocab.length);
  const mr = new Float64Array(R), vr = new Float64Array(R);
  let mb = 0, vb = 0;
  const lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const n = Math.max(1, rows.length);
  for (let step = 1; step <= o.steps; step++) {
    const gg = new Float64Array(vocab.length);
    const gr = new Float64Array(R);
    let gb = 0;
    for (const r of rows) {
      let z = b;
      for (let k = 0; k < r.ruleAt.length; k++) z += wr[r.ruleAt[k]!]! * r.ruleX[k]!;
      for (const j of r.grams) z += wg[j]!;
      const d = (sigmoid(z) - r.y) / n;
      gb += d;
      for (let k = 0; k < r.ruleAt.length; k++) gr[r.ruleAt[k]!]! += d * r.ruleX[k]!;
      for (const j of r.grams) gg[j]! += d;
    }
    for (let j = 0; j < vocab.length; j++) gg[j]! += o.l2 * wg[j]!;
    for (let k = 0; k < R; k++) gr[k]! += penalty[k]! * wr[k]!;
    const c1 = 1 - b1 ** step, c2 = 1 - b2 ** step;
    for (let j = 0; j < vocab.length; j++) {
      mg[j] = b1 * mg[j]! + (1 - b1) * gg[j]!;
      vg[j] = b2 * vg[j]! + (1 - b2) * gg[j]! ** 2;
      wg[j]! -= (lr * (mg[j]! / c1)) / (Math.sqrt(vg[j]! / c2) + eps);
    }
    for (let k = 0; k < R; k++) {
      mr[k] = b1 * mr[k]! + (1 - b1) * gr[k]!;
      vr[k] = b2 * vr[k]! + (1 - b2) * gr[k]! ** 2;
      wr[k]! -= (lr * (mr[k]! / c1)) / (Math.sqrt(vr[k]! / c2) + eps);
    }
    mb = b1 * mb + (1 - b1) * gb;
    vb = b2 * vb + (1 - b2) * gb ** 2;
    b -= (lr * (mb / c1)) / (Math.sqrt(vb / c2) + eps);
  }
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const grams: Record<string, number> = {};
  vocab.forEach((g, j) => {
    if (Math.abs(wg[j]!) >= o.prune) grams[g] = r4(wg[j]!);
  });
  const rules: Record<string, number> = {};
  ruleNames.forEach((name, k) => {
    if (!name.includes(':') || Math.abs(wr[k]!) >= o.prune) rules[name] = r4(wr[k]!);
  });
  return { bias: r4(b), rules, grams };
}

function probability(m: Linear, e: Example): number {
  let z = m.bias;
  for (const [name, x] of e.rules) z += (m.rules[name] ?? 0) * x;
  for (const g of e.grams) z += m.grams[g] ?? 0;
  return sigmoid(z);
}

/** Folds by group, deterministic: groups sorted by a hash of their name, dealt out round robin. */
export function folds(xs: readonly Example[], k: number, salt = ''): number[] {
  const groups = [...new Set(xs.map((e) => e.group))];
  const hash = (s: string) => {
    let h = 2166136261;
    for (const ch of salt + s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    return h >>> 0;
  };
  groups.sort((a, b) => hash(a) - hash(b) || (a < b ? -1 : 1));
  const fold = new Map(groups.map((g, i) => [g, i % k]));
  return xs.map((e) => fold.get(e.group)!);
}

const VETO_GRID = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];
const RESCUE_GRID = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01];

/** The threshold with fewest fpCost·FP + FN on held-out probabilities; ties go to the rules (no change). */
function threshold(held: readonly { y: boolean; p: number }[], grid: readonly number[], says: (p: number, t: number) => boolean, fpCost: number, none: number): number {
  let best = { t: none, cost: Infinity };
  for (const t of [none, ...grid.filter((g) => g !== none)]) {
    let cost = 0;
    for (const { y, p } of held) {
      const s = says(p, t);
      if (s && !y) cost += fpCost;
      else if (!s && y) cost += 1;
    }
    if (cost < best.cost - 1e-9) best = { t, cost };
  }
  return best.t;
}

export function train(xs: readonly Example[], o: TrainOptions = DEFAULTS, version = 'trained'): TagModel {
  const gated = xs.filter((e) => e.gated);
  const inner = folds(gated, o.innerFolds, 'inner');
  const tags = MODELLED.map((tag): TagModelWeights => {
    // Held-out probabilities from the inner folds choose the two thresholds, each on the decisions it can change.
    const held: { y: boolean; p: number; holds: boolean }[] = [];
    for (let f = 0; f < o.innerFolds; f++) {
      const m = fitLinear(tag, gated.filter((_, i) => inner[i] !== f), o);
      gated.forEach((e, i) => {
        if (inner[i] === f) held.push({ y: e.item.tags.includes(tag), p: probability(m, e), holds: e.holds.get(tag)! });
      });
    }
    const veto = o.veto ? threshold(held.filter((h) => h.holds), VETO_GRID, (p, t) => p >= t, o.fpCost, 0) : 0;
    const rescue = o.rescue ? threshold(held.filter((h) => !h.holds), RESCUE_GRID, (p, t) => p >= t, o.fpCost, 1.01) : 1.01;
    return { tag, ...fitLinear(tag, gated, o), veto, rescue };
  });
  return { version, tags };
}

async function main(): Promise<void> {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const { createHash } = await import('node:crypto');
  const { loadConfig } = await import('../../src/config/load.ts');
  const { compileTagger } = await import('../../src/tag/index.ts');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const config = loadConfig(`${root}feeds.json`);
  if (!config.ok) throw new Error('feeds.json does not validate');
  const rules = compileTagger(config.config.tags, null);
  const raw = readFileSync(`${root}eval/tags/tuning.json`, 'utf8');
  const items = JSON.parse(raw) as LabelledItem[];
  const model = train(examples(rules, config.config.tags.map((t) => t.id), items));
  // The version names the data and the rules it was trained with, so a retrain re-tags stored items.
  model.version = createHash('sha256').update(raw).update(JSON.stringify(config.config.tags)).update(JSON.stringify(model.tags)).digest('hex').slice(0, 12);
  writeFileSync(`${root}src/tag/model.json`, `${JSON.stringify(model, null, 0)}\n`);
  for (const t of model.tags) console.log(`${t.tag}: ${Object.keys(t.grams).length} grams, ${Object.keys(t.rules).length} rule features; veto below ${t.veto}, rescue from ${t.rescue}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
