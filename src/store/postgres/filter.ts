import type { StoryFilter } from '../../model/story.ts';

/** Numbered placeholders for one statement: `add` returns `$n` for a value. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The conditions on stories `s` that every listing shares: tags, sources, dates and the keyset cursor. The search
 * condition is built apart (search.ts), since it depends on the ordering.
 *
 * Tags and sources are EXISTS and left to the planner: its statistics on story_tags and items.source_id tell a tag on a
 * third of all stories (walk stories newest first, stop at the page) from a rare one (collect, then sort), which
 * SQLite needed a count for.
 */
export function storyConditions(p: Params, f: StoryFilter): string[] {
  const out: string[] = [];
  if (f.tags?.length) out.push(`EXISTS (SELECT 1 FROM story_tags t WHERE t.story_id = s.id AND t.tag = ANY(${p.add(f.tags)}::text[]))`);
  if (f.sources?.length) {
    out.push(`EXISTS (SELECT 1 FROM items si WHERE si.story_id = s.id AND si.source_id = ANY(${p.add(f.sources)}::text[]))`);
  }
  if (f.since) out.push(`s.published_at >= ${p.add(f.since)}`);
  if (f.until) out.push(`s.published_at < ${p.add(f.until)}`);
  // A row comparison walks the (published_at DESC, id DESC) index from the cursor on.
  if (f.after) out.push(`(s.published_at, s.id) < (${p.add(f.after.publishedAt)}, ${p.add(f.after.id)}::bigint)`);
  return out;
}

export const whereSql = (conditions: readonly string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
