import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase } from '../sqlite/db.ts';
import {
  ITEM_COLUMNS,
  ITEM_TAG_COLUMNS,
  SOURCE_COLUMNS,
  STORY_COLUMNS,
  STORY_TAG_COLUMNS,
  TOMBSTONE_COLUMNS,
  type BatchedTable,
  type Cursor,
  type ItemBatch,
  type ItemRow,
  type ItemTagRow,
  type DigestRow,
  type MetaRow,
  type SearchRow,
  type SourceRow,
  type StoryBatch,
  type StoryRow,
  type StoryTagRow,
  type TombstoneRow,
} from './rows.ts';

/** The tables every huiju database has had since its first schema version. */
const HUIJU_TABLES = ['sources', 'stories', 'items', 'item_tags', 'story_tags', 'items_fts', 'meta'];

const list = (columns: readonly string[], alias = '') => columns.map((c) => `${alias}${c}`).join(', ');

/**
 * A huiju SQLite file opened read-only for copying out of, in one read transaction: every batch comes from the same
 * snapshot, so what is copied is consistent (every item's story is there) even while `huiju serve` writes to the file.
 */
export class SqliteReader {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {}

  /**
   * Open `file` for copying into a database at `schemaVersion`. Refuses, naming the path, a file that is not there or
   * is not a huiju database, and one a newer huiju wrote. One an older huiju wrote is upgraded in place first, as any
   * huiju command run on it would.
   */
  static open(file: string, schemaVersion: number): SqliteReader {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new Error(`${file} does not exist`);
    }
    if (!isFile) throw new Error(`${file} is not a file (expected a huiju SQLite database)`);
    let version = readVersion(file);
    if (version < schemaVersion) {
      openDatabase(file).close();
      version = readVersion(file);
    }
    if (version > schemaVersion) {
      throw new Error(`${file} has schema version ${version}, newer than this huiju (${schemaVersion}): upgrade huiju`);
    }
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.exec('BEGIN');
    // The snapshot is taken at the first read, not at BEGIN.
    db.prepare('SELECT 1 FROM items LIMIT 1').get();
    return new SqliteReader(db, file);
  }

  sources(): SourceRow[] {
    return this.db.prepare(`SELECT ${list(SOURCE_COLUMNS)} FROM sources ORDER BY id`).all() as SourceRow[];
  }

  digests(): DigestRow[] {
    return this.db.prepare('SELECT output_id, day, published_at, body FROM digests ORDER BY output_id, day').all() as DigestRow[];
  }

  meta(): MetaRow[] {
    return this.db.prepare('SELECT key, value FROM meta ORDER BY key').all() as MetaRow[];
  }

  /** Rows of a table, and how many of them are at or before `cursor` (already copied, when resuming). */
  count(table: BatchedTable, cursor: Cursor | null): { total: number; done: number } {
    const total = this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    if (!cursor) return { total, done: 0 };
    const { where, params } = afterCursor(table, cursor);
    const after = this.db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(...params) as number;
    return { total, done: total - after };
  }

  /** The next `limit` stories after `cursor`, in id order, with their tags. */
  stories(cursor: Cursor | null, limit: number): StoryBatch {
    const after = Number(cursor?.[0] ?? 0);
    const stories = this.db
      .prepare(`SELECT ${list(STORY_COLUMNS)} FROM stories WHERE id > ? ORDER BY id LIMIT ?`)
      .all(after, limit) as StoryRow[];
    const last = stories.at(-1)?.id;
    const tags =
      last === undefined
        ? []
        : (this.db
            .prepare(`SELECT ${list(STORY_TAG_COLUMNS)} FROM story_tags WHERE story_id > ? AND story_id <= ? ORDER BY story_id, tag`)
            .all(after, last) as StoryTagRow[]);
    return { stories, tags };
  }

  /** The next `limit` items after `cursor`, in id order, with their tags and the text their search entries hold. */
  items(cursor: Cursor | null, limit: number): ItemBatch {
    const after = Number(cursor?.[0] ?? 0);
    const items = this.db.prepare(`SELECT ${list(ITEM_COLUMNS)} FROM items WHERE id > ? ORDER BY id LIMIT ?`).all(after, limit) as ItemRow[];
    const last = items.at(-1)?.id;
    if (last === undefined) return { items, tags: [], search: [] };
    const tags = this.db
      .prepare(`SELECT ${list(ITEM_TAG_COLUMNS)} FROM item_tags WHERE item_id > ? AND item_id <= ? ORDER BY item_id, tag`)
      .all(after, last) as ItemTagRow[];
    const search = this.db
      .prepare('SELECT rowid AS itemId, title, body FROM items_fts WHERE rowid > ? AND rowid <= ? ORDER BY rowid')
      .all(after, last) as SearchRow[];
    return { items, tags, search };
  }

  /** The next `limit` tombstones after `cursor`, in primary-key order. */
  tombstones(cursor: Cursor | null, limit: number): TombstoneRow[] {
    const { where, params } = cursor ? afterCursor('tombstones', cursor) : { where: '1', params: [] };
    return this.db
      .prepare(`SELECT ${list(TOMBSTONE_COLUMNS)} FROM tombstones WHERE ${where} ORDER BY source_id, item_key LIMIT ?`)
      .all(...params, limit) as TombstoneRow[];
  }

  /**
   * Stories and items by id, to compare with what a target already holds at those ids: a target that holds other
   * rows there is another database's.
   */
  identities(table: 'stories' | 'items', ids: readonly number[]): Map<number, string> {
    if (ids.length === 0) return new Map();
    const key = table === 'stories' ? 'guid' : `source_id || char(9) || item_key`;
    const rows = this.db
      .prepare(`SELECT id, ${key} AS identity FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as { id: number; identity: string }[];
    return new Map(rows.map((r) => [r.id, r.identity]));
  }

  /** The highest id of a table, 0 when empty. */
  maxId(table: 'stories' | 'items'): number {
    return (this.db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number) ?? 0;
  }

  /**
   * What changes whenever huiju writes to the file: a copy resumed after it changed would mix two states of it (rows
   * already copied are not copied again), which the driver warns about.
   */
  signature(): string {
    const row = this.db
      .prepare(
        `SELECT (SELECT coalesce(max(id), 0) FROM items) AS items, (SELECT count(*) FROM items) AS itemCount,
           (SELECT coalesce(max(updated_at), '') FROM stories) AS stories, (SELECT count(*) FROM tombstones) AS tombstones,
           (SELECT coalesce(max(last_fetch_at), '') FROM sources) AS fetched`,
      )
      .get() as Record<string, string | number>;
    return JSON.stringify(row);
  }

  close(): void {
    if (!this.db.open) return;
    this.db.exec('COMMIT');
    this.db.close();
  }
}

/** The schema version of a SQLite file, refusing one that is not huiju's. */
function readVersion(file: string): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const names = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).map((n) => n.toLowerCase()),
    );
    const missing = HUIJU_TABLES.filter((t) => !names.has(t));
    if (version === 0 || missing.length > 0) {
      const what = missing.length === HUIJU_TABLES.length ? 'none of its tables' : missing.length ? `no ${missing.join(', ')}` : 'no schema version';
      throw new Error(`${file} is not a huiju database (${what})`);
    }
    return version;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new Error(`${file} is not a huiju database (not a SQLite file)`);
    if (code === 'SQLITE_CANTOPEN') throw new Error(`${file} cannot be opened: ${(err as Error).message}`);
    throw err;
  } finally {
    db?.close();
  }
}

/** The rows of a table after a cursor, as SQL: by id, or by primary key for tombstones. */
function afterCursor(table: BatchedTable, cursor: Cursor): { where: string; params: (string | number)[] } {
  if (table === 'tombstones') return { where: '(source_id, item_key) > (?, ?)', params: [cursor[0]!, cursor[1]!] };
  return { where: 'id > ?', params: [Number(cursor[0])] };
}
