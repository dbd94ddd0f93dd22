import type { Queryable } from './connect.ts';

/** The `meta` table: small named values the store keeps about itself (the version of the tag rules items carry). */
export async function getMeta(db: Queryable, key: string): Promise<string | null> {
  const { rows } = await db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
  return rows[0]?.value ?? null;
}

export async function setMeta(db: Queryable, key: string, value: string): Promise<void> {
  await db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
}

export async function deleteMeta(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM meta WHERE key = $1', [key]);
}
