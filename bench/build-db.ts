/**
 * Databases of N generated items for the serving benchmark, built through ingestItems (dedup, tagging and storage as
 * in production). The SQLite one is cached under bench/.cache/, keyed by the generator version, the size and a hash
 * of the code that decides what is stored; the first build at 1,000,000 items takes several minutes. The PostgreSQL
 * one is a bench database dropped after the scenario: copied from the SQLite one with `huiju db copy` where this
 * huiju has it, else built through ingestItems like the SQLite one. For the serving scenario the copy is kept too, as a
 * database `huiju_benchcache_<key>` on the local server: copying 1,000,000 items takes longer than the scenario.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { GENERATOR_VERSION } from './generate.ts';
import pg from 'pg';
import { PG_ADMIN_URL, pgUrl, type BenchDatabase } from './lib/engines.ts';
import { openBenchStore } from './lib/huiju.ts';
import { HUIJU_BIN, ROOT, runMeasured } from './lib/proc.ts';
import { cacheDir, shippedTags } from './lib/workspace.ts';
import { StreamIngester } from './stream-ingest.ts';

/**
 * The code that decides what SQLite stores (not how it is read back: listing and lookups can change freely), and
 * what both engines share.
 */
const STORAGE_CODE = ['src/store/sqlite', 'src/store/band-index.ts', 'src/store/band-sync.ts', 'src/store/rules.ts', 'src/dedup', 'src/tag', 'src/normalise', 'src/pipeline/ingest.ts'];
const READ_ONLY_CODE = new Set(['src/store/sqlite/listing.ts', 'src/store/sqlite/lookups.ts', 'src/store/sqlite/filter.ts'].map((f) => join(ROOT, f)));

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((f) => join(full, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** Changes whenever the generator or the code that shapes the stored data changes. */
export function cacheKey(items: number, seed: number): string {
  const h = createHash('sha1');
  for (const f of STORAGE_CODE.flatMap(filesUnder).filter((f) => !READ_ONLY_CODE.has(f))) h.update(relative(ROOT, f)).update(readFileSync(f));
  h.update(JSON.stringify(shippedTags()));
  return `serve-g${GENERATOR_VERSION}-s${seed}-${items}-${h.digest('hex').slice(0, 10)}`;
}

export interface BuiltDb {
  file: string;
  /** How long the build took (when it was cached: the build that made the cache), if known. */
  buildSeconds: number | null;
  cached: boolean;
}

/** Feed `items` generated items into the store at `location`, logging progress. */
async function ingestInto(location: string, items: number, seed: number, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const { store, ctx } = await openBenchStore(location, shippedTags());
  try {
    const ingester = new StreamIngester(ctx, seed);
    const step = Math.max(10_000, Math.floor(items / 10));
    while (ingester.fed < items) {
      await ingester.feed(Math.min(step, items - ingester.fed));
      log(`    ${ingester.fed.toLocaleString('en')} items, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await store.close();
  }
}

export async function buildServeDb(items: number, seed: number, log: (line: string) => void): Promise<BuiltDb> {
  const file = join(cacheDir(), `${cacheKey(items, seed)}.db`);
  const sidecar = `${file}.json`;
  if (existsSync(file)) {
    log(`  using cached database ${file}`);
    const buildSeconds = existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as { buildSeconds: number }).buildSeconds : null;
    return { file, buildSeconds, cached: true };
  }
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  log(`  building a SQLite database of ${items.toLocaleString('en')} items (cached afterwards in bench/.cache/) …`);
  const started = performance.now();
  await ingestInto(partial, items, seed, log);
  const db = new Database(partial);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, file);
  const buildSeconds = (performance.now() - started) / 1000;
  writeFileSync(sidecar, JSON.stringify({ buildSeconds }));
  return { file, buildSeconds, cached: false };
}

/** Whether this huiju has `huiju db copy` (it says so in its usage). */
export async function hasDbCopy(): Promise<boolean> {
  const help = await runMeasured(process.execPath, [HUIJU_BIN, '--help']);
  return /\bdb copy\b/.test(help.stdout + help.stderr);
}

export interface FilledDb {
  how: 'huiju db copy' | 'ingestItems';
  seconds: number;
}

/**
 * Fill an empty PostgreSQL bench database with the same items as the SQLite file `from`: `huiju db copy` where it
 * exists, else the same stream through ingestItems (which stores the same items; stories may differ where dedup
 * raced, so the story counts are reported for both).
 */
export async function fillPostgresServeDb(target: BenchDatabase, from: string, items: number, seed: number, log: (line: string) => void): Promise<FilledDb> {
  const started = performance.now();
  if (await hasDbCopy()) {
    log(`  copying it into PostgreSQL with huiju db copy …`);
    const copied = await runMeasured(process.execPath, [HUIJU_BIN, 'db', 'copy', '--from', from, '--to', target.location]);
    if (copied.code !== 0) throw new Error(`huiju db copy failed (${copied.code}):\n${copied.stderr}${copied.stdout}`);
    return { how: 'huiju db copy', seconds: (performance.now() - started) / 1000 };
  }
  log(`  building the PostgreSQL database of ${items.toLocaleString('en')} items through ingestItems (no huiju db copy yet) …`);
  await ingestInto(target.location, items, seed, log);
  return { how: 'ingestItems', seconds: (performance.now() - started) / 1000 };
}

const PG_CACHE_PREFIX = 'huiju_benchcache_';
/** What PostgreSQL's copy holds, beyond the SQLite file it is copied from: its schema and the copy itself. */
const PG_STORAGE_CODE = ['src/store/postgres/migrations.ts', 'src/store/copy'];

/**
 * A PostgreSQL database holding the same items as the cached SQLite file `from` (whose name is its cache key), made
 * with `huiju db copy` once and kept for later runs; read-only use only. Databases of older keys are dropped.
 */
export async function cachedPostgresServeDb(from: string, items: number, seed: number, log: (line: string) => void): Promise<{ location: string; filled: FilledDb | null }> {
  const h = createHash('sha1').update(from);
  for (const f of PG_STORAGE_CODE.flatMap(filesUnder)) h.update(relative(ROOT, f)).update(readFileSync(f));
  const database = `${PG_CACHE_PREFIX}${items}_${h.digest('hex').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string; complete: boolean }>(
      `SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') = 'complete' AS complete FROM pg_database WHERE datname LIKE 'huiju\\_benchcache\\_%'`,
    );
    for (const r of rows) {
      if (r.datname === database && r.complete) {
        log(`  using cached PostgreSQL database ${database}`);
        return { location: pgUrl(database), filled: null };
      }
      await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${database}`);
    const target: BenchDatabase = { engine: 'postgres', location: pgUrl(database), drop: async () => {} };
    const filled = await fillPostgresServeDb(target, from, items, seed, log);
    await admin.query(`COMMENT ON DATABASE ${database} IS 'complete'`);
    return { location: target.location, filled };
  } finally {
    await admin.end();
  }
}
