import type { Store } from './store.ts';

/** Whether a database location names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Open huiju's database, creating and migrating it as needed: a `postgres://` URL opens PostgreSQL, anything else is a
 * SQLite file (the embedded default). Each engine is loaded only when chosen: a SQLite deployment never loads `pg`.
 */
export async function openStore(location: string): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { openPostgresStore } = await import('./postgres/store.ts');
    return openPostgresStore(location);
  }
  const { openSqliteStore } = await import('./sqlite/store.ts');
  return openSqliteStore(location);
}
