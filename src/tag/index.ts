/**
 * AI-industry tagging: rules from feeds.json compiled once into a Tagger; tag() is pure and fast enough to re-tag a
 * whole store when the rules change.
 */
import { createHash } from 'node:crypto';
import { normalise } from './normalise.ts';
import { keepLongest } from './overlaps.ts';
import { compilePatterns, hasChinese, type Hit } from './patterns.ts';
import { checkRules, depthOrder } from './rules.ts';
import type { TagRuleInput } from './schema.ts';
import { decide, totals } from './hierarchy.ts';
import { compileModelStage } from './learned.ts';
import type { TagModel } from './model.ts';
import shippedModel from './model.json' with { type: 'json' };
import { scoreRule, type RuleScore } from './score.ts';
import type { ModelEvidence, TagInput, Tagger } from './types.ts';

export { TagRuleError } from './rules.ts';
export type { TagMatch, Tagger } from './types.ts';
export type { TagRuleInput } from './schema.ts';

/** Bump when matching or scoring changes meaning, so stores re-tag even if feeds.json did not change. */
const ALGORITHM = 'tag-v11';
/** The learned check trained on the tuning set (eval/tags/train-model.ts writes it). */
export const SHIPPED_MODEL = shippedModel as unknown as TagModel;
/** Bodies are read up to here: past it a mention counts little, and re-tagging must stay cheap. */
export const MAX_TEXT_CHARS = 5000;

/**
 * Compile rules (as in feeds.json `tags`) into a tagger. Throws TagRuleError, in plain words, on bad rules. `model`:
 * the learned check on the rules' decisions (model.ts), the shipped one unless given; null for the rules alone.
 */
export function compileTagger(input: readonly TagRuleInput[], model: TagModel | null = SHIPPED_MODEL): Tagger & TaggerInternals {
  const { rules, parents, requires, yieldsTo } = checkRules(input);
  const hierarchy = { rules, parents, order: depthOrder(parents), requires, yieldsTo };
  const patterns = compilePatterns(rules);
  const gated = rules.map((r) => r.requiresParent);
  const stage = model ? compileModelStage(model, hierarchy) : undefined;
  const version = createHash('sha256')
    .update(ALGORITHM)
    .update(JSON.stringify(rules))
    .update(stage ? model!.version : 'no model')
    .digest('hex')
    .slice(0, 16);

  const analyse = ({ title, text }: TagInput) => {
    const t = normalise(title);
    const b = normalise(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text);
    // An item is Chinese when its title or its body is: a tool's English name over a Chinese description
    // ("Page Agent" / 使用自然语言操作页面) is a Chinese item, and its Agent the AI kind.
    let isChinese: boolean | undefined;
    const chinese = () => (isChinese ??= hasChinese(t) || hasChinese(b));
    const byRule = rules.map(() => ({ title: [] as Hit[], text: [] as Hit[] }));
    for (const hit of keepLongest(patterns.find(t, chinese), gated)) byRule[hit.use.rule]!.title.push(hit);
    for (const hit of keepLongest(patterns.find(b, chinese), gated)) byRule[hit.use.rule]!.text.push(hit);

    // Parents first, so that a `context: "parent"` term knows whether the item is about its parent tag on the
    // parent's own words (its sub-tags' mentions do not count for this).
    const own: RuleScore[] = [];
    for (const r of hierarchy.order) {
      const h = byRule[r]!;
      const p = parents[r]!;
      own[r] =
        h.title.length + h.text.length === 0
          ? { score: 0, evidence: [] }
          : scoreRule(
              [
                { field: 'title', hits: h.title, offsetOf: t.offsetOf, folded: t.folded },
                { field: 'text', hits: h.text, offsetOf: b.offsetOf, folded: b.folded },
              ],
              rules[r]!.threshold,
              p >= 0 && own[p]!.score >= rules[p]!.threshold,
            );
    }

    const total = totals(hierarchy, own);
    return { t: t.folded, b: b.folded, own, total, matches: decide(hierarchy, own, total) };
  };

  return {
    version,
    tag(input) {
      const { t, b, own, total, matches } = analyse(input);
      return stage ? stage.apply(matches, own, total, t, b) : matches;
    },
    analyse(input) {
      const a = analyse(input);
      return { ...a, model: stage ? stage.explain(a.matches, a.own, a.total, a.t, a.b) : [] };
    },
  };
}

/** What the training script and the tests read beside the tags. */
export interface TaggerInternals {
  /** The rule stage alone (folded title and body, each tag's score with its sub-tags', the rules' tags) and the model's verdicts. */
  analyse(input: TagInput): { t: string; b: string; own: RuleScore[]; total: RuleScore[]; matches: ReturnType<typeof decide>; model: ModelEvidence[] };
}
