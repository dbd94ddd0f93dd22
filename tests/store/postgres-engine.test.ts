/**
 * The PostgreSQL engine's own behaviour: schema and migrations, connection errors, transactions, the write side
 * (StoreTx), sources, retention and the data version. Each test gets a database of its own on the local server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { labelledItems } from '../../eval/labelled.ts';
import { computeFeatures, type DedupFeatures, type StoryMatch } from '../../src/dedup/index.ts';
import type { ParsedItem } from '../../src/model/item.ts';
import { normaliseItems, type NormalisedItem } from '../../src/normalise/item.ts';
import { MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/store.ts';
import { redactUrl } from '../../src/store/postgres/connect.ts';
import type { StoreTx } from '../../src/store/store.ts';
import type { TagMatch } from '../../src/tag/index.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';

const ADMIN_URL = process.env.HUIJU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Pool({ connectionString: ADMIN_URL, max: 2 });
afterAll(() => admin.end());
/** The stores opened on each test database. */
const opened = new Map<string, PostgresStore[]>();

/**
 * A new empty database for the running test, its URL: dropped, with the stores opened on it, when the test ends.
 * Named huiju_t_<pid>_… so the postgres project's set-up drops it should this process die first.
 */
async function freshDatabase(): Promise<string> {
  const name = `huiju_t_${process.pid}_engine_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const stores: PostgresStore[] = [];
  opened.set(url.toString(), stores);
  onTestFinished(async () => {
    for (const s of stores) await s.close().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return url.toString();
}

async function open(url: string): Promise<PostgresStore> {
  const store = await openPostgresStore(url);
  opened.get(url)?.push(store);
  return store;
}

/** A fresh database, its store, and a query helper on a connection of its own. */
async function setup() {
  const url = await freshDatabase();
  const store = await open(url);
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const count = async (table: string) => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  return { url, store, sql, count };
}

const NOW = new Date('2025-03-10T08:00:00.000Z');

function item(sourceId: string, over: Partial<ParsedItem>, now = NOW): NormalisedItem {
  return normaliseItems(sourceId, [parsedItem(over)], now)[0]!;
}

function featuresOf(i: NormalisedItem): DedupFeatures {
  return computeFeatures({ sourceId: i.sourceId, url: i.url, title: i.title, text: i.text, publishedAt: i.publishedAt });
}

/** Store an item the way ingest does: a story of its own unless `match` names one, tags, the story refreshed. */
async function store1(tx: StoreTx, i: NormalisedItem, match: StoryMatch | null = null, tags: TagMatch[] = []) {
  const storyId = match?.storyId ?? (await tx.createStory(i));
  const id = await tx.insertItem(i, storyId, featuresOf(i), match);
  await tx.setItemTags(id, tags);
  await tx.refreshStories([storyId], () => 0);
  return { id, storyId };
}

const LONG_BODY =
  '国家发展改革委今天召开新闻发布会，介绍推动人工智能产业高质量发展的有关情况。会上表示，将加快建设全国一体化算力网络，' +
  '支持大模型在制造、医疗、教育等领域落地应用，完善数据要素市场规则，鼓励企业开放模型能力，推动形成良好产业生态。';

describe('PostgreSQL engine: schema', () => {
  it('migrates a new database once, and reopening changes nothing', async () => {
    const { url, store, sql } = await setup();
    expect(await sql('SELECT version FROM schema_version')).toEqual([{ version: MIGRATIONS.length }]);
    const tables = (await sql<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map((r) => r.t);
    // search-index.ts may add tables of its own; migration 5 dropped item_bands.
    expect(tables).toEqual(
      expect.arrayContaining(['data_version', 'item_search', 'item_tags', 'items', 'meta', 'schema_version', 'sources', 'stories', 'story_tags', 'tombstones']),
    );
    expect(tables).not.toContain('item_bands');
    await store.close();
    const again = await open(url);
    expect(again.location).toBe(url);
    expect(await sql('SELECT version FROM schema_version')).toEqual([{ version: MIGRATIONS.length }]);
  });

  it('lets two processes open a new database at once: one migrates, the other waits and finds it done', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    expect(await a.dataVersion()).toBe('0');
    expect(await b.dataVersion()).toBe('0');
  });

  it('refuses a database a newer huiju migrated', async () => {
    const { url, store, sql } = await setup();
    await store.close();
    await sql('UPDATE schema_version SET version = $1', [MIGRATIONS.length + 1]);
    await expect(openPostgresStore(url)).rejects.toThrow(
      `database schema version ${MIGRATIONS.length + 1} is newer than this huiju (${MIGRATIONS.length}): upgrade huiju`,
    );
  });

  it('hands ids and counts back as numbers, and times byte for byte', async () => {
    const { store } = await setup();
    const i = item('s', { guid: 'g1', title: '标题一', publishedAt: '2025-03-10T07:00:00.123Z' });
    const { id, storyId } = await store.transaction((tx) => store1(tx, i));
    expect(typeof id).toBe('number');
    expect(typeof storyId).toBe('number');
    const found = await store.transaction((tx) => tx.findItemsByKeys('s', [i.itemKey]));
    expect(found.get(i.itemKey)).toEqual({ id, storyId, contentHash: i.contentHash });
    expect((await store.listSourceStates()).size).toBe(0);
    await store.transaction((tx) => tx.recordSuccess('s', { at: NOW.toISOString(), nextFetchAt: NOW.toISOString(), permanentRedirect: null }));
    expect((await store.listSourceStates()).get('s')?.itemCount).toBe(1);
    const texts = await store.transaction((tx) => tx.itemTextsAfter(0, 10));
    expect(texts[0]?.publishedAt).toBe('2025-03-10T07:00:00.123Z');
  });
});

describe('PostgreSQL engine: connecting', () => {
  it('says in one line where it could not connect and why, without the password', async () => {
    await expect(openPostgresStore('postgres://huiju:secret@127.0.0.1:1/huiju')).rejects.toThrow(
      /^cannot reach PostgreSQL at 127\.0\.0\.1:1\/huiju: connect ECONNREFUSED$/,
    );
    const url = new URL(ADMIN_URL);
    url.pathname = '/huiju_no_such_database';
    await expect(openPostgresStore(url.toString())).rejects.toThrow(/^cannot reach PostgreSQL at .*\/huiju_no_such_database: database "huiju_no_such_database" does not exist$/);
  });

  it('refuses what is not a PostgreSQL URL', async () => {
    await expect(openPostgresStore('mysql://root:pw@localhost/huiju')).rejects.toThrow(/^not a PostgreSQL URL: mysql:\/\/root@localhost\/huiju/);
    await expect(openPostgresStore('postgres//nonsense')).rejects.toThrow(/^not a PostgreSQL URL/);
  });

  it('names the database without its password', () => {
    expect(redactUrl('postgres://huiju:s3cret@db.example:5433/huiju?sslmode=require')).toBe('postgres://huiju@db.example:5433/huiju?sslmode=require');
    expect(redactUrl('postgresql://db/huiju?password=s3cret')).toBe('postgresql://db/huiju?password=***');
    expect(redactUrl('postgres://u:s3cret@[bad')).not.toContain('s3cret');
  });
});

describe('PostgreSQL engine: transactions', () => {
  it('keeps nothing of a transaction that throws, and passes the error on', async () => {
    const { store, count } = await setup();
    const before = await store.dataVersion();
    const boom = new Error('boom');
    await expect(
      store.transaction(async (tx) => {
        await store1(tx, item('s', { guid: 'g1', title: '会回滚的条目', summary: LONG_BODY }), null, [{ tag: 'ai', score: 3, evidence: [] }]);
        await tx.setMeta('k', 'v');
        throw boom;
      }),
    ).rejects.toBe(boom);
    for (const table of ['items', 'stories', 'item_search', 'item_tags', 'story_tags', 'meta']) expect(await count(table)).toBe(0);
    expect(await store.dataVersion()).toBe(before);
    // The band index forgot the rolled-back item: the next transaction reuses nothing of it.
    const again = item('s', { guid: 'g2', title: '之后的条目', summary: LONG_BODY });
    await store.transaction(async (tx) => {
      await tx.syncBandIndex('');
      expect((await tx.findCandidates([{ features: featuresOf(again), publishedAt: again.publishedAt }], 86_400_000))[0]!.near).toEqual([]);
    });
  });

  it('does not report as stored a transaction whose failed statement the work caught', async () => {
    const { store, count } = await setup();
    const i = item('s', { guid: 'g1', title: '重复的条目' });
    await expect(
      store.transaction(async (tx) => {
        const { storyId } = await store1(tx, i);
        await tx.insertItem(i, storyId, featuresOf(i), null).catch(() => {}); // the same key again: refused
      }),
    ).rejects.toThrow();
    expect(await count('items')).toBe(0);
    // A transaction that wrote nothing: PostgreSQL answers its COMMIT with ROLLBACK, and that is not success either.
    await expect(store.transaction((tx) => tx.countItemsAfter(Number.NaN).catch(() => 0))).rejects.toThrow(/rolled back/);
  });

  it('refuses a transaction object used after its callback', async () => {
    const { store } = await setup();
    let kept: StoreTx | undefined;
    await store.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.getMeta('k')).rejects.toThrow(/already ended/);
  });

  it('runs one transaction at a time, in order', async () => {
    const { store } = await setup();
    const order: string[] = [];
    const slow = store.transaction(async (tx) => {
      order.push('a start');
      await new Promise((r) => setTimeout(r, 50));
      await tx.setMeta('k', 'a');
      order.push('a end');
    });
    const fast = store.transaction(async (tx) => {
      order.push('b start');
      await tx.setMeta('k', 'b');
      order.push('b end');
    });
    await Promise.all([slow, fast, store.writeRoom()]);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(await store.transaction((tx) => tx.getMeta('k'))).toBe('b');
  });

  it('serialises writers across processes: a second store waits for the first one’s transaction', async () => {
    const { url, store } = await setup();
    const other = await open(url);
    const order: string[] = [];
    let entered!: () => void;
    const inFirst = new Promise<void>((r) => (entered = r));
    const first = store.transaction(async (tx) => {
      await tx.setMeta('k', '1');
      entered();
      await new Promise((r) => setTimeout(r, 100));
      order.push('first commits');
    });
    await inFirst;
    const second = other.transaction(async (tx) => {
      order.push(`second sees ${await tx.getMeta('k')}`);
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first commits', 'second sees 1']);
  });
});

describe('PostgreSQL engine: two processes ingesting at once', () => {
  it('stores every item once and merges the copies, whichever process stores a story first', async () => {
    const { url, store, count, sql } = await setup();
    const other = await open(url);
    const real = labelledItems().slice(0, 20);
    const feed = (n: number) =>
      real.map((r, i) =>
        parsedItem({
          guid: `${n}-${i}`,
          url: `https://news.example/${i}`,
          title: r.title,
          summary: r.text,
          publishedAt: new Date(NOW.getTime() - i * 60_000).toISOString(),
        }),
      );
    // Each process stores both outlets' copies of the same twenty stories, in opposite orders.
    const [a1, b1, a2, b2] = await Promise.all([
      ingestParsed(ingestContext(store), 'outlet-a', feed(1), NOW),
      ingestParsed(ingestContext(other), 'outlet-b', feed(2), NOW),
      ingestParsed(ingestContext(other), 'outlet-a', feed(1), NOW),
      ingestParsed(ingestContext(store), 'outlet-b', feed(2), NOW),
    ]);
    expect(a1.new + a2.new).toBe(20);
    expect(b1.new + b2.new).toBe(20);
    expect(await count('items')).toBe(40);
    expect(await count('stories')).toBe(20);
    expect(await sql('SELECT story_id FROM items GROUP BY story_id HAVING count(*) <> 2')).toEqual([]);
  });
});

describe('PostgreSQL engine: storing items', () => {
  it('stores, finds, updates and tags items; a story shows its representative, count and tags', async () => {
    const { store, sql } = await setup();
    const wire = item('xinhua', { guid: 'x1', url: 'https://news.example/a?utm_source=x', title: '国家发展改革委介绍人工智能产业发展情况', summary: LONG_BODY, publishedAt: '2025-03-10T06:00:00.000Z' });
    const copy = item('sina', { guid: 's1', url: 'https://news.example/a', title: '国家发展改革委介绍人工智能产业发展情况', summary: LONG_BODY, publishedAt: '2025-03-10T06:30:00.000Z' });
    const evidence = [{ term: '人工智能', field: 'title' }];
    const first = await store.transaction((tx) => store1(tx, wire, null, [{ tag: 'ai', score: 4, evidence } as unknown as TagMatch]));

    const second = await store.transaction(async (tx) => {
      const exact = (await tx.findCandidates([{ features: featuresOf(copy), publishedAt: copy.publishedAt }], 86_400_000))[0]!.exact;
      expect(exact.map((c) => [c.itemId, c.storyId, c.sourceId, c.title, c.publishedAt])).toEqual([
        [first.id, first.storyId, 'xinhua', wire.title, wire.publishedAt],
      ]);
      expect(exact[0]!.snippet).toBe(featuresOf(wire).snippet);
      return store1(tx, copy, { storyId: first.storyId, matchedItemId: first.id, rule: 'canonical-url', similarity: 1 } as StoryMatch, [
        { tag: 'llm', score: 2, evidence: [] } as unknown as TagMatch,
      ]);
    });
    expect(second.storyId).toBe(first.storyId);

    // The higher-priority source represents the story, whichever came first.
    await store.transaction((tx) => tx.refreshStories([first.storyId], (s) => (s === 'sina' ? 10 : 0)));
    const [story] = await sql('SELECT representative_item_id AS rep, published_at, updated_at, item_count FROM stories');
    expect(story).toEqual({ rep: String(second.id), published_at: copy.publishedAt, updated_at: NOW.toISOString(), item_count: 2 });
    expect((await sql('SELECT tag FROM story_tags ORDER BY tag')).map((r) => r.tag)).toEqual(['ai', 'llm']);
    expect(await sql('SELECT tag, score, evidence FROM item_tags WHERE item_id = $1', [first.id])).toEqual([
      { tag: 'ai', score: 4, evidence: JSON.stringify(evidence) },
    ]);
    expect(await sql('SELECT match_rule, match_similarity FROM items WHERE id = $1', [second.id])).toEqual([
      { match_rule: 'canonical-url', match_similarity: 1 },
    ]);

    // Keys: found in one statement, absent ones left out.
    const found = await store.transaction((tx) => tx.findItemsByKeys('xinhua', [wire.itemKey, 'guid:nope']));
    expect([...found.keys()]).toEqual([wire.itemKey]);
    expect(await store.storedItemKeys('sina', [copy.itemKey, wire.itemKey])).toEqual(new Set([copy.itemKey]));

    // An edit: what readers see and the search entry change; story and first-seen stay.
    const edited = item('xinhua', { guid: 'x1', url: 'https://news.example/a', title: '新标题', summary: '新摘要', publishedAt: wire.publishedAt }, new Date('2025-03-11T00:00:00.000Z'));
    await store.transaction(async (tx) => {
      await tx.updateItem(first.id, edited, featuresOf(edited));
      expect(await tx.storedContentHtml(first.id)).toBeNull();
    });
    expect(await sql('SELECT title, summary, first_seen_at, story_id FROM items WHERE id = $1', [first.id])).toEqual([
      { title: '新标题', summary: '新摘要', first_seen_at: NOW.toISOString(), story_id: String(first.storyId) },
    ]);
    expect(await sql('SELECT title, body FROM item_search WHERE item_id = $1', [first.id])).toEqual([{ title: '新标题', body: '新摘要' }]);

    // Re-tagging and re-indexing read items in id order with their indexed text.
    const taggable = await store.transaction((tx) => tx.taggableItemsAfter(0, 10));
    expect(taggable.map((t) => [t.id, t.storyId, t.title, t.text])).toEqual([
      [first.id, first.storyId, '新标题', '新摘要'],
      [second.id, first.storyId, copy.title, LONG_BODY],
    ]);
    expect(await store.transaction((tx) => tx.countItemsAfter(first.id))).toBe(1);
    // Re-tagged: a tag dropped, another rescored; the story follows once refreshed.
    await store.transaction(async (tx) => {
      await tx.setItemTags(first.id, [{ tag: 'llm', score: 5, evidence: [] } as unknown as TagMatch]);
      await tx.refreshStories([first.storyId], () => 0);
    });
    expect(await sql('SELECT tag, score FROM item_tags ORDER BY item_id, tag')).toEqual([
      { tag: 'llm', score: 5 },
      { tag: 'llm', score: 2 },
    ]);
    expect((await sql('SELECT tag FROM story_tags')).map((r) => r.tag)).toEqual(['llm']);
    await store.transaction(async (tx) => {
      await tx.setItemTags(first.id, [{ tag: 'ai', score: 3, evidence: [] } as unknown as TagMatch]);
      await tx.updateItemText(second.id, copy.title, '重新索引的正文', featuresOf({ ...copy, text: '重新索引的正文' }));
      expect((await tx.itemTextsAfter(first.id, 10)).map((r) => [r.id, r.sourceId, r.indexed])).toEqual([[second.id, 'sina', '重新索引的正文']]);
      await tx.setItemTags(second.id, []);
      await tx.rebuildStoryTags();
    });
    expect((await sql('SELECT tag FROM story_tags')).map((r) => r.tag)).toEqual(['ai']);
  });

  it('finds copies of a URL at any date, and of a headline within the window only, URL matches first', async () => {
    const { store } = await setup();
    const headline = '国家发展改革委介绍人工智能产业发展情况';
    const byTitle = item('a', { guid: 'a1', url: 'https://a.example/1', title: headline, publishedAt: '2025-03-10T06:00:00.000Z' });
    const byUrl = item('b', { guid: 'b1', url: 'https://news.example/x', title: '另一个标题，与之无关的报道', publishedAt: '2025-01-01T00:00:00.000Z' });
    const ids = await store.transaction(async (tx) => [(await store1(tx, byTitle)).id, (await store1(tx, byUrl)).id]);
    const probe = item('c', { guid: 'c1', url: 'https://news.example/x', title: headline, publishedAt: '2025-03-10T07:00:00.000Z' });
    const exact = (publishedAt: string) =>
      store.transaction(async (tx) => ((await tx.findCandidates([{ features: featuresOf(probe), publishedAt: publishedAt }], 86_400_000))[0]!.exact).map((c) => c.itemId));
    expect(await exact(probe.publishedAt)).toEqual([ids[1], ids[0]]);
    expect(await exact('2025-03-20T07:00:00.000Z')).toEqual([ids[1]]);
    expect(await exact('not a date')).toEqual([ids[1]]);
  });

  it('finds a near-duplicate through the band index, within the window only', async () => {
    const { store } = await setup();
    const original = item('a', { guid: 'a1', title: '发改委：加快建设全国一体化算力网络', summary: LONG_BODY, publishedAt: '2025-03-10T06:00:00.000Z' });
    const reprint = item('b', { guid: 'b1', title: '加快建设全国一体化算力网络——发改委发布会', summary: `${LONG_BODY}（来源：新华社）`, publishedAt: '2025-03-10T07:00:00.000Z' });
    const { id } = await store.transaction((tx) => store1(tx, original));
    // A new store: its band index is rebuilt from the table.
    const near = await store.transaction(async (tx) => {
      await tx.syncBandIndex('2025-03-01T00:00:00.000Z');
      return (await tx.findCandidates([{ features: featuresOf(reprint), publishedAt: reprint.publishedAt }], 86_400_000))[0]!.near;
    });
    expect(near.map((c) => c.itemId)).toEqual([id]);
    const far = await store.transaction(async (tx) => (await tx.findCandidates([{ features: featuresOf(reprint), publishedAt: '2025-04-10T07:00:00.000Z' }], 86_400_000))[0]!.near);
    expect(far).toEqual([]);
  });

  it('stores text carrying U+0000, which PostgreSQL text cannot hold, without it', async () => {
    const { store, sql } = await setup();
    const i = item('s', { guid: 'g\u00001', title: 'a\u0000b', summary: 'c\u0000d' });
    await store.transaction((tx) => store1(tx, i));
    expect(await sql('SELECT item_key, title, summary FROM items')).toEqual([{ item_key: 'guid:g1', title: 'ab', summary: 'cd' }]);
    expect(await store.storedItemKeys('s', [i.itemKey])).toEqual(new Set([i.itemKey]));
  });

  it('merges the search index’s pending list after each commit that wrote search entries', async () => {
    const { store, sql } = await setup();
    const gin = async () => (await sql<{ o: string[] }>(`SELECT reloptions AS o FROM pg_class WHERE relname = 'item_grams_gin'`))[0]!.o;
    expect(await gin()).toEqual(['fastupdate=on']);
    await store.transaction((tx) => store1(tx, item('s', { guid: 'p1', title: '大模型进入落地期', summary: LONG_BODY })));
    // Nothing left to merge: the store merged it. Without that merge this item's grams would still be pending.
    expect(await sql(`SELECT gin_clean_pending_list('item_grams_gin') AS pages`)).toEqual([{ pages: '0' }]);
    const pending = item('s', { guid: 'p2', title: '算力芯片出货', summary: LONG_BODY });
    await sql(`INSERT INTO item_grams (item_id, grams) SELECT id, to_tsvector('simple', '算力 芯片') FROM items WHERE item_key = 'guid:p1'
      ON CONFLICT (item_id) DO UPDATE SET grams = excluded.grams`);
    expect(Number((await sql<{ pages: string }>(`SELECT gin_clean_pending_list('item_grams_gin') AS pages`))[0]!.pages)).toBeGreaterThan(0);
    await store.transaction((tx) => store1(tx, pending));
    expect(await sql(`SELECT gin_clean_pending_list('item_grams_gin') AS pages`)).toEqual([{ pages: '0' }]);
  });

  it('stores through a role that does not own the search index, which may not merge its pending list', async () => {
    const { url, store, sql } = await setup();
    const role = `huiju_t_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    onTestFinished(async () => {
      await sql(`DROP OWNED BY ${role}`).catch(() => {});
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    });
    // What an operator gives an application role on a database another role created.
    await sql(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role};
      GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await store.close();
    const asRole = new URL(url);
    asRole.username = role;
    const other = await open(asRole.toString());
    await other.transaction((tx) => store1(tx, item('s', { guid: 'r1', title: '大模型进入落地期', summary: LONG_BODY })));
    expect(await sql(`SELECT title FROM item_search`)).toEqual([{ title: '大模型进入落地期' }]);
    // Its grams wait in the list, for the owner's next merge or autovacuum.
    expect(Number((await sql<{ pages: string }>(`SELECT gin_clean_pending_list('item_grams_gin') AS pages`))[0]!.pages)).toBeGreaterThan(0);
    await other.close();
  });

  it('gives a search index made before schema version 9 its pending list', async () => {
    const { url, store, sql } = await setup();
    await store.close();
    await sql('ALTER INDEX item_grams_gin SET (fastupdate = off)');
    await sql('UPDATE schema_version SET version = 8');
    await open(url);
    expect(await sql(`SELECT reloptions AS o FROM pg_class WHERE relname = 'item_grams_gin'`)).toEqual([{ o: ['fastupdate=on'] }]);
    expect(await sql('SELECT version FROM schema_version')).toEqual([{ version: MIGRATIONS.length }]);
  });
});

describe('PostgreSQL engine: sources', () => {
  it('remembers successes and failures; a 304 keeps the validators', async () => {
    const { store } = await setup();
    expect(await store.getSourceState('s')).toMatchObject({ id: 's', etag: null, consecutiveFailures: 0, lastFetchAt: null });
    await store.recordFailure('s', { at: '2025-03-10T01:00:00.000Z', error: 'timeout', nextFetchAt: '2025-03-10T01:05:00.000Z' });
    await store.recordFailure('s', { at: '2025-03-10T02:00:00.000Z', error: 'HTTP 503', nextFetchAt: '2025-03-10T02:10:00.000Z' });
    expect(await store.getSourceState('s')).toMatchObject({ lastError: 'HTTP 503', consecutiveFailures: 2, nextFetchAt: '2025-03-10T02:10:00.000Z', lastSuccessAt: null });
    await store.transaction((tx) =>
      tx.recordSuccess('s', {
        at: '2025-03-10T03:00:00.000Z',
        nextFetchAt: '2025-03-10T03:30:00.000Z',
        document: { etag: '"v1"', lastModified: 'Mon, 10 Mar 2025 02:59:00 GMT', charset: 'utf-8', feedTitle: '来源' },
        permanentRedirect: null,
      }),
    );
    await store.transaction((tx) =>
      tx.recordSuccess('s', { at: '2025-03-10T04:00:00.000Z', nextFetchAt: '2025-03-10T04:30:00.000Z', permanentRedirect: 'https://new.example/feed' }),
    );
    expect(await store.getSourceState('s')).toEqual({
      id: 's',
      etag: '"v1"',
      lastModified: 'Mon, 10 Mar 2025 02:59:00 GMT',
      charset: 'utf-8',
      feedTitle: '来源',
      lastFetchAt: '2025-03-10T04:00:00.000Z',
      lastSuccessAt: '2025-03-10T04:00:00.000Z',
      lastError: null,
      consecutiveFailures: 0,
      nextFetchAt: '2025-03-10T04:30:00.000Z',
      permanentRedirect: 'https://new.example/feed',
    });
    // A document without a title keeps the one remembered.
    await store.transaction((tx) =>
      tx.recordSuccess('s', {
        at: '2025-03-10T05:00:00.000Z',
        nextFetchAt: '2025-03-10T05:30:00.000Z',
        document: { etag: null, lastModified: null, charset: null, feedTitle: null },
        permanentRedirect: null,
      }),
    );
    expect(await store.getSourceState('s')).toMatchObject({ etag: null, feedTitle: '来源' });
  });

  it('measures the publishing gap once a source has been followed for a week', async () => {
    const { store } = await setup();
    const weekAgo = new Date(NOW.getTime() - 8 * 86_400_000);
    await store.transaction(async (tx) => {
      await store1(tx, item('s', { guid: 'old', title: '旧', publishedAt: weekAgo.toISOString() }, weekAgo));
      for (let n = 0; n < 4; n++) await store1(tx, item('s', { guid: `n${n}`, title: `新${n}`, publishedAt: new Date(NOW.getTime() - n * 3600_000).toISOString() }));
    });
    expect(await store.publishingGapMs('s', NOW)).toBe((7 * 86_400_000) / 4);
    expect(await store.publishingGapMs('s', weekAgo)).toBeNull();
    expect(await store.publishingGapMs('other', NOW)).toBeNull();
  });
});

describe('PostgreSQL engine: retention', () => {
  it('removes old items with their search entries and tags, leaves tombstones, deletes emptied stories', async () => {
    const { store, count, sql } = await setup();
    const old = new Date(NOW.getTime() - 40 * 86_400_000);
    const ai = [{ tag: 'ai', score: 3, evidence: [] } as unknown as TagMatch];
    // One story entirely old, one with an old and a new copy, one entirely new.
    const gone = await store.transaction((tx) => store1(tx, item('a', { guid: 'gone', title: '全部过期' }, old), null, ai));
    const keptOld = await store.transaction((tx) => store1(tx, item('a', { guid: 'half-old', title: '一半过期', publishedAt: old.toISOString() }, old), null, ai));
    const keptNew = await store.transaction((tx) =>
      store1(tx, item('b', { guid: 'half-new', title: '一半过期', publishedAt: NOW.toISOString() }), { storyId: keptOld.storyId, matchedItemId: keptOld.id, rule: 'title', similarity: 1 } as StoryMatch),
    );
    await store.transaction((tx) => store1(tx, item('c', { guid: 'new', title: '新的' })));
    expect(await count('items')).toBe(4);
    const before = await store.dataVersion();

    const report = await store.prune({ days: 30, now: NOW, priorityOf: () => 0, batchSize: 1 });
    expect(report).toEqual({ items: 2, storiesDeleted: 1, storiesUpdated: 1, tombstonesExpired: 0, freedBytes: 0, convertedToIncrementalVacuum: false });
    expect(await store.dataVersion()).not.toBe(before);
    expect(await count('items')).toBe(2);
    expect(await count('item_search')).toBe(2);
    expect(await count('item_tags')).toBe(0);
    expect(await sql('SELECT id FROM stories WHERE id = $1', [gone.storyId])).toEqual([]);
    expect(await sql('SELECT representative_item_id AS rep, item_count FROM stories WHERE id = $1', [keptOld.storyId])).toEqual([
      { rep: String(keptNew.id), item_count: 1 },
    ]);
    expect(await sql('SELECT source_id, item_key, pruned_at FROM tombstones ORDER BY item_key')).toEqual([
      { source_id: 'a', item_key: 'guid:gone', pruned_at: NOW.toISOString() },
      { source_id: 'a', item_key: 'guid:half-old', pruned_at: NOW.toISOString() },
    ]);
    expect(await store.transaction((tx) => tx.tombstonedKeys('a', ['guid:gone', 'guid:half-old', 'guid:other']))).toEqual(
      new Set(['guid:gone', 'guid:half-old']),
    );

    // Tombstones are forgotten after twice the retention (by then the rest has expired too, and left its own).
    const later = await store.prune({ days: 30, now: new Date(NOW.getTime() + 61 * 86_400_000), priorityOf: () => 0 });
    expect(later).toMatchObject({ items: 2, storiesDeleted: 2, tombstonesExpired: 2 });
    expect((await sql('SELECT item_key FROM tombstones ORDER BY item_key')).map((r) => r.item_key)).toEqual(['guid:half-new', 'guid:new']);
    expect(await count('stories')).toBe(0);
  });
});

describe('PostgreSQL engine: data version', () => {
  it('moves with every write, by this store or another process, and not with a transaction that only read', async () => {
    const { url, store } = await setup();
    const v0 = await store.dataVersion();
    await store.transaction((tx) => tx.getMeta('k'));
    expect(await store.dataVersion()).toBe(v0);
    await store.transaction((tx) => tx.setMeta('k', 'v'));
    const v1 = await store.dataVersion();
    expect(v1).not.toBe(v0);
    const other = await open(url);
    await other.recordFailure('s', { at: NOW.toISOString(), error: 'x', nextFetchAt: NOW.toISOString() });
    expect(await store.dataVersion()).not.toBe(v1);
    await store.ping();
  });
});
