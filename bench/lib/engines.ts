/**
 * The engine dimension of the benchmarks: a fresh database on SQLite (a file in the scenario's scratch directory) or
 * PostgreSQL (a database `huiju_bench_<pid>_<n>_<name>` on a local server, created through the `postgres` database and
 * dropped when the scenario is done), plus what an engine costs outside the huiju process: the server's CPU time and
 * the data's size on disk.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Engine } from '../../src/store/store.ts';

export type { Engine };
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** The server bench databases are created on (trust auth on this machine). */
export const PG_ADMIN_URL = process.env.HUIJU_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'huiju_bench_';

export function pgUrl(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL does not answer at ${PG_ADMIN_URL} (${(err as Error).message}): the postgres side of the bench needs it`, { cause: err });
  }
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  engine: Engine;
  /** What `openStore` and `huiju --db` take: a file path or a postgres:// URL. */
  location: string;
  drop(): Promise<void>;
}

let counter = 0;

/** A new, empty database. SQLite: `dir/name.db`. PostgreSQL: a new database on the local server. */
export async function createBenchDatabase(engine: Engine, name: string, dir: string): Promise<BenchDatabase> {
  if (engine === 'sqlite') {
    const file = `${dir}/${name}.db`;
    const drop = async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    };
    await drop();
    return { engine, location: file, drop };
  }
  const database = `${PREFIX}${process.pid}_${++counter}_${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${database}`);
  return { engine, location: pgUrl(database), drop: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).then(() => undefined) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Drop bench databases a killed run left behind (their process is gone). Quietly does nothing without a server. */
export async function dropLeftoverBenchDatabases(): Promise<string[]> {
  let rows: { datname: string }[];
  try {
    rows = await admin<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'huiju\\_bench\\_%'");
  } catch {
    return [];
  }
  const dropped: string[] = [];
  for (const { datname } of rows) {
    const pid = Number(/^huiju_bench_(\d+)_/.exec(datname)?.[1]);
    if (pid && !alive(pid)) {
      await admin(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      dropped.push(datname);
    }
  }
  return dropped;
}

/** Size of the data on disk, MB: the SQLite file and its WAL, or `pg_database_size`. */
export async function databaseMb(location: string): Promise<number> {
  if (!location.startsWith('postgres')) {
    return [location, `${location}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0) / 1e6;
  }
  const rows = await query<{ size: string }>(location, 'SELECT pg_database_size(current_database()) AS size');
  return Number(rows[0]!.size) / 1e6;
}

/** Rows of one read-only statement on its own connection (another process's view of the database). */
export async function query<T>(location: string, sql: string): Promise<T[]> {
  if (!location.startsWith('postgres')) {
    const db = new Database(location, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const CLOCK_TICKS = 100;

function isPostgres(pid: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/** utime + stime of a process, in clock ticks; null once it is gone. */
function ticksOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

/**
 * CPU time the local PostgreSQL server spends for one database: its backends (`postgres: … user DATABASE …`) found in
 * /proc, sampled every 100 ms, since they may exit before the end (a closed pool). Other databases' backends (other
 * work on a shared server) are not counted; neither are the WAL writer and checkpointer, which serve every database.
 * A backend's last 100 ms before it exits may be missed. Null where /proc cannot tell (the server is elsewhere).
 */
export class ServerCpuMeter {
  private readonly seen = new Map<string, { first: number; last: number }>();
  private readonly others = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly database: string) {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), 100);
    this.timer.unref();
  }

  /** A meter for the database at `location`; null for SQLite (it runs inside huiju: its CPU is huiju's). */
  static start(location: string): ServerCpuMeter | null {
    if (!location.startsWith('postgres') || !existsSync('/proc/self/stat')) return null;
    return new ServerCpuMeter(decodeURIComponent(new URL(location).pathname.slice(1)));
  }

  /** The server's CPU ms since start, sampled now. */
  now(): number {
    this.sample(false);
    let ticks = 0;
    for (const { first, last } of this.seen.values()) ticks += last - first;
    return (ticks * 1000) / CLOCK_TICKS;
  }

  /** Stop sampling; the server's CPU ms since start. */
  stop(): number {
    clearInterval(this.timer);
    return this.now();
  }

  private sample(initial: boolean): void {
    for (const pid of readdirSync('/proc')) {
      if (this.others.has(pid) || !/^\d+$/.test(pid)) continue;
      const known = this.seen.get(pid);
      if (!known) {
        let cmd: string;
        try {
          cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        } catch {
          continue;
        }
        if (!cmd.startsWith('postgres:') || !cmd.includes(` ${this.database} `)) {
          // A backend just forked still shows the postmaster's command line, and names its database only once
          // connected: any postgres process may still become ours. Only other programs are never looked at again.
          if (!isPostgres(pid)) this.others.add(pid);
          continue;
        }
      }
      const t = ticksOf(pid);
      if (t === null) continue;
      if (known) known.last = t;
      else this.seen.set(pid, { first: initial ? t : 0, last: t });
    }
  }
}

/** CPU the engine's server used for the database at `location` during `work`: 0 for SQLite (it runs inside huiju). */
export async function withServerCpu<T>(location: string, work: () => Promise<T>): Promise<{ value: T; serverCpuMs: number }> {
  const meter = ServerCpuMeter.start(location);
  try {
    const value = await work();
    return { value, serverCpuMs: meter?.now() ?? 0 };
  } finally {
    meter?.stop();
  }
}

/**
 * Statements this process sends to PostgreSQL (node-postgres `Client.query`, which pooled clients use too) while
 * counting: each is a round trip, and waiting for them is most of what ingest costs on a busy machine. Counts only
 * this process's clients (in-process scenarios).
 */
export function countPostgresQueries(): { count: () => number; stop: () => void } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  return { count: () => n, stop: () => void (proto.query = original) };
}
