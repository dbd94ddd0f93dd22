/**
 * AI-industry tagging: rules from feeds.json compiled once into a Tagger; tag() is pure and fast enough to re-tag a
 * whole store when the rules change.
 */
import { createHash } from 'node:crypto';
import { normalise } from './normalise.ts';
import { compilePatterns, type Hit } from './patterns.ts';
import { checkRules, depthOrder } from './rules.ts';
import type { TagRuleInput } from './schema.ts';
import { MAX_EVIDENCE, scoreRule, type RuleScore } from './score.ts';

const round = (x: number) => Math.round(x * 100) / 100;

export { TagRuleError } from './rules.ts';
export type { TagRule, TagRuleInput } from './schema.ts';

export interface TagInput {
  title: string;
  /** Plain text of the summary and content. */
  text: string;
}

export interface TagEvidence {
  term: string;
  field: 'title' | 'text';
  /** Character offset of the match in that field (of the text as given). */
  index: number;
}

export interface TagMatch {
  tag: string;
  score: number;
  evidence: TagEvidence[];
  /** Set when the tag holds only because a sub-tag matched (llm → ai): the sub-tag's id. */
  via?: string;
}

export interface Tagger {
  /** Changes whenever the rules change, so stored items know to be re-tagged. */
  readonly version: string;
  tag(input: TagInput): TagMatch[];
}

/** Bump when matching or scoring changes meaning, so stores re-tag even if feeds.json did not change. */
const ALGORITHM = 'tag-v2';
/** Bodies are read up to here: past it a mention counts little, and re-tagging must stay cheap. */
export const MAX_TEXT_CHARS = 5000;

/** Compile rules (as in feeds.json `tags`) into a tagger. Throws TagRuleError, in plain words, on bad rules. */
export function compileTagger(input: readonly TagRuleInput[]): Tagger {
  const { rules, parents } = checkRules(input);
  const order = depthOrder(parents);
  const patterns = compilePatterns(rules);
  const version = createHash('sha256').update(ALGORITHM).update(JSON.stringify(rules)).digest('hex').slice(0, 16);

  return {
    version,
    tag({ title, text }) {
      const t = normalise(title);
      const b = normalise(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text);
      const byRule = rules.map(() => ({ title: [] as Hit[], text: [] as Hit[] }));
      for (const hit of patterns.find(t)) byRule[hit.use.rule]!.title.push(hit);
      for (const hit of patterns.find(b)) byRule[hit.use.rule]!.text.push(hit);

      const own: RuleScore[] = byRule.map((h) =>
        h.title.length + h.text.length === 0
          ? { score: 0, evidence: [] }
          : scoreRule([
              { field: 'title', hits: h.title, offsetOf: t.offsetOf },
              { field: 'text', hits: h.text, offsetOf: b.offsetOf },
            ]),
      );

      // A tag counts the mentions of its sub-tags too (人工智能 deep in the body plus 大模型 is an AI story), except
      // those of requiresParent sub-tags, whose words (融资, 备案) say nothing about AI on their own.
      const total = own.map((o) => ({ score: o.score, evidence: [...o.evidence] }));
      for (const i of [...order].reverse()) {
        const p = parents[i]!;
        if (p < 0 || rules[i]!.requiresParent) continue;
        total[p]!.score += total[i]!.score;
        for (const e of total[i]!.evidence) if (total[p]!.evidence.length < MAX_EVIDENCE) total[p]!.evidence.push(e);
      }

      const strongestChild = (p: number): string | undefined => {
        let best = -1;
        parents.forEach((q, c) => {
          if (q === p && !rules[c]!.requiresParent && total[c]!.score > (best < 0 ? 0 : total[best]!.score)) best = c;
        });
        return best < 0 ? undefined : rules[best]!.id;
      };

      // Decide ancestors first: a requiresParent rule needs its parent to hold by then.
      const result: (TagMatch | undefined)[] = rules.map(() => undefined);
      for (const i of order) {
        const rule = rules[i]!;
        if (total[i]!.score < rule.threshold) continue;
        if (rule.requiresParent && !result[parents[i]!]) continue;
        if (!result[i]) {
          result[i] = { tag: rule.id, score: round(total[i]!.score), evidence: total[i]!.evidence };
          if (own[i]!.score < rule.threshold) result[i]!.via = strongestChild(i);
        }
        // A sub-tag implies its ancestors, even when their own count falls short.
        for (let p = parents[i]!, child = i; p >= 0 && !result[p]; child = p, p = parents[p]!) {
          result[p] = { tag: rules[p]!.id, score: round(total[p]!.score), evidence: total[p]!.evidence, via: rules[child]!.id };
        }
      }
      return result.filter((m): m is TagMatch => m !== undefined);
    },
  };
}
