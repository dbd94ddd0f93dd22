import { stmt, type Db } from './db.ts';

/** The `meta` table: small named values the store keeps about itself (the version of the tag rules items carry). */
export function getMeta(db: Db, key: string): string | null {
  return stmt<[string], { value: string }>(db, 'SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function deleteMeta(db: Db, key: string): void {
  stmt(db, 'DELETE FROM meta WHERE key = ?').run(key);
}
