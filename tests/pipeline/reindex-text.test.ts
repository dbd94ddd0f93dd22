import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/dedup/index.ts';
import { itemText, normaliseItems } from '../../src/normalise/item.ts';
import { ingestItems, type IngestContext } from '../../src/pipeline/ingest.ts';
import { reindexTextIfStale } from '../../src/pipeline/reindex-text.ts';
import { retagIfRulesChanged } from '../../src/pipeline/retag.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { getMeta, setMeta } from '../../src/store/meta.ts';
import { listStories } from '../../src/store/queries.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { parsedItem } from '../helpers/items.ts';

const NOW = new Date('2024-07-04T12:00:00Z');
const tagger = compileTagger([{ id: 'embodied', label: '具身智能', keywords: ['具身智能'], exclude: [] }]);

/** A database as huiju stored it before TEXT_VERSION 2: each item's search entry held its summary only. */
function storedBeforeFullText(count: number): { db: Db; ids: number[] } {
  const db = openDatabase(':memory:');
  reindexTextIfStale(db);
  const ctx: IngestContext = { db, tagger, dedup: { windowMs: 3 * 86_400_000 }, priorityOf: () => 0 };
  const items = Array.from({ length: count }, (_, i) =>
    parsedItem({
      url: `http://a.example/${i}`,
      title: `浦东发布产业新政第${i}号`,
      summary: '浦东新区今日发布产业新政。',
      contentHtml: `<p>浦东新区今日发布产业新政。</p><p>新政第${i}条提出，建设具身智能训练场，支持人形机器人企业落户。</p>`,
      publishedAt: '2024-07-04T01:00:00.000Z',
    }),
  );
  ingestItems(ctx, normaliseItems('a', items, NOW));
  retagIfRulesChanged(db, tagger);
  const ids = db.prepare('SELECT id FROM items ORDER BY id').pluck().all() as number[];
  for (const id of ids) {
    const { title, summary } = db.prepare('SELECT title, summary FROM items WHERE id = ?').get(id) as { title: string; summary: string };
    const old = computeFeatures({ sourceId: 'a', url: null, title, text: summary, publishedAt: '' });
    db.prepare('UPDATE items SET fingerprint = ?, snippet = ? WHERE id = ?').run(old.fingerprint, old.snippet, id);
    db.prepare('UPDATE items_fts SET body = ? WHERE rowid = ?').run(summary, id);
  }
  db.prepare("DELETE FROM meta WHERE key = 'text_version'").run();
  return { db, ids };
}

const found = (db: Db, q: string) => listStories(db, { q, limit: 50 }).length;

describe('bringing stored items to the full-text version', () => {
  it('re-indexes the body and updates the dedup keys taken from it; tags, taken from the summary, stay', () => {
    const { db, ids } = storedBeforeFullText(3);
    expect(found(db, '具身智能')).toBe(0);

    expect(reindexTextIfStale(db)).toBe(3);
    expect(found(db, '具身智能')).toBe(3);
    const row = db.prepare('SELECT title, summary, content_html AS contentHtml, fingerprint, snippet FROM items WHERE id = ?').get(ids[0]) as {
      title: string;
      summary: string;
      contentHtml: string;
      fingerprint: string;
      snippet: string;
    };
    expect(row.snippet).toContain('具身智能');
    const text = itemText(row);
    expect(text).toContain('具身智能训练场');
    expect(row.fingerprint).toBe(computeFeatures({ sourceId: 'a', url: null, title: row.title, text, publishedAt: '' }).fingerprint);
    expect(retagIfRulesChanged(db, tagger)).toBe(0);

    // Done once: the version is recorded.
    expect(getMeta(db, 'text_version')).toBe('2');
    expect(reindexTextIfStale(db)).toBe(0);
  });

  it('resumes an interrupted pass after the last item it brought in line', () => {
    const { db, ids } = storedBeforeFullText(3);
    setMeta(db, 'text_reindexed_upto', String(ids[1]));
    expect(reindexTextIfStale(db)).toBe(1);
    const body = (id: number) => db.prepare('SELECT body FROM items_fts WHERE rowid = ?').pluck().get(id) as string;
    expect(ids.map((id) => body(id).includes('具身智能'))).toEqual([false, false, true]);
    expect(getMeta(db, 'text_reindexed_upto')).toBeNull();
  });

  it('leaves items whose text is already the full body alone, and the tags with them', () => {
    const db = openDatabase(':memory:');
    const ctx: IngestContext = { db, tagger, dedup: { windowMs: 3 * 86_400_000 }, priorityOf: () => 0 };
    ingestItems(ctx, normaliseItems('a', [parsedItem({ url: 'http://a.example/1', title: '具身智能大会开幕', contentHtml: '<p>具身智能</p>' })], NOW));
    retagIfRulesChanged(db, tagger);
    expect(reindexTextIfStale(db)).toBe(0);
    expect(retagIfRulesChanged(db, tagger)).toBe(0);
  });
});
