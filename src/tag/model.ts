/**
 * A small learned check on the rules' decisions (round 4, docs/tag-eval.md): per tag, a logistic regression over what
 * the lead says (character bigrams of Chinese, Latin words, of the title and the first LEAD_CHARS of the body) and
 * over what the rules found (scores, decisions, matched terms). It is trained offline on the tuning set
 * (eval/tags/train-model.ts) and its weights ship as model.json. It reads only items that say AI in the rules' eyes
 * (learned.ts), and can only veto a rule decision it finds unlikely or rescue a tag the rules fell short of. Pure and
 * deterministic: the training reading (leadGrams, ruleFeatures, predict) and the fast one (compileModel) agree.
 */
import { LEAD_CHARS } from './score.ts';

/** A logistic regression: bias, a weight per rule feature (ruleFeatures names them), a weight per gram (`t:`, `b:`). */
export interface Linear {
  bias: number;
  rules: Record<string, number>;
  grams: Record<string, number>;
}

/**
 * One tag's check, trained on the items where the rules found an AI word: a rule decision is dropped when the
 * probability is below `veto`; a tag the rules did not give is given when it is at least `rescue` (above 1: never).
 */
export interface TagModelWeights extends Linear {
  tag: string;
  veto: number;
  rescue: number;
}

export interface TagModel {
  /** Which training run made it: part of the tagger's version. */
  version: string;
  /** Parents before children. */
  tags: TagModelWeights[];
}

/** What the model reads of one tag's rule stage: its total score, whether it holds, whether its words are in the title. */
export interface RuleView {
  score: number;
  holds: boolean;
  inTitle: boolean;
  /** The rule terms behind the score (its evidence). */
  terms: readonly string[];
}

const isCjk = (c: number) => c >= 0x3400 && c <= 0x9fff;
const isWord = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/** Grams of one folded field, each once: Chinese bigrams (a lone character as itself), Latin words. */
function addGrams(out: Set<string>, prefix: string, s: string): void {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isCjk(c)) {
      let j = i + 1;
      while (j < s.length && isCjk(s.charCodeAt(j))) j++;
      if (j - i === 1) out.add(prefix + s[i]);
      for (let k = i; k + 1 < j; k++) out.add(prefix + s.slice(k, k + 2));
      i = j;
    } else if (isWord(c)) {
      let j = i + 1;
      while (j < s.length && isWord(s.charCodeAt(j))) j++;
      if (j - i > 1 || c > 0x39) out.add(prefix + s.slice(i, j));
      i = j;
    } else i++;
  }
}

/** The grams the model reads: the folded title and the folded body up to LEAD_CHARS. */
export function leadGrams(title: string, text: string): Set<string> {
  const out = new Set<string>();
  addGrams(out, 't:', title);
  addGrams(out, 'b:', text.length > LEAD_CHARS ? text.slice(0, LEAD_CHARS) : text);
  return out;
}

/** Rule features: each modelled tag's view, by name (`ai.score`, `ai.holds`, `llm.title` …). */
export function ruleFeatures(views: ReadonlyMap<string, RuleView>): Map<string, number> {
  const f = new Map<string, number>();
  for (const [tag, v] of views) {
    f.set(`${tag}.score`, Math.log1p(v.score));
    f.set(`${tag}.holds`, v.holds ? 1 : 0);
    f.set(`${tag}.title`, v.inTitle ? 1 : 0);
    for (const term of v.terms) f.set(`${tag}:${term}`, 1);
  }
  return f;
}

export interface Contribution {
  gram: string;
  weight: number;
}

const weightiest = (a: Contribution, b: Contribution) => Math.abs(b.weight) - Math.abs(a.weight) || (a.gram < b.gram ? -1 : 1);

/** The model's probability for one tag, and the grams that pushed it most (by absolute weight). */
export function predict(m: Linear, grams: ReadonlySet<string>, rules: ReadonlyMap<string, number>, top = 3): { p: number; grams: Contribution[] } {
  let z = m.bias;
  for (const [name, x] of rules) z += (m.rules[name] ?? 0) * x;
  const seen: Contribution[] = [];
  for (const g of grams) {
    const w = m.grams[g];
    if (w === undefined) continue;
    z += w;
    seen.push({ gram: g, weight: w });
  }
  seen.sort(weightiest);
  return { p: 1 / (1 + Math.exp(-z)), grams: seen.slice(0, top) };
}

/** One gram's weight for each modelled tag, and the last call that counted it (a gram counts once per item). */
interface GramEntry {
  /** As in the weights file (`t:模型`), for explanations. */
  gram: string;
  w: Float64Array;
  stamp: number;
}

export interface CompiledModel {
  /**
   * Each tag's log-odds (in model order) for one item: the same sum as predict(), without building its sets. With
   * `explain` (a tag's place), its grams are collected into `grams`, the weightiest first, as predict() gives them.
   */
  logits(views: readonly RuleView[], title: string, text: string, explain?: { tag: number; grams: Contribution[] }): Float64Array;
}

/** CJK codes from 0x3400 to 0x9fff, so a bigram's key stays a small integer (V8 keeps it unboxed). */
const CJK_SPAN = 0x9fff - 0x3400 + 1;
const cjkKey = (c1: number, c2: number | undefined) => (c1 - 0x3400) * (CJK_SPAN + 1) + (c2 === undefined ? CJK_SPAN : c2 - 0x3400);

/**
 * The weights laid out for tagging a whole store: Chinese bigrams keyed by their two character codes, so the lead is
 * read without cutting a string per bigram; Latin words by their text. `views`: the modelled tags' rule views in the
 * order of `tags` (ruleFeatures' names).
 */
export function compileModel(tags: readonly TagModelWeights[]): CompiledModel {
  const n = tags.length;
  const cjk = [new Map<number, GramEntry>(), new Map<number, GramEntry>()] as const;
  const words = new Map<string, GramEntry>();
  tags.forEach((m, k) => {
    for (const [gram, w] of Object.entries(m.grams)) {
      const field = gram.startsWith('t:') ? 0 : 1;
      const body = gram.slice(2);
      let entry: GramEntry | undefined;
      if (isCjk(body.charCodeAt(0))) {
        const key = cjkKey(body.charCodeAt(0), body.length > 1 ? body.charCodeAt(1) : undefined);
        entry = cjk[field]!.get(key) ?? { gram, w: new Float64Array(n), stamp: 0 };
        cjk[field]!.set(key, entry);
      } else {
        entry = words.get(gram) ?? { gram, w: new Float64Array(n), stamp: 0 };
        words.set(gram, entry);
      }
      entry.w[k] = w;
    }
  });
  const names = tags.map((m) => m.tag);
  // Per view (a modelled tag's rule stage): its score, decision and title weights for every tag, and per matched
  // term one array of weights, so one lookup serves every tag.
  const ruleWeights = names.map((view) => {
    const terms = new Map<string, Float64Array>();
    tags.forEach((m, k) => {
      for (const [name, w] of Object.entries(m.rules)) {
        if (!name.startsWith(`${view}:`)) continue;
        const term = name.slice(view.length + 1);
        const ws = terms.get(term) ?? new Float64Array(n);
        ws[k] = w;
        terms.set(term, ws);
      }
    });
    const of = (suffix: string) => Float64Array.from(tags, (m) => m.rules[`${view}.${suffix}`] ?? 0);
    return { score: of('score'), holds: of('holds'), title: of('title'), terms };
  });
  let stamp = 0;
  let explaining: { tag: number; grams: Contribution[] } | undefined;
  const add = (z: Float64Array, entry: GramEntry | undefined) => {
    if (entry === undefined || entry.stamp === stamp) return;
    entry.stamp = stamp;
    for (let k = 0; k < n; k++) z[k]! += entry.w[k]!;
    if (explaining && entry.w[explaining.tag] !== 0) explaining.grams.push({ gram: entry.gram, weight: entry.w[explaining.tag]! });
  };
  const read = (z: Float64Array, field: number, s: string, end: number) => {
    const prefix = field === 0 ? 't:' : 'b:';
    const bigrams = cjk[field]!;
    let i = 0;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (isCjk(c)) {
        let j = i + 1;
        while (j < end && isCjk(s.charCodeAt(j))) j++;
        if (j - i === 1) add(z, bigrams.get(cjkKey(c, undefined)));
        for (let k = i; k + 1 < j; k++) add(z, bigrams.get(cjkKey(s.charCodeAt(k), s.charCodeAt(k + 1))));
        i = j;
      } else if (isWord(c)) {
        let j = i + 1;
        while (j < end && isWord(s.charCodeAt(j))) j++;
        if (j - i > 1 || c > 0x39) add(z, words.get(prefix + s.slice(i, j)));
        i = j;
      } else i++;
    }
  };
  return {
    logits(views, title, text, explain) {
      stamp++;
      explaining = explain;
      const z = Float64Array.from(tags, (m) => m.bias);
      for (let j = 0; j < views.length; j++) {
        const v = views[j]!;
        const w = ruleWeights[j]!;
        const score = Math.log1p(v.score);
        for (let k = 0; k < n; k++) z[k]! += w.score[k]! * score + (v.holds ? w.holds[k]! : 0) + (v.inTitle ? w.title[k]! : 0);
        // A term counts once however often it is in the evidence, as in ruleFeatures' map.
        for (let t = 0; t < v.terms.length; t++) {
          const ws = w.terms.get(v.terms[t]!);
          if (ws === undefined || v.terms.indexOf(v.terms[t]!) !== t) continue;
          for (let k = 0; k < n; k++) z[k]! += ws[k]!;
        }
      }
      // Title grams and lead grams are separate entries, so one stamp serves both fields.
      read(z, 0, title, title.length);
      read(z, 1, text, Math.min(text.length, LEAD_CHARS));
      explain?.grams.sort(weightiest);
      explaining = undefined;
      return z;
    },
  };
}
