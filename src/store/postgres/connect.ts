import pg from 'pg';

/** Anything SQL can be sent through: the pool (reads, each on whichever connection is free) or one checked-out client. */
export type Queryable = pg.Pool | pg.PoolClient;

/** OIDs of the types whose text form node-postgres leaves as strings by default. */
const INT8 = 20;
const NUMERIC = 1700;
const INT8_ARRAY = 1016;

/**
 * Parsers for this pool's connections only, so a job queue sharing the process (pg-boss, graphile-worker) keeps the
 * driver's defaults. Ids are `bigserial` and `count(*)` is `bigint`: node-postgres hands both back as strings, which
 * the Store interface types as numbers. Ids stay far below 2^53, so nothing is lost.
 */
function typeParsers(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  const toNumber = (v: string) => Number(v);
  // @types/pg types a parser's argument as a number; a text-format parser takes the value's text.
  const int8Array = types.getTypeParser(INT8_ARRAY, 'text') as unknown as (v: string) => (string | null)[];
  types.setTypeParser(INT8, toNumber);
  types.setTypeParser(NUMERIC, toNumber);
  types.setTypeParser(INT8_ARRAY, (v: string) => int8Array(v).map((x) => (x === null ? null : Number(x))));
  return types;
}

/** A `postgres://` or `postgresql://` URL, checked before anything is sent. */
function parseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`not a PostgreSQL URL: ${redactUrl(url)} (expected postgres://user:password@host:5432/database)`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`not a PostgreSQL URL: ${redactUrl(url)} (expected postgres://user:password@host:5432/database)`);
  }
  return u;
}

/**
 * The URL as an operator may see it in logs and `/healthz`: without its password (in the authority or as a
 * `?password=` parameter, both of which node-postgres accepts).
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Unparsable: still never echo what looks like a password.
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1@').replace(/([?&](?:ssl)?password=)[^&]*/gi, '$1***');
  }
  u.password = '';
  for (const key of ['password', 'sslpassword']) if (u.searchParams.has(key)) u.searchParams.set(key, '***');
  return u.toString();
}

/** `host:port/database`, as node-postgres will resolve them (a `?host=` socket directory, the user's name as database). */
export function targetOf(url: string): string {
  const u = parseUrl(url);
  const host = u.searchParams.get('host') || u.hostname || 'localhost';
  const database = decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres';
  return `${host}:${u.port || '5432'}/${database}`;
}

/** The first line of what went wrong, without the address it already names (`connect ECONNREFUSED`). */
function causeOf(err: unknown): string {
  // Node tries every address a name resolves to (::1 and 127.0.0.1 for localhost) and reports all in one AggregateError.
  if (err instanceof AggregateError && err.errors.length > 0) return causeOf(err.errors[0]);
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) && e.syscall) return `${e.syscall} ${e.code}`;
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] || (typeof e?.code === 'string' ? e.code : 'unknown error');
}

/** One line naming where and why, for a connection that could not be made. */
export function connectError(target: string, err: unknown): Error {
  return new Error(`cannot reach PostgreSQL at ${target}: ${causeOf(err)}`, { cause: err });
}

export interface Connection {
  pool: pg.Pool;
  /** `Store.location`: the URL without its password. */
  location: string;
  /** `host:port/database`, for error messages. */
  target: string;
}

/** A pool for this URL. Nothing is connected yet: the first `checkout` (migrations, at open) finds out. */
export function createPool(url: string): Connection {
  const target = targetOf(url);
  const pool = new pg.Pool({
    connectionString: url,
    types: typeParsers(),
    application_name: 'huiju',
    // An unreachable host fails at open with a clear line instead of hanging on the kernel's connect timeout.
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server dropped (a restart, a failover) is emitted here; unhandled, it would end the
  // process. The pool has already discarded it, and the next query opens a fresh one.
  pool.on('error', () => {});
  return { pool, location: redactUrl(url), target };
}

/** A client of the pool; a failure to connect becomes one line naming the database and the cause. */
export async function checkout(conn: Connection): Promise<pg.PoolClient> {
  try {
    return await conn.pool.connect();
  } catch (err) {
    throw connectError(conn.target, err);
  }
}
