/** Validation of tag rules beyond the schema: known parents, no cycles; errors in plain words. */
import { z } from 'zod';
import { tagRuleSchema, type TagRule, type TagRuleInput } from './schema.ts';

export interface CheckedRules {
  rules: TagRule[];
  /** Index of each rule's parent, or -1. */
  parents: number[];
  /** Indexes of the tags each rule's `requires` names. */
  requires: number[][];
  /** Index of the tag each rule `yields` to, or -1. */
  yieldsTo: number[];
}

export class TagRuleError extends Error {
  override name = 'TagRuleError';
}

export function checkRules(input: readonly TagRuleInput[]): CheckedRules {
  const parsed = z.array(tagRuleSchema).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TagRuleError(`tag rules are invalid: tags[${issue.path.join('.')}]: ${issue.message}`);
  }
  const rules = parsed.data;
  const index = new Map<string, number>();
  rules.forEach((r, i) => {
    if (index.has(r.id)) throw new TagRuleError(`tag rules are invalid: duplicate tag id "${r.id}"`);
    index.set(r.id, i);
  });
  const parents = rules.map((r) => {
    if (r.parent === undefined) return -1;
    const p = index.get(r.parent);
    if (p === undefined) throw new TagRuleError(`tag rules are invalid: tag "${r.id}" has unknown parent "${r.parent}"`);
    return p;
  });
  for (const r of rules) {
    const unknown = r.requires.find((id) => !index.has(id));
    if (unknown !== undefined) throw new TagRuleError(`tag rules are invalid: tag "${r.id}" requires unknown tag "${unknown}"`);
    if (r.requires.some((id) => rules[index.get(id)!]!.requires.length > 0)) {
      throw new TagRuleError(`tag rules are invalid: tag "${r.id}" requires a tag that has "requires" itself`);
    }
  }
  for (const r of rules) {
    if (r.yields !== undefined && !index.has(r.yields.to)) {
      throw new TagRuleError(`tag rules are invalid: tag "${r.id}" yields to unknown tag "${r.yields.to}"`);
    }
  }
  rules.forEach((r, i) => {
    const seen = new Set<number>([i]);
    for (let p = parents[i]!; p >= 0; p = parents[p]!) {
      if (seen.has(p)) throw new TagRuleError(`tag rules are invalid: tag "${r.id}" is its own ancestor`);
      seen.add(p);
    }
  });
  return {
    rules,
    parents,
    requires: rules.map((r) => r.requires.map((id) => index.get(id)!)),
    yieldsTo: rules.map((r) => (r.yields === undefined ? -1 : index.get(r.yields.to)!)),
  };
}

/** Ancestors first, so a rule's parent is decided before the rule itself. */
export function depthOrder(parents: readonly number[]): number[] {
  const depth = (i: number): number => (parents[i]! < 0 ? 0 : 1 + depth(parents[i]!));
  return parents.map((_, i) => i).sort((a, b) => depth(a) - depth(b) || a - b);
}
