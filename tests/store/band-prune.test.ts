import { describe, expect, it } from 'vitest';
import type { ParsedItem } from '../../src/model/item.ts';
import { normaliseItems } from '../../src/normalise/item.ts';
import { ingestItems } from '../../src/pipeline/ingest.ts';
import { openDatabase } from '../../src/store/db.ts';
import { pruneStaleBands } from '../../src/store/items.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { parsedItem } from '../helpers/items.ts';

const item = (n: number, publishedAt: string): ParsedItem =>
  parsedItem({
    guid: `g${n}`,
    url: `https://news.example.cn/${n}.html`,
    title: `第${n}号新闻：某地召开第${n * 3}次产业发展工作会议`,
    summary: `据报道，第${n}次会议讨论了${n * 7}个项目的进展，与会代表${n * 11}人就下一阶段的工作安排交换了意见，会议持续了一整天。`,
    publishedAt,
  });

describe('fingerprint bands of old items', () => {
  it('are dropped once the items are a week old (two 3-day windows and a day), and only theirs', () => {
    const db = openDatabase(':memory:');
    const ctx = { db, tagger: compileTagger([]), dedup: { windowMs: 3 * 86_400_000 }, priorityOf: () => 0 };
    const bandsOf = (key: string) =>
      db.prepare('SELECT count(*) FROM item_bands b JOIN items i ON i.id = b.item_id WHERE i.item_key = ?').pluck().get(key) as number;
    const jan = new Date('2026-01-01T00:00:00Z');
    ingestItems(ctx, normaliseItems('a', [item(1, jan.toISOString())], jan));
    expect(bandsOf('guid:g1')).toBe(30);
    // Five days later: inside the band lifetime, nothing goes.
    const later = new Date('2026-01-06T00:00:00Z');
    ingestItems(ctx, normaliseItems('a', [item(2, later.toISOString())], later));
    expect(bandsOf('guid:g1')).toBe(30);
    // Ten days after the first: its bands go with the next batch; the newer item keeps its own.
    const much = new Date('2026-01-11T00:00:00Z');
    ingestItems(ctx, normaliseItems('a', [item(3, much.toISOString())], much));
    expect(bandsOf('guid:g1')).toBe(0);
    expect(bandsOf('guid:g2')).toBe(30);
    expect(bandsOf('guid:g3')).toBe(30);
    // The item itself, its story and its other keys stay: only the band index forgets it.
    expect(db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(3);
    // Nothing left to prune up to the same time: the cursor makes a second call a no-op.
    expect(pruneStaleBands(db, '2026-01-04T00:00:00.000Z')).toBe(0);
    // A later cutoff moves on to the next item.
    expect(pruneStaleBands(db, '2026-01-07T00:00:00.000Z')).toBe(30);
    expect(bandsOf('guid:g2')).toBe(0);
  });
});
