/** The contract of the tag stage: what goes in, what comes out, what the store keeps. */

export interface TagInput {
  title: string;
  /** Plain text of the summary and content. */
  text: string;
}

export interface TagEvidence {
  term: string;
  field: 'title' | 'text';
  /** Character offset of the match in that field (of the text as given). */
  index: number;
}

export interface TagMatch {
  tag: string;
  score: number;
  evidence: TagEvidence[];
  /** Set when the tag holds only because a sub-tag matched (llm → ai): the sub-tag's id. */
  via?: string;
}

export interface Tagger {
  /** Changes whenever the rules change, so stored items know to be re-tagged. */
  readonly version: string;
  tag(input: TagInput): TagMatch[];
}
