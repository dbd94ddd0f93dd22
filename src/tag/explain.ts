/** Tag evidence as people read it: `huiju explain` prints it, the story page shows it when a reader asks. */
import type { ModelEvidence, TagEvidence } from './types.ts';

/** One copy's stored match, as the store returns it (evidence is the stored JSON, not trusted to be well-formed). */
export interface StoredTagMatch {
  itemId: number;
  tag: string;
  score: number;
  evidence: unknown;
}

function isEvidence(e: unknown): e is TagEvidence {
  if (typeof e !== 'object' || e === null) return false;
  const { term, field, index } = e as Record<string, unknown>;
  return typeof term === 'string' && (field === 'title' || field === 'text') && typeof index === 'number';
}

function isModelNote(e: unknown): e is ModelEvidence {
  if (typeof e !== 'object' || e === null) return false;
  const { model, p, action, grams } = e as Record<string, unknown>;
  return typeof model === 'string' && typeof p === 'number' && typeof action === 'string' && Array.isArray(grams);
}

/**
 * `the model gave it (p 0.93): "生成" in the title (+0.84), …` on a tag it rescued; `the model dropped aigc (p 0.08):
 * …` on the tag above one it vetoed.
 */
function describeModel(n: ModelEvidence): string {
  const verb = n.action === 'rescued' ? 'gave it' : n.action === 'vetoed' ? `dropped ${n.model}` : n.action === 'kept' ? 'agreed' : `left out ${n.model}`;
  const grams = n.grams
    .filter((g) => typeof g?.term === 'string' && typeof g.weight === 'number')
    .map((g) => `"${g.term}" in the ${g.field === 'title' ? 'title' : 'text'} (${g.weight > 0 ? '+' : ''}${g.weight})`);
  return `the model ${verb} (p ${n.p})${grams.length ? `: ${grams.join(', ')}` : ''}`;
}

/** The well-formed entries of a stored evidence list; rows written by older versions may hold anything. */
export function evidenceOf(stored: unknown): TagEvidence[] {
  return Array.isArray(stored) ? stored.filter(isEvidence) : [];
}

/** `"大模型" in the title; "OpenAI" in the text at character 40` */
export function describeEvidence(stored: unknown): string {
  // Title first, then the body in reading order: a parent's list holds its own terms before its sub-tags'.
  const list = evidenceOf(stored).sort((a, b) => Number(b.field === 'title') - Number(a.field === 'title') || a.index - b.index);
  // A tag the learned check gave keeps its note (model.ts): its probability and the lead's grams that weighed most.
  const notes = Array.isArray(stored) ? stored.filter(isModelNote).map(describeModel) : [];
  if (list.length === 0 && notes.length === 0) return 'no terms recorded';
  return [...list.map((e) => (e.field === 'title' ? `"${e.term}" in the title` : `"${e.term}" in the text at character ${e.index}`)), ...notes].join('; ');
}

/**
 * Each matched term of one tag once, over all of a story's copies, title matches first. A tag the learned check gave
 * lists the grams that weighed for it, marked `byModel`.
 */
export function matchedTerms(rows: readonly StoredTagMatch[], tag: string): { term: string; inTitle: boolean; byModel?: true }[] {
  const terms = new Map<string, boolean>();
  const modelTerms = new Map<string, boolean>();
  for (const row of rows) {
    if (row.tag !== tag) continue;
    for (const e of evidenceOf(row.evidence)) terms.set(e.term, (terms.get(e.term) ?? false) || e.field === 'title');
    if (!Array.isArray(row.evidence)) continue;
    for (const n of row.evidence.filter(isModelNote)) {
      if (n.model !== tag || n.action !== 'rescued') continue;
      for (const g of n.grams) {
        if (typeof g?.term === 'string' && typeof g.weight === 'number' && g.weight > 0 && !terms.has(g.term)) {
          modelTerms.set(g.term, (modelTerms.get(g.term) ?? false) || g.field === 'title');
        }
      }
    }
  }
  const byTitle = (a: { inTitle: boolean }, b: { inTitle: boolean }) => Number(b.inTitle) - Number(a.inTitle);
  return [
    ...[...terms].map(([term, inTitle]) => ({ term, inTitle })).sort(byTitle),
    ...[...modelTerms].filter(([term]) => !terms.has(term)).map(([term, inTitle]) => ({ term, inTitle, byModel: true as const })).sort(byTitle),
  ];
}
