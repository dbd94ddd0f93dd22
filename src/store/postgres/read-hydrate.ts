import type pg from 'pg';
import type { StorySummary } from '../../model/story.ts';
import type { ListOptions } from '../store.ts';

/** The columns of `stories` a listing selects, as `s`. */
export const STORY_COLUMNS = 's.id, s.guid, s.published_at, s.updated_at, s.representative_item_id AS rep';

export interface StoryRow {
  id: number | string;
  guid: string;
  published_at: string;
  updated_at: string;
  rep: number | string | null;
}

interface ItemRow {
  id: number | string;
  story_id: number | string;
  source_id: string;
  url: string | null;
  title: string;
  summary: string | null;
  content_html: string | null;
  content_hash: string | null;
  author: string | null;
  categories: string | string[];
  published_at: string;
  updated_at: string | null;
  match_rule: string | null;
  match_similarity: number | null;
}

// bigint columns arrive as strings unless the pool parses them; either way they become numbers here.
const num = (v: number | string) => Number(v);

/** JSON kept as text (or as json/jsonb, which pg already parsed). */
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function groupBy<T>(list: readonly T[], key: (x: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of list) {
    const k = key(x);
    const group = out.get(k);
    if (group) group.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Stories with their copies and tags: two queries for the whole page, whatever its length. */
export async function hydrate(db: pg.Pool | pg.PoolClient, rows: readonly StoryRow[], opts: ListOptions = {}): Promise<StorySummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => num(r.id));
  const stamped = opts.content === 'stamp';
  const text = stamped ? 'NULL AS summary, NULL AS content_html, content_hash' : `summary, ${opts.content === false ? 'NULL' : 'content_html'} AS content_html, NULL AS content_hash`;
  const [items, tags] = await Promise.all([
    db.query<ItemRow>(
      `SELECT id, story_id, source_id, url, title, ${text}, author, categories, published_at, updated_at, match_rule, match_similarity
       FROM items WHERE story_id = ANY($1::bigint[]) ORDER BY published_at, id`,
      [ids],
    ),
    // COLLATE "C": byte order, as SQLite sorts, whatever locale the database was created with.
    db.query<{ story_id: number | string; tag: string }>(
      `SELECT story_id, tag FROM story_tags WHERE story_id = ANY($1::bigint[]) ORDER BY tag COLLATE "C"`,
      [ids],
    ),
  ]);
  const itemsByStory = groupBy(items.rows, (i) => num(i.story_id));
  const tagsByStory = groupBy(tags.rows, (t) => num(t.story_id));
  return rows.map((r) => {
    const id = num(r.id);
    const members = itemsByStory.get(id) ?? [];
    const rep = members.find((m) => r.rep !== null && num(m.id) === num(r.rep)) ?? members[0]!;
    return {
      id,
      itemId: num(rep.id),
      guid: r.guid,
      title: rep.title,
      url: rep.url,
      source: rep.source_id,
      author: rep.author,
      summary: rep.summary,
      contentHtml: rep.content_html,
      categories: fromJson<string[]>(rep.categories),
      publishedAt: r.published_at,
      itemUpdatedAt: rep.updated_at,
      updatedAt: r.updated_at,
      tags: (tagsByStory.get(id) ?? []).map((t) => t.tag),
      duplicates: members
        .filter((m) => m !== rep)
        .map((m) => ({
          itemId: num(m.id),
          source: m.source_id,
          url: m.url,
          title: m.title,
          publishedAt: m.published_at,
          // The copy that started the story matched nothing itself; when another copy now represents the story,
          // the rule that joined that representative to it is why they are one.
          matchRule: m.match_rule ?? rep.match_rule,
          matchSimilarity: m.match_rule ? m.match_similarity : rep.match_similarity,
        })),
      ...(stamped ? { textStamp: rep.content_hash! } : {}),
    };
  });
}
