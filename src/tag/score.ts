/**
 * How mentions become a score. A mention is worth its keyword's weight times a field factor: the title says what the
 * story is about, the lead usually does, a passing mention deep in a long body rarely does.
 *
 *   title ×3 · first LEAD_CHARS characters of the body ×1 · rest of the body ×0.5 · one entry of a 、 list ×0.75
 *
 * With the default weight 2 and threshold 2, one strong keyword in the title or lead tags the item; deep in the
 * body it takes two mentions. A weak keyword (weight 1) tags from the title, or with support from other mentions.
 */
import { inEnumeration } from './enumeration.ts';
import type { Hit } from './patterns.ts';
import type { TagEvidence } from './types.ts';

export const TITLE_FACTOR = 3;
export const LEAD_FACTOR = 1;
export const DEEP_FACTOR = 0.5;
export const LEAD_CHARS = 200;
/** A mention that is one entry of a 、-separated list counts three quarters (enumeration.ts). */
export const LIST_FACTOR = 0.75;
/**
 * Repeating a term adds little: only its first few mentions per field count. A weak term (weight below the rule's
 * threshold: Gemini, Claude, Token, 机器人, names that are often something else) counts once per field, so a post
 * that says "gemini" three times while talking about a student discount is not a model story on that alone.
 */
export const MAX_MENTIONS_PER_TERM = 3;
/** Evidence kept per tag, title first. */
export const MAX_EVIDENCE = 5;

export interface FieldHits {
  field: 'title' | 'text';
  hits: Hit[];
  /** The normalised field, to see whether a hit is one entry of a list. */
  folded: string;
  /** Original offset of a normalised position. */
  offsetOf: (index: number) => number;
}

export interface RuleScore {
  score: number;
  evidence: TagEvidence[];
}

function overlaps(a: Hit, b: Hit): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Score of one rule over the hits that belong to it, exclusions already applied per field. `parentHolds`: the
 * parent tag reached its threshold on its own words, so a `context: "parent"` term counts at this rule's threshold.
 */
export function scoreRule(fields: readonly FieldHits[], threshold: number, parentHolds = false): RuleScore {
  if (fields.some((f) => f.field === 'title' && f.hits.some((h) => h.use.kind === 'veto'))) return { score: 0, evidence: [] };
  let score = 0;
  const evidence: TagEvidence[] = [];
  const mentions = new Map<string, number>();
  for (const { field, hits, offsetOf, folded } of fields) {
    const excluded = hits.filter((h) => h.use.kind === 'exclude');
    for (const hit of hits) {
      if (hit.use.kind !== 'keyword') continue;
      if (hit.use.titleOnly && field !== 'title') continue;
      if (excluded.some((e) => overlaps(e, hit))) continue;
      const key = `${field}\u0000${hit.use.term}`;
      const seen = mentions.get(key) ?? 0;
      if (seen >= (hit.use.weight < threshold ? 1 : MAX_MENTIONS_PER_TERM)) continue;
      mentions.set(key, seen + 1);
      const index = offsetOf(hit.start);
      const factor = field === 'title' ? TITLE_FACTOR : index < LEAD_CHARS ? LEAD_FACTOR : DEEP_FACTOR;
      const weight = parentHolds && hit.use.backedByParent ? Math.max(hit.use.weight, threshold) : hit.use.weight;
      score += weight * factor * (inEnumeration(folded, hit.start, hit.end) ? LIST_FACTOR : 1);
      if (seen === 0 && evidence.length < MAX_EVIDENCE) evidence.push({ term: hit.use.term, field, index });
    }
  }
  return { score: Math.round(score * 100) / 100, evidence };
}
