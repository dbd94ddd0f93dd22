/**
 * One stretch of text counts once. When a keyword lies inside a longer one (GPT in GPT-4o, AI in AI芯片, 人工智能 in
 * 生成式人工智能), only the longer, more specific term counts: otherwise a single mention would score two or three
 * times, and a lone passing mention could pass a threshold. Two terms that overlap without one containing the other
 * (带有AI and AI功能 in 带有AI功能) are one stretch too: the one that starts first counts, so two weak phrases about
 * one "AI" do not add up to a strong mention.
 *
 * Keywords of requiresParent rules are resolved among themselves only: a long governance phrase
 * (生成式人工智能服务管理暂行办法) must not hide the AI evidence its tag depends on.
 */
import type { Hit } from './patterns.ts';

export function keepLongest(hits: readonly Hit[], gated: readonly boolean[]): Hit[] {
  const keywords = hits.filter((h) => h.use.kind === 'keyword');
  const others = hits.filter((h) => h.use.kind !== 'keyword'); // exclusions and title vetoes
  const open = keywords.filter((h) => !gated[h.use.rule]);
  const closed = keywords.filter((h) => gated[h.use.rule]);
  const byRule = new Map<number, Hit[]>();
  for (const h of closed) byRule.set(h.use.rule, [...(byRule.get(h.use.rule) ?? []), h]);
  return [...outermost(open), ...[...byRule.values()].flatMap(outermost), ...others];
}

/** Hits that neither lie inside nor start inside an earlier one; hits on the same span (one term in several rules) are all kept. */
function outermost(hits: readonly Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  let spanStart = -1;
  let spanEnd = -1;
  for (const h of sorted) {
    const same = h.start === spanStart && h.end === spanEnd;
    if (!same && h.start < spanEnd) continue;
    kept.push(h);
    if (h.end > spanEnd) {
      spanStart = h.start;
      spanEnd = h.end;
    }
  }
  return kept;
}
