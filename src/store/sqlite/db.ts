import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export type Db = Database.Database;

/** Open (creating if needed) huiju's database and bring its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // Only a database with no pages yet can take incremental auto-vacuum without a full VACUUM, and switching to WAL
  // writes its first page: so this comes first. Retention converts a database an older huiju created, once
  // (src/store/retention.ts); before this, every new database paid that VACUUM on its first retention run, which held
  // `huiju serve` for over a second right after its start-up cycle.
  db.pragma('auto_vacuum = INCREMENTAL');
  // WAL keeps readers (HTTP) and the writer (fetch cycle) out of each other's way and survives a kill -9.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
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
