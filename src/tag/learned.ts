/**
 * The model (model.ts) applied to the rules' decisions. It reads only items where the first modelled tag (`ai`) holds
 * or where the rules found one of its own words, so an item with no AI word costs nothing more and no tag is rescued
 * into an item that does not say AI (a text-to-speech tool that names no AI stays untagged). A veto drops a tag and
 * its sub-tags; a rescue gives a tag and its ancestors; a vetoed tag is never given back through a sub-tag. A rescued
 * tag keeps the model's note in its evidence; a vetoed one leaves its note with the nearest ancestor that still holds,
 * so `huiju explain` can say what was dropped and why.
 */
import type { Hierarchy } from './hierarchy.ts';
import { compileModel, type Contribution, type RuleView, type TagModel } from './model.ts';
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
  const compiled = compileModel(used);
  /** The modelled tags' rule views, in model order; undefined when the model does not read the item. */
  const viewsOf = (matches: readonly TagMatch[], own: readonly RuleScore[], total: readonly RuleScore[]): RuleView[] | undefined => {
    // Most items say no AI word at all: out before anything is built.
    if (own[gate]!.score <= 0 && total[gate]!.score < h.rules[gate]!.threshold) return undefined;
    const held = new Set(matches.map((m) => m.tag));
    if (own[gate]!.score <= 0 && !held.has(h.rules[gate]!.id)) return undefined;
    return modelled.map((i) => {
      const evidence = total[i]!.evidence;
      return { score: total[i]!.score, holds: held.has(h.rules[i]!.id), inTitle: evidence.some((e) => e.field === 'title'), terms: evidence.map((e) => e.term) };
    });
  };
  const actionOf = (k: number, holds: boolean, p: number): ModelEvidence['action'] =>
    holds ? (p < used[k]!.veto ? 'vetoed' : 'kept') : p >= used[k]!.rescue ? 'rescued' : 'left';
  /** The note on one tag, with the grams that weighed most for or against it. */
  const note = (k: number, views: readonly RuleView[], title: string, text: string): ModelEvidence => {
    const explain = { tag: k, grams: [] as Contribution[] };
    const p = 1 / (1 + Math.exp(-compiled.logits(views, title, text, explain)[k]!));
    return {
      model: used[k]!.tag,
      p: round(p),
      action: actionOf(k, views[k]!.holds, p),
      grams: explain.grams.slice(0, 3).map((g) => ({ term: g.gram.slice(2), field: g.gram.startsWith('t:') ? 'title' : 'text', weight: round(g.weight) })),
    };
  };

  return {
    explain(matches, own, total, title, text) {
      const views = viewsOf(matches, own, total);
      return views ? used.map((_, k) => note(k, views, title, text)) : [];
    },
    apply(matches, own, total, title, text) {
      const views = viewsOf(matches, own, total);
      if (!views) return matches;
      const z = compiled.logits(views, title, text);
      const actions = used.map((_, k) => actionOf(k, views[k]!.holds, 1 / (1 + Math.exp(-z[k]!))));
      const vetoed = modelled.filter((_, k) => actions[k] === 'vetoed');
      const rescued = modelled.filter((i, k) => actions[k] === 'rescued' && !vetoed.some((v) => isUnder(i, v)));
      if (vetoed.length === 0 && rescued.length === 0) return matches;
      const keep = matches.filter((m) => !vetoed.some((v) => isUnder(index.get(m.tag)!, v)));
      for (const v of vetoed) {
        let a = h.parents[v]!;
        while (a >= 0 && !keep.some((m) => m.tag === h.rules[a]!.id)) a = h.parents[a]!;
        if (a < 0) continue;
        const at = keep.findIndex((m) => m.tag === h.rules[a]!.id);
        keep[at] = { ...keep[at]!, evidence: [...keep[at]!.evidence, note(modelled.indexOf(v), views, title, text)] };
      }
      const have = new Set(keep.map((m) => m.tag));
      const added: TagMatch[] = [];
      for (const r of rescued) {
        for (let i = r, via: string | undefined; i >= 0; via = h.rules[i]!.id, i = h.parents[i]!) {
          const id = h.rules[i]!.id;
          if (have.has(id) || vetoed.some((v) => isUnder(i, v))) break;
          have.add(id);
          const evidence = i === r ? [...total[i]!.evidence, note(modelled.indexOf(i), views, title, text)] : [...total[i]!.evidence];
          added.push({ tag: id, score: round(total[i]!.score), evidence, ...(via && i !== r ? { via } : {}) });
        }
      }
      // Tags in rule order, as the rule stage gives them.
      return [...keep, ...added].sort((a, b) => index.get(a.tag)! - index.get(b.tag)!);
    },
  };
}
