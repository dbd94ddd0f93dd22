import { z } from 'zod';
import { checkRules, TagRuleError } from '../tag/rules.ts';
import { tagRuleSchema } from '../tag/schema.ts';
import { notifyCrossChecks } from './push-schema.ts';

/** A problem found by looking across the file, with the path it concerns. */
export interface CrossProblem {
  path: (string | number)[];
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The elements of a top-level array member, or none when it is not an array. */
function entries(raw: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const list = raw[key];
  return Array.isArray(list) ? list.map((x) => (isObject(x) ? x : {})) : [];
}

const idOf = (x: Record<string, unknown>): string | undefined => (typeof x.id === 'string' ? x.id : undefined);

/**
 * What no one entry's schema can see: ids used twice, tags and sources named but not defined, and the tagger's own
 * rules (cycles, keyword mistakes). Run on the raw document, whatever else is wrong with it, so that one `huiju check`
 * reports every problem instead of revealing them one round of fixes at a time.
 */
export function crossChecks(raw: unknown): CrossProblem[] {
  if (!isObject(raw)) return [];
  const problems: CrossProblem[] = [];
  const duplicates = (key: string): boolean => {
    const first = new Map<string, number>();
    let any = false;
    entries(raw, key).forEach((x, i) => {
      const id = idOf(x);
      if (id === undefined) return;
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, i);
      else {
        any = true;
        problems.push({ path: [key, i, 'id'], message: `duplicate id "${id}": ${key}[${earlier}] has it too` });
      }
    });
    return any;
  };
  duplicates('sources');
  const duplicateTags = duplicates('tags');
  duplicates('outputs');
  problems.push(...notifyCrossChecks(raw.outputs));

  const tags = entries(raw, 'tags');
  const tagIds = new Set(tags.map(idOf).filter((id) => id !== undefined));
  const sourceIds = new Set(entries(raw, 'sources').map(idOf).filter((id) => id !== undefined));
  let unknownParent = false;
  tags.forEach((t, i) => {
    if (typeof t.parent === 'string' && !tagIds.has(t.parent)) {
      unknownParent = true;
      problems.push({ path: ['tags', i, 'parent'], message: `unknown tag "${t.parent}"` });
    }
  });
  entries(raw, 'outputs').forEach((o, i) => {
    const refs = (key: 'tags' | 'sources', known: Set<string>, kind: string) => {
      if (!Array.isArray(o[key])) return;
      (o[key] as unknown[]).forEach((v, j) => {
        if (typeof v === 'string' && !known.has(v)) problems.push({ path: ['outputs', i, key, j], message: `unknown ${kind} "${v}"` });
      });
    };
    refs('tags', tagIds, 'tag');
    refs('sources', sourceIds, 'source');
  });

  const trends = isObject(raw.trends) && Array.isArray(raw.trends.companies) ? raw.trends.companies : [];
  trends.forEach((v, j) => {
    if (typeof v === 'string' && !tagIds.has(v)) problems.push({ path: ['trends', 'companies', j], message: `unknown tag "${v}"` });
  });

  // The tagger's own checks need rules that are otherwise sound; their schema problems are reported by the schema.
  const rules = z.array(tagRuleSchema).safeParse(raw.tags ?? []);
  if (rules.success && !duplicateTags && !unknownParent) {
    try {
      checkRules(rules.data);
    } catch (err) {
      if (!(err instanceof TagRuleError)) throw err;
      problems.push({ path: ['tags'], message: err.message.replace(/^tag rules are invalid: /, '') });
    }
  }
  return problems;
}
