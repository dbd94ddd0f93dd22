/**
 * Every keyword and exclusion of every rule compiled into one automaton, plus the checks the automaton cannot do:
 * Latin word boundaries (AI ≠ MAIN, SAID, AIDS) and exact case (AI ≠ the name Ai).
 */
import { buildAutomaton, type Automaton } from './automaton.ts';
import { normaliseTerm, type NormalisedText } from './normalise.ts';
import type { TagRule } from './schema.ts';

export interface PatternUse {
  rule: number;
  kind: 'keyword' | 'exclude' | 'veto';
  /** The term as the rule writes it, shown as evidence. */
  term: string;
  weight: number;
  titleOnly: boolean;
  chineseOnly: boolean;
  /** Counts at the rule's threshold when the parent tag holds on its own words (keyword `context: "parent"`). */
  backedByParent: boolean;
  /** Cased matching form when case matters, else null. */
  exact: string | null;
}

export interface Hit {
  use: PatternUse;
  /** Index into the normalised text, start inclusive and end exclusive. */
  start: number;
  end: number;
}

export interface PatternSet {
  /**
   * `chinese()`: whether the item (title or body) is written in Chinese, so `lang: "zh"` terms count in either field.
   * Asked only when such a term is found, so most items never pay for it.
   */
  find(text: NormalisedText, chinese: () => boolean): Hit[];
}

const CJK = /[\u3400-\u9fff]/;
/** Whether a text has Chinese in it: `lang: "zh"` terms count only in items that do. */
export const hasChinese = (text: NormalisedText): boolean => CJK.test(text.folded);
const isAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLetter = (c: number) => c >= 0x61 && c <= 0x7a;

/**
 * A Latin term must not continue a Latin word on either side. After a term ending in a letter a digit may follow
 * (Qwen3, GPT5, GLM4); after a term ending in a digit nothing alphanumeric may (A100 ≠ A1000).
 */
function onBoundary(folded: string, start: number, end: number): boolean {
  const first = folded.charCodeAt(start);
  const last = folded.charCodeAt(end - 1);
  if (isAlnum(first) && start > 0 && isAlnum(folded.charCodeAt(start - 1))) return false;
  if (end < folded.length) {
    const after = folded.charCodeAt(end);
    if (isLetter(last) && isLetter(after)) return false;
    if (isDigit(last) && isAlnum(after)) return false;
  }
  return true;
}

export function compilePatterns(rules: readonly TagRule[]): PatternSet {
  const terms: string[] = [];
  const uses: PatternUse[][] = [];
  const slot = new Map<string, number>();
  const add = (folded: string, use: PatternUse) => {
    if (folded.length === 0) return;
    let i = slot.get(folded);
    if (i === undefined) {
      i = terms.length;
      slot.set(folded, i);
      terms.push(folded);
      uses.push([]);
    }
    // The same term twice in a rule (AI绘画 and AI 绘画 normalise alike) must not count twice.
    if (uses[i]!.some((u) => u.rule === use.rule && u.kind === use.kind)) return;
    uses[i]!.push(use);
  };
  rules.forEach((rule, r) => {
    for (const kw of rule.keywords) {
      const k = typeof kw === 'string' ? { term: kw, weight: undefined, case: 'any', field: 'any', lang: 'any', context: 'none' } : kw;
      const norm = normaliseTerm(k.term);
      add(norm.folded, {
        rule: r,
        kind: 'keyword',
        term: k.term,
        weight: k.weight ?? rule.weight,
        titleOnly: k.field === 'title',
        chineseOnly: k.lang === 'zh',
        backedByParent: k.context === 'parent',
        exact: k.case === 'exact' ? norm.cased : null,
      });
    }
    for (const veto of rule.vetoInTitle) {
      add(normaliseTerm(veto).folded, { rule: r, kind: 'veto', term: veto, weight: 0, titleOnly: true, chineseOnly: false, backedByParent: false, exact: null });
    }
    for (const ex of rule.exclude) {
      add(normaliseTerm(ex).folded, {
        rule: r,
        kind: 'exclude',
        term: ex,
        weight: 0,
        titleOnly: false,
        chineseOnly: false,
        backedByParent: false,
        exact: null,
      });
    }
  });
  const automaton: Automaton = buildAutomaton(terms);

  return {
    find(text, chinese) {
      const hits: Hit[] = [];
      automaton.scan(text.folded, (p, end) => {
        const start = end - automaton.lengths[p]!;
        if (!onBoundary(text.folded, start, end)) return;
        for (const use of uses[p]!) {
          if (use.exact !== null && text.cased.slice(start, end) !== use.exact) continue;
          if (use.chineseOnly && !chinese()) continue;
          hits.push({ use, start, end });
        }
      });
      return hits;
    },
  };
}
