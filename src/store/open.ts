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
  try {
    if (isPostgresUrl(location)) {
      const { openPostgresStore } = await import('./postgres/store.ts');
      return await openPostgresStore(location);
    }
    const { openSqliteStore } = await import('./sqlite/store.ts');
    return openSqliteStore(location);
  } catch (err) {
    throw new StoreOpenError(location, err);
  }
}

/** The database could not be opened: one line naming where, and why. */
export class StoreOpenError extends Error {
  constructor(location: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const code = (cause as { code?: unknown } | null)?.code;
    const remedy =
      code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
        ? `: restore a backup (README "Backups"), or recover what is readable with sqlite3 ${location} ".recover" | sqlite3 new.db`
        : '';
    // PostgreSQL's connection errors already name the server and database (postgres/connect.ts), without the password.
    super(isPostgresUrl(location) ? reason : `cannot open the SQLite database ${location}: ${reason}${remedy}`, { cause });
    this.name = 'StoreOpenError';
  }
}
