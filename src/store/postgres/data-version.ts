import type { Queryable } from './connect.ts';
import { prepared } from './prepared.ts';

/**
 * Store.dataVersion for PostgreSQL: one counter row, bumped by every transaction that wrote, just before it commits
 * (the store sends this and COMMIT as one message). It commits with the writes it stands for, so a reader never sees
 * the new version with the old data, and any process's write moves it. Writers hold the write lock (locks.ts), so the
 * row is never contended.
 */
export const BUMP_DATA_VERSION = 'UPDATE data_version SET version = version + 1';

export async function readDataVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ version: number }>(
    prepared('data-version', 'SELECT version FROM data_version', []),
  );
  return String(rows[0]?.version ?? 0);
}
