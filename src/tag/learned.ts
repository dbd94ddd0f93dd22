/**
 * The model (model.ts) applied to the rules' decisions. It reads only items where the first modelled tag (`ai`) holds
 * or where the rules found one of its own words, so an item with no AI word costs nothing more and a tag is never
 * rescued into an item that does not say AI (a text-to-speech tool that names no AI stays untagged). A veto drops a tag and its sub-tags; a rescue gives a tag whose
 * words the rules saw, and its ancestors. A vetoed tag is never rescued through a sub-tag.
 */
import type { Hierarchy } from './hierarchy.ts';
import { leadGrams, predict, ruleFeatures, type RuleView, type TagModel } from './model.ts';
import type { RuleScore } from './score.ts';
import type { ModelEvidence, TagMatch } from './types.ts';

export interface ModelStage {
  /** `title`, `text`: the folded fields. Returns the matches after the model's vetoes and rescues. */
  apply(matches: TagMatch[], own: readonly RuleScore[], total: readonly RuleScore[], title: string, text: string): TagMatch[];
  /** Each modelled tag's probability and what the model did, for `huiju explain` and the evaluation. */
  explain(matches: readonly TagMatch[], own: readonly RuleScore[], total: readonly RuleScore[], title: string, text: string): ModelEvidence[];
}

const round = (x: number) => Math.round(x * 100) / 100;

export function compileModelStage(model: TagModel, h: Hierarchy): ModelStage | undefined {
  const index = new Map(h.rules.map((r, i) => [r.id, i]));
  const used = model.tags.filter((m) => index.has(m.tag));
  if (used.length === 0) return undefined;
  const modelled = used.map((m) => index.get(m.tag)!);
  const isUnder = (i: number, a: number): boolean => i === a || (h.parents[i]! >= 0 && isUnder(h.parents[i]!, a));

  const gate = modelled[0]!;
  const judge = (matches: readonly TagMatch[], own: readonly RuleScore[], total: readonly RuleScore[], title: string, text: string): ModelEvidence[] | undefined => {
    if (own[gate]!.score <= 0 && total[gate]!.score < h.rules[gate]!.threshold) return undefined;
    const held = new Set(matches.map((m) => m.tag));
    if (own[gate]!.score <= 0 && !held.has(h.rules[gate]!.id)) return undefined;
    const views = new Map<string, RuleView>();
    for (const i of modelled) {
      const id = h.rules[i]!.id;
      const evidence = total[i]!.evidence;
      views.set(id, { score: total[i]!.score, holds: held.has(id), inTitle: evidence.some((e) => e.field === 'title'), terms: evidence.map((e) => e.term) });
    }
    const features = ruleFeatures(views);
    const grams = leadGrams(title, text);
    return used.map((m) => {
      const holds = held.has(m.tag);
      const { p, grams: top } = predict(m, grams, features);
      const action = holds ? (p < m.veto ? 'vetoed' : 'kept') : p >= m.rescue ? 'rescued' : 'left';
      return {
        model: m.tag,
        p: round(p),
        action,
        grams: top.map((g) => ({ term: g.gram.slice(2), field: g.gram.startsWith('t:') ? 'title' : 'text', weight: round(g.weight) })),
      } satisfies ModelEvidence;
    });
  };

  return {
    explain: (matches, own, total, title, text) => judge(matches, own, total, title, text) ?? [],
    apply(matches, own, total, title, text) {
      const verdicts = judge(matches, own, total, title, text);
      if (!verdicts) return matches;
      const vetoed = modelled.filter((_, k) => verdicts[k]!.action === 'vetoed');
      const rescued = modelled.filter((i, k) => verdicts[k]!.action === 'rescued' && !vetoed.some((v) => isUnder(i, v)));
      if (vetoed.length === 0 && rescued.length === 0) return matches;
      const keep = matches.filter((m) => !vetoed.some((v) => isUnder(index.get(m.tag)!, v)));
      const have = new Set(keep.map((m) => m.tag));
      const added: TagMatch[] = [];
      for (const r of rescued) {
        for (let i = r, via: string | undefined; i >= 0; via = h.rules[i]!.id, i = h.parents[i]!) {
          const id = h.rules[i]!.id;
          if (have.has(id) || vetoed.some((v) => isUnder(i, v))) break;
          have.add(id);
          const verdict = verdicts[modelled.indexOf(i)];
          const evidence = [...total[i]!.evidence, ...(verdict?.action === 'rescued' ? [verdict] : [])];
          added.push({ tag: id, score: round(total[i]!.score), evidence, ...(via && i !== r ? { via } : {}) });
        }
      }
      // Tags in rule order, as the rule stage gives them.
      return [...keep, ...added].sort((a, b) => index.get(a.tag)! - index.get(b.tag)!);
    },
  };
}
