/**
 * From per-rule scores to the tags an item gets: a tag counts its sub-tags' mentions, a requiresParent tag waits for
 * its parent, and a sub-tag implies its ancestors.
 */
import type { TagRule } from './schema.ts';
import { LIST_FACTOR, MAX_EVIDENCE, type RuleScore } from './score.ts';
import type { TagMatch } from './types.ts';

export interface Hierarchy {
  rules: readonly TagRule[];
  /** Index of each rule's parent, or -1. */
  parents: readonly number[];
  /** Ancestors before descendants. */
  order: readonly number[];
  /** Indexes of the tags each rule's `requires` names (one must hold). */
  requires: readonly (readonly number[])[];
  /** Index of the tag each rule `yields` to, or -1. */
  yieldsTo: readonly number[];
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Each rule's score with its sub-tags' mentions: a tag counts them too (人工智能 deep in the body plus 大模型 is an
 * AI story), except those of requiresParent sub-tags, whose words (融资, 备案) say nothing about AI on their own.
 */
export function totals({ rules, parents, order }: Hierarchy, own: readonly RuleScore[]): RuleScore[] {
  const total = own.map((o) => ({ score: o.score, evidence: [...o.evidence] }));
  for (const i of [...order].reverse()) {
    const p = parents[i]!;
    if (p < 0 || rules[i]!.requiresParent) continue;
    total[p]!.score += total[i]!.score;
    for (const e of total[i]!.evidence) if (total[p]!.evidence.length < MAX_EVIDENCE) total[p]!.evidence.push(e);
  }
  return total;
}

/** The tags that hold, in rule order, given each rule's own score and its total (totals()). */
export function decide({ rules, parents, order, requires, yieldsTo }: Hierarchy, own: readonly RuleScore[], total: readonly RuleScore[]): TagMatch[] {

  const strongestChild = (p: number): string | undefined => {
    let best = -1;
    parents.forEach((q, c) => {
      if (q === p && !rules[c]!.requiresParent && total[c]!.score > (best < 0 ? 0 : total[best]!.score)) best = c;
    });
    return best < 0 ? undefined : rules[best]!.id;
  };

  // Tags with `crowd` that would hold from the body alone: when there are at least `crowd` of them, the item lists
  // them rather than being about one, and they are left out (their scores still count for their parents above).
  const listed: number[] = [];
  rules.forEach((r, i) => {
    // A firm named as one entry of a 、 list scores LIST_FACTOR of a full mention, and is still one of the crowd.
    if (r.crowd !== undefined && total[i]!.score >= r.threshold * LIST_FACTOR && !own[i]!.evidence.some((e) => e.field === 'title')) listed.push(i);
  });
  const crowded = new Set(listed.filter((i) => listed.length >= rules[i]!.crowd!));

  // A tag with `yields` gives way, sub-tags and all, to a tag that holds at `ratio` times its score when its own
  // words are not in the title: Gemini named in an image model's launch does not make it a language-model story.
  const titled = (i: number) => total[i]!.evidence.some((e) => e.field === 'title');
  const yielded = rules.map((r, i) => {
    const to = yieldsTo[i]!;
    return to >= 0 && !titled(i) && total[to]!.score >= rules[to]!.threshold && total[to]!.score >= r.yields!.ratio * total[i]!.score;
  });
  const givesWay = (i: number): boolean => yielded[i]! || (parents[i]! >= 0 && givesWay(parents[i]!));

  // Decide ancestors first: a requiresParent rule needs its parent to hold by then. Rules with `requires` come
  // last, once every tag they may name is settled (those cannot have `requires` themselves).
  const result: (TagMatch | undefined)[] = rules.map(() => undefined);
  const last = (i: number) => (requires[i]!.length > 0 ? 1 : 0);
  for (const i of [...order].sort((a, b) => last(a) - last(b))) {
    const rule = rules[i]!;
    if (total[i]!.score < rule.threshold || crowded.has(i) || givesWay(i)) continue;
    if (rule.requiresParent && !result[parents[i]!]) continue;
    if (requires[i]!.length > 0 && !requires[i]!.some((r) => result[r])) continue;
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
}
