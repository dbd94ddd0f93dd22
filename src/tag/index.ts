import { createHash } from 'node:crypto';
import type { TagRule } from './schema.ts';

export interface TagInput {
  title: string;
  /** Plain text of the summary and content. */
  text: string;
}

export interface TagEvidence {
  term: string;
  field: 'title' | 'text';
  /** Character offset of the match in that field. */
  index: number;
}

export interface TagMatch {
  tag: string;
  score: number;
  evidence: TagEvidence[];
}

export interface Tagger {
  /** Changes whenever the rules change, so stored items know to be re-tagged. */
  readonly version: string;
  tag(input: TagInput): TagMatch[];
}

function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

export function compileTagger(rules: readonly TagRule[]): Tagger {
  const version = createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
  const byId = new Map(rules.map((r) => [r.id, r]));
  return {
    version,
    tag(input) {
      const fields = { title: fold(input.title), text: fold(input.text) } as const;
      const found = new Map<string, TagMatch>();
      for (const rule of rules) {
        const evidence: TagEvidence[] = [];
        for (const field of ['title', 'text'] as const) {
          let hay = fields[field];
          for (const ex of rule.exclude) hay = hay.split(fold(ex)).join(' '.repeat(ex.length));
          for (const kw of rule.keywords) {
            const index = hay.indexOf(fold(kw));
            if (index >= 0) evidence.push({ term: kw, field, index });
          }
        }
        if (evidence.length === 0) continue;
        const score = evidence.reduce((s, e) => s + (e.field === 'title' ? 2 : 1), 0);
        found.set(rule.id, { tag: rule.id, score, evidence });
      }
      // A sub-tag implies its parent.
      for (const match of [...found.values()]) {
        let parent = byId.get(match.tag)?.parent;
        while (parent && !found.has(parent)) {
          found.set(parent, { tag: parent, score: match.score, evidence: match.evidence });
          parent = byId.get(parent)?.parent;
        }
      }
      return [...found.values()];
    },
  };
}
