import type pg from 'pg';
import { SCHEMA_VERSION } from '../postgres/migrations.ts';
import { advanceSequences, insertDigests, insertItems, insertMeta, insertSources, insertStories, insertTombstones, type Inserted } from './postgres-insert.ts';
import { refuseOtherData } from './ownership.ts';
import { isCopyKey, PostgresTarget } from './postgres-target.ts';
import type { BatchedTable, Cursor } from './rows.ts';
import { SqliteReader } from './sqlite-reader.ts';

/**
 * `huiju db copy`: a huiju SQLite file into a PostgreSQL database, table by table in the order foreign keys need
 * (sources, stories, items, tombstones, digests, meta), in batches. Ids are kept, so feed GUIDs, representatives and matched
 * items stay what they were.
 *
 * Resumable: each batch commits with a cursor (the last key it copied) in the target's `meta`, and a run starts after
 * the cursors it finds. Idempotent: rows already there are left alone (`ON CONFLICT DO NOTHING`), after checking that
 * they are this file's rows and not another database's. The copy is of the file as one snapshot; a copy resumed after
 * huiju wrote to the file meanwhile is reported (`sourceChanged`), as rows copied earlier are not copied again.
 */

export type CopyTable = 'sources' | BatchedTable | 'digests' | 'meta';
export const COPY_TABLES: readonly CopyTable[] = ['sources', 'stories', 'items', 'tombstones', 'digests', 'meta'];

export interface TableProgress {
  /** A table, or the search index built once the items are in. */
  table: CopyTable | 'search index';
  /** Rows of the table done, by this run or the earlier one it resumes. */
  done: number;
  total: number;
  /** Rows this run inserted so far. */
  copied: number;
  finished: boolean;
}

export interface CopyOptions {
  /** A huiju SQLite file. */
  from: string;
  /** A postgres:// URL. */
  to: string;
  /** Rows a transaction (default 1,000). */
  batchSize?: number;
  onProgress?: (p: TableProgress) => void;
  /** Tests: runs inside each batch's transaction before it commits; a throw rolls that batch back and ends the copy. */
  beforeCommit?: (table: BatchedTable, batch: number) => void | Promise<void>;
}

export interface CopyReport {
  from: string;
  /** The target URL without its password. */
  to: string;
  tables: Record<CopyTable, { total: number; copied: number }>;
  storyTags: number;
  itemTags: number;
  searchEntries: number;
  /** An earlier run had copied part of it. */
  resumed: boolean;
  /** huiju wrote to the source since the copy began: rows an earlier run copied are as they were then. */
  sourceChanged: boolean;
  ms: number;
}

export const DEFAULT_BATCH_SIZE = 1_000;

export async function copyDatabase(opts: CopyOptions): Promise<CopyReport> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  // The file first: a missing or foreign file is reported without waiting for a server.
  const reader = SqliteReader.open(opts.from, SCHEMA_VERSION);
  let target: PostgresTarget | undefined;
  try {
    target = await PostgresTarget.open(opts.to);
    return await run(reader, target, opts, batchSize, started);
  } finally {
    reader.close();
    await target?.close();
  }
}

async function run(reader: SqliteReader, target: PostgresTarget, opts: CopyOptions, batchSize: number, started: number): Promise<CopyReport> {
  const cursors = await target.cursors();
  const signature = reader.signature();
  const recorded = await target.sourceSignature();
  await refuseOtherData(reader, target, recorded !== null);
  if (recorded === null) await target.recordSourceSignature(signature);

  const report: CopyReport = {
    from: opts.from,
    to: target.location,
    tables: Object.fromEntries(COPY_TABLES.map((t) => [t, { total: 0, copied: 0 }])) as CopyReport['tables'],
    storyTags: 0,
    itemTags: 0,
    searchEntries: 0,
    resumed: cursors.size > 0,
    sourceChanged: recorded !== null && recorded !== signature,
    ms: 0,
  };
  const progress = (table: CopyTable, done: number, finished: boolean) => {
    const t = report.tables[table];
    opts.onProgress?.({ table, done, total: t.total, copied: t.copied, finished });
  };

  // Source state and meta are a handful of rows that change with every fetch: copied whole, over what is there.
  const sources = reader.sources();
  report.tables.sources = { total: sources.length, copied: 0 };
  progress('sources', 0, false);
  report.tables.sources.copied = await target.batch((c) => insertSources(c, sources));
  progress('sources', sources.length, true);

  /** Copy one table batch by batch from its cursor; `read` gives a batch, its row count and the key of its last row. */
  const batched = async <B>(
    table: BatchedTable,
    read: (cursor: Cursor | null) => { batch: B; rows: number; last: Cursor | null },
    write: (client: pg.PoolClient, batch: B) => Promise<Inserted>,
  ) => {
    let cursor = cursors.get(table) ?? null;
    const { total, done: before } = reader.count(table, cursor);
    report.tables[table].total = total;
    let done = before;
    progress(table, done, false);
    for (let n = 1; ; n++) {
      const { batch, rows, last } = read(cursor);
      if (rows === 0 || !last) break;
      const inserted = await target.batch(
        async (c) => {
          const ins = await write(c, batch);
          await opts.beforeCommit?.(table, n);
          return ins;
        },
        { table, at: last },
      );
      cursor = last;
      done += rows;
      report.tables[table].copied += inserted.rows;
      if (table === 'stories') report.storyTags += inserted.tags;
      if (table === 'items') {
        report.itemTags += inserted.tags;
        report.searchEntries += inserted.search;
      }
      progress(table, Math.min(done, total), false);
    }
    progress(table, total, true);
  };

  const from = opts.from;
  await target.deferSearchIndex();
  await batched(
    'stories',
    (cursor) => {
      const batch = reader.stories(cursor, batchSize);
      const last = batch.stories.at(-1);
      return { batch, rows: batch.stories.length, last: last ? [last.id] : null };
    },
    (c, batch) => insertStories(c, batch, target.location, from),
  );
  await batched(
    'items',
    (cursor) => {
      const batch = reader.items(cursor, batchSize);
      const last = batch.items.at(-1);
      return { batch, rows: batch.items.length, last: last ? [last.id] : null };
    },
    (c, batch) => insertItems(c, batch, target.location, from),
  );
  await batched(
    'tombstones',
    (cursor) => {
      const batch = reader.tombstones(cursor, batchSize);
      const last = batch.at(-1);
      return { batch, rows: batch.length, last: last ? [last.source_id, last.item_key] : null };
    },
    (c, batch) => insertTombstones(c, batch),
  );

  const index = (finished: boolean) => opts.onProgress?.({ table: 'search index', done: Number(finished), total: 1, copied: 0, finished });
  index(false);
  await target.buildSearchIndex();
  await target.analyze();
  index(true);

  // Published digests: a few hundred rows at most, copied whole; one the target already has for its day stays.
  const digests = reader.digests();
  report.tables.digests = { total: digests.length, copied: 0 };
  progress('digests', 0, false);
  report.tables.digests.copied = await target.batch((c) => insertDigests(c, digests));
  progress('digests', digests.length, true);

  // Last, so a copy killed part-way leaves the tag and text versions unset: huiju re-derives rather than trusts them.
  const meta = reader.meta().filter((m) => !isCopyKey(m.key));
  report.tables.meta = { total: meta.length, copied: 0 };
  progress('meta', 0, false);
  report.tables.meta.copied = await target.batch(async (c) => {
    const n = await insertMeta(c, meta);
    await advanceSequences(c);
    return n;
  });
  progress('meta', meta.length, true);

  report.ms = Date.now() - started;
  return report;
}
