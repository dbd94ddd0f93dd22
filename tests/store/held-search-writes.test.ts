/**
 * SQLite's search entries are held back while a write-queue transaction's units run and written together just before
 * it commits (src/store/sqlite/held-search-writes.ts): one index segment a transaction instead of one a unit. What
 * must not change: everything committed is searchable once its write settles, an undone unit leaves no entry behind,
 * and an item edited later in the same transaction is indexed as edited. SQLite only: PostgreSQL writes its search
 * rows in each transaction as it goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/store.ts';
import { DAY_MS, ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'huiju-held-'));
  dirs.push(dir);
  const store = openSqliteStore(join(dir, 'h.db'));
  stores.push(store);
  return store;
}

const now = new Date('2026-12-01T08:00:00Z');
const item = (guid: string, title: string, summary: string) =>
  parsedItem({ guid, url: `https://example.cn/${guid}`, title, summary, publishedAt: '2026-12-01T07:00:00.000Z' });
/** The items whose search entry matches a phrase, by title. */
const found = (store: SqliteStore, phrase: string) =>
  store.db
    .prepare('SELECT i.title FROM items_fts f JOIN items i ON i.id = f.rowid WHERE items_fts MATCH ? ORDER BY i.title')
    .pluck()
    .all(`"${phrase}"`);
const ftsRows = (store: SqliteStore) => store.db.prepare('SELECT count(*) FROM items_fts').pluck().get();

describe('search entries held until the transaction commits (SQLite)', () => {
  it('writes a unit’s entries only after its last statement, and every one is searchable once its write settles', async () => {
    const store = newStore();
    const ctx = ingestContext(store, { dedup: { windowMs: 3 * DAY_MS } });
    const entriesWritten: unknown[] = [];
    const docs = ['甲', '乙', '丙'].map((city, i) =>
      store.transaction(async (tx) => {
        const before = ftsRows(store);
        const counts = await ingestParsed({ ...ctx, store: joinTx(store, tx) }, `s${i}`, [item(`g${i}`, `${city}市发布人工智能产业政策`, `${city}市今天发布算力补贴细则。`)], now);
        entriesWritten.push({ stored: counts.new, entries: Number(ftsRows(store)) - Number(before) });
      }),
    );
    await Promise.all(docs);
    // Held: each unit stored its item, and not one entry had been written by the time its last statement ran.
    expect(entriesWritten).toEqual(Array(3).fill({ stored: 1, entries: 0 }));
    expect(found(store, '算力补贴')).toEqual(['丙市发布人工智能产业政策', '乙市发布人工智能产业政策', '甲市发布人工智能产业政策']);
  });

  it('drops the entries of a unit that is undone, and keeps the others of its transaction', async () => {
    const store = newStore();
    const ctx = ingestContext(store);
    const good = ingestParsed(ctx, 'good', [item('ok', '上海发布具身智能行动方案', '上海今天发布具身智能行动方案。')], now);
    const bad = store.transaction(async (tx) => {
      await ingestParsed({ ...ctx, store: joinTx(store, tx) }, 'bad', [item('no', '北京发布具身智能行动方案', '北京今天发布具身智能行动方案。')], now);
      throw new Error('the source failed after its items were stored');
    });
    const alsoGood = ingestParsed(ctx, 'good2', [item('ok2', '深圳发布具身智能行动方案', '深圳今天发布具身智能行动方案。')], now);
    await expect(bad).rejects.toThrow('the source failed');
    await Promise.all([good, alsoGood]);
    expect(found(store, '具身智能行动方案')).toEqual(['上海发布具身智能行动方案', '深圳发布具身智能行动方案']);
    // No entry points at the undone item's id (SQLite hands that id to the next item stored).
    expect(ftsRows(store)).toBe(2);
    const next = await ingestParsed(ctx, 'later', [item('later', '杭州发布低空经济方案', '杭州今天发布低空经济方案。')], now);
    expect(next.new).toBe(1);
    expect(found(store, '低空经济')).toEqual(['杭州发布低空经济方案']);
    expect(found(store, '北京')).toEqual([]);
  });

  it('indexes an item edited by a later unit of the same transaction as edited, once', async () => {
    const store = newStore();
    const ctx = ingestContext(store);
    const first = ingestParsed(ctx, 'src', [item('x', '初稿标题', '第一版正文提到大模型备案。')], now);
    const edited = ingestParsed(ctx, 'src', [item('x', '初稿标题', '第二版正文改成算力调度。')], now);
    await Promise.all([first, edited]);
    expect(found(store, '算力调度')).toEqual(['初稿标题']);
    expect(found(store, '大模型备案')).toEqual([]);
    expect(ftsRows(store)).toBe(1);
  });
});

/** The store as seen from inside one of its transactions: nested transactions join it (as tests/helpers/ingest.ts rolledBack). */
function joinTx(store: SqliteStore, tx: Parameters<Parameters<SqliteStore['transaction']>[0]>[0]): SqliteStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'transaction') return <R>(inner: (t: typeof tx) => Promise<R>) => inner(tx);
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
