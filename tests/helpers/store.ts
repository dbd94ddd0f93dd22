/**
 * A database of its own for every test, on the engine under test: SQLite by default, PostgreSQL when
 * HUIJU_TEST_ENGINE=postgres (the `postgres` project in vitest.config.ts). Tests that talk to the store through its
 * interface run unchanged on both; `sql` lets them look at (or tamper with) the rows underneath.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, inject, onTestFinished } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { SqliteStore } from '../../src/store/sqlite/store.ts';
import type { Engine, Store } from '../../src/store/store.ts';
import type {} from '../support/provided.ts';

function engineFromEnv(): Engine {
  const v = process.env.HUIJU_TEST_ENGINE ?? 'sqlite';
  if (v !== 'sqlite' && v !== 'postgres') throw new Error(`HUIJU_TEST_ENGINE must be "sqlite" or "postgres", got "${v}"`);
  return v;
}

export const TEST_ENGINE: Engine = engineFromEnv();

/** The server the PostgreSQL tests create their databases on (trust auth on this machine and in CI). */
export const PG_ADMIN_URL = process.env.HUIJU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of database `name` on the test server. */
export function pgUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// count(*) is a bigint, which pg hands back as a string; the tests compare counts with numbers.
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

let admin: pg.Pool | undefined;
function adminPool(): pg.Pool {
  return (admin ??= new pg.Pool({ connectionString: PG_ADMIN_URL, max: 2, idleTimeoutMillis: 1_000, allowExitOnIdle: true }));
}

/** Run an administrative statement (CREATE/DROP DATABASE); says plainly when the server is not there. */
export async function pgAdmin(text: string): Promise<void> {
  try {
    await adminPool().query(text);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === '57P03') {
      throw new Error(
        `PostgreSQL does not answer at ${PG_ADMIN_URL} (${code}): the postgres tests need it. ` +
          'Start it (pg_ctlcluster 15 main start) or run only the sqlite project (vitest run --project sqlite).',
        { cause: err },
      );
    }
    throw err;
  }
}

export interface TestDatabase {
  /** What `openStore` and `huiju --db` take: a file path, or a postgres:// URL. */
  location: string;
  /** Delete the database and everything in it. */
  drop(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, empty database on the engine under test. SQLite: a file in a new temporary directory. PostgreSQL: a new
 * database of its own, so test files running in parallel, and every store within them, never see each other's rows.
 *
 * In the `postgres` project (tests/support/postgres-setup.ts) it is copied from a template that already holds the
 * schema, `huiju_t_<run>_<pid>_<n>`, and `drop()` leaves it to the run's teardown: DROP DATABASE waits for a
 * checkpoint (most of a second on a busy server, longer than creating and migrating one), and the teardown drops them
 * all at once, sharing the checkpoints. Elsewhere (a PostgreSQL test in the sqlite project) it is `huiju_t_<pid>_<n>`,
 * migrated when first opened, and dropped at once.
 */
export async function newDatabase(engine: Engine = TEST_ENGINE): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'huiju-store-'));
    return { location: join(dir, 'huiju.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const template = inject('pgTemplate');
  if (template) {
    const name = `${template.replace(/template$/, '')}${process.pid}_${++counter}`;
    await pgAdmin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    return { location: pgUrl(name), drop: async () => {} };
  }
  const name = `huiju_t_${process.pid}_${++counter}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  return { location: pgUrl(name), drop: () => pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Fresh databases for a test file's child processes (`huiju fetch --db`, `huiju serve --db`), each dropped once the
 * file is done. Call at the top level, before the file's own afterAll that stops what uses them (vitest runs
 * after-all hooks last-registered first).
 */
export function fileDatabases(): () => Promise<string> {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of made) await db.drop();
  });
  return async () => {
    const db = await newDatabase();
    made.push(db);
    return db.location;
  };
}

/** A connection of its own to a database: another process's view of it, for reading what the CLI stored. */
export interface SqlConnection {
  /** Rows of a statement; placeholders are written `?` whatever the engine. Statements with no result give []. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** The first column of the first row (a count, say). */
  value<T = unknown>(text: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** `?` placeholders to PostgreSQL's `$1, $2, …` (a `?` inside a quoted literal is left alone). */
export function toDollarParams(text: string): string {
  let n = 0;
  let quote: string | null = null;
  let out = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return out;
}

function sqliteConnection(db: Database.Database, closeDb: boolean): SqlConnection {
  const sql = async <T>(text: string, params: unknown[] = []) => {
    const stmt = db.prepare(text);
    if (stmt.reader) return stmt.all(...params) as T[];
    stmt.run(...params);
    return [];
  };
  return {
    sql,
    value: async <T>(text: string, params: unknown[] = []) => {
      const [row] = await sql<Record<string, unknown>>(text, params);
      return (row ? Object.values(row)[0] : undefined) as T;
    },
    close: async () => {
      if (closeDb && db.open) db.close();
    },
  };
}

function pgConnection(location: string): SqlConnection {
  let client: Promise<pg.Client> | undefined;
  const connect = () =>
    (client ??= (async () => {
      const c = new pg.Client({ connectionString: location, types: PG_TYPES });
      await c.connect();
      return c;
    })());
  const sql = async <T>(text: string, params: unknown[] = []) => {
    const res = await (await connect()).query(toDollarParams(text), params);
    return (res.rows ?? []) as T[];
  };
  return {
    sql,
    value: async <T>(text: string, params: unknown[] = []) => {
      const res = await (await connect()).query({ text: toDollarParams(text), values: params, rowMode: 'array' });
      return res.rows[0]?.[0] as T;
    },
    close: async () => {
      if (client) await (await client).end();
      client = undefined;
    },
  };
}

/** A raw connection to the database at `location`, separate from any store's. */
export function connectSql(location: string): SqlConnection {
  return /^postgres(ql)?:\/\//.test(location) ? pgConnection(location) : sqliteConnection(new Database(location), true);
}

export interface TestStore extends SqlConnection {
  store: Store;
  location: string;
  engine: Engine;
  /** Close the store and drop its database. */
  close(): Promise<void>;
}

/** Every TestStore opened outside a test (in beforeAll, say): closed when the file is done. */
const openedOutsideTests = new Set<TestStore>();
afterAll(async () => {
  for (const t of [...openedOutsideTests]) await t.close();
  await admin?.end();
  admin = undefined;
});

/**
 * A store on a fresh database of the engine under test. `sql` runs on the store's own connection for SQLite (its
 * `db`), and on a connection of its own for PostgreSQL. Closed, and its database dropped, when the test that opened it
 * ends (or the file, when opened outside a test); `close()` does it sooner.
 */
export async function openTestStore(db?: TestDatabase): Promise<TestStore> {
  const database = db ?? (await newDatabase());
  const store = await openStore(database.location);
  const raw = store instanceof SqliteStore ? sqliteConnection(store.db, false) : connectSql(database.location);
  let closed: Promise<void> | undefined;
  const t: TestStore = {
    ...raw,
    store,
    location: database.location,
    engine: store.engine,
    close: () =>
      (closed ??= (async () => {
        openedOutsideTests.delete(t);
        await raw.close();
        await Promise.resolve().then(() => store.close()).catch(() => {}); // a test may have closed it already
        await database.drop();
      })()),
  };
  try {
    onTestFinished(() => t.close());
  } catch {
    openedOutsideTests.add(t);
  }
  return t;
}
