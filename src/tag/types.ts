/** The contract of the tag stage: what goes in, what comes out, what the store keeps. */

export interface TagInput {
  title: string;
  /** Plain text of the summary and content. */
  text: string;
}

export interface TagEvidence {
  /** The keyword as the rule writes it (书生·浦语 even where the text has 書生浦語). */
  term: string;
  field: 'title' | 'text';
  /** Character offset of the match in that field (of the text as given). */
  index: number;
}

/**
 * What the learned check (model.ts) made of a tag, kept with the evidence of a tag it rescued: its probability and
 * the grams of the lead that weighed most (positive for the tag, negative against).
 */
export interface ModelEvidence {
  model: string;
  p: number;
  action: 'kept' | 'vetoed' | 'rescued' | 'left';
  grams: { term: string; field: 'title' | 'text'; weight: number }[];
}

export interface TagMatch {
  tag: string;
  /** Points reached, its sub-tags' included (the threshold is 2 unless the rule sets another). */
  score: number;
  /** At most five terms, title first, a parent's own before its sub-tags'; then the model's note on a tag it rescued. */
  evidence: (TagEvidence | ModelEvidence)[];
  /** Set when the tag holds only because a sub-tag matched (llm → ai): the sub-tag's id. */
  via?: string;
}

export interface Tagger {
  /** Changes whenever the rules (or the matching code) change, so stored items know to be re-tagged. */
  readonly version: string;
  /** Pure and cheap; tags in the order of the rules. Bodies are read up to MAX_TEXT_CHARS. */
  tag(input: TagInput): TagMatch[];
}
