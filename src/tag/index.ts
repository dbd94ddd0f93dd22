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
import { decide } from './hierarchy.ts';
import { scoreRule, type RuleScore } from './score.ts';
import type { Tagger } from './types.ts';

export { TagRuleError } from './rules.ts';
export type { TagMatch, Tagger } from './types.ts';
export type { TagRuleInput } from './schema.ts';

/** Bump when matching or scoring changes meaning, so stores re-tag even if feeds.json did not change. */
const ALGORITHM = 'tag-v9';
/** Bodies are read up to here: past it a mention counts little, and re-tagging must stay cheap. */
export const MAX_TEXT_CHARS = 5000;

/** Compile rules (as in feeds.json `tags`) into a tagger. Throws TagRuleError, in plain words, on bad rules. */
export function compileTagger(input: readonly TagRuleInput[]): Tagger {
  const { rules, parents, requires, yieldsTo } = checkRules(input);
  const hierarchy = { rules, parents, order: depthOrder(parents), requires, yieldsTo };
  const patterns = compilePatterns(rules);
  const gated = rules.map((r) => r.requiresParent);
  const version = createHash('sha256').update(ALGORITHM).update(JSON.stringify(rules)).digest('hex').slice(0, 16);

  return {
    version,
    tag({ title, text }) {
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

      return decide(hierarchy, own);
    },
  };
}
