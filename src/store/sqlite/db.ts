import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';
import { keepReserve } from './reserve.ts';

export type Db = Database.Database;

/** Open (creating if needed) huiju's database and bring its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openConnection(file);
  // Only a database with no pages yet can take incremental auto-vacuum without a full VACUUM, and switching to WAL
  // writes its first page: so this comes first. Retention converts a database an older huiju created, once
  // (src/store/retention.ts); before this, every new database paid that VACUUM on its first retention run, which held
  // `huiju serve` for over a second right after its start-up cycle.
  // Both are set only when not already so: setting either writes to the file, and on a full disk that write failed
  // and so did every command, `huiju prune` too, which is how an operator frees the space.
  if (pageCount(db) === 0) db.pragma('auto_vacuum = INCREMENTAL');
  // WAL keeps readers (HTTP) and the writer (fetch cycle) out of each other's way and survives a kill -9.
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${cacheKib(file)}`);
  migrate(db);
  keepReserve(file);
  return db;
}

const pageCount = (db: Db) => db.pragma('page_count', { simple: true }) as number;

/**
 * A read-only connection to a database another connection has opened and migrated (read-worker.ts), with the same
 * page cache: the pages a search touches must stay in it on every connection that runs searches.
 */
export function openReader(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${cacheKib(file)}`);
  return db;
}

/**
 * SQLite's page cache, in KiB: a 32nd of the file, between SQLite's default 2 MB and 64 MB. With 2 MB, a common-term
 * search over a 1.7 GB database read the pages of its 5,000 newest matching copies from the OS afresh on every request
 * (a system call a page): 28 ms of CPU, 11 ms with 32 MB, which holds what such a search touches (16 MB did not help).
 * Pages are only allocated as they are read; a new database (a first fetch cycle) keeps SQLite's 2 MB.
 */
function cacheKib(file: string): number {
  const bytes = file === ':memory:' || !existsSync(file) ? 0 : statSync(file).size;
  return Math.min(64 * 1024, Math.max(2 * 1024, Math.floor(bytes / 32 / 1024)));
}

/**
 * A connection, able to read even on a disk too full for the `-shm` file that WAL mode shares between connections
 * (SQLite makes it on first read, and makes it again once every connection has closed). Such a disk gets a connection
 * in exclusive locking mode, which keeps that index in memory instead. No other connection is open then (it would have
 * made the file), and while this one is, no other can open: fine for `huiju prune`, which is what frees the space.
 */
function openConnection(file: string): Db {
  const db = new Database(file);
  try {
    pageCount(db);
    return db;
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'SQLITE_IOERR_SHMSIZE') throw err;
    db.close();
  }
  const exclusive = new Database(file);
  exclusive.pragma('locking_mode = EXCLUSIVE');
  return exclusive;
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection. */
export function stmt<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Database.Statement<P, R> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s as unknown as Database.Statement<P, R>;
}

/** Statements whose text varies with the request (a filter's shape, a page's length): the most recently used kept. */
const SHAPED_KEPT = 128;
const shapedStatements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement for SQL that a listing writes per request, kept per connection while it recurs: compiling the
 * hydrate query again on every feed request cost as much as running it (0.25 of 0.6 ms for 50 stories).
 */
export function shapedStmt<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Database.Statement<P, R> {
  let cache = shapedStatements.get(db);
  if (!cache) shapedStatements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (s) cache.delete(sql);
  else s = db.prepare(sql);
  cache.set(sql, s);
  for (const oldest of cache.keys()) {
    if (cache.size <= SHAPED_KEPT) break;
    cache.delete(oldest);
  }
  return s as unknown as Database.Statement<P, R>;
}
