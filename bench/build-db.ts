/**
 * A database of N generated items for the serving benchmark, built through ingestItems (dedup, tagging and storage as
 * in production) and cached under bench/.cache/, keyed by the generator version, the size and a hash of the code that
 * decides what is stored. The first build at 1,000,000 items takes several minutes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GENERATOR_VERSION } from './generate.ts';
import { openBenchDatabase } from './lib/huiju.ts';
import { ROOT } from './lib/proc.ts';
import { cacheDir, shippedTags } from './lib/workspace.ts';
import { StreamIngester } from './stream-ingest.ts';

/** The code that decides what is stored (not how it is read back: src/store/queries.ts can change freely). */
const STORAGE_CODE = ['src/store', 'src/dedup', 'src/tag', 'src/normalise', 'src/pipeline/ingest.ts'];
const READ_ONLY_CODE = new Set(['src/store/queries.ts'].map((f) => join(ROOT, f)));

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

export function buildServeDb(items: number, seed: number, log: (line: string) => void): BuiltDb {
  const file = join(cacheDir(), `${cacheKey(items, seed)}.db`);
  const sidecar = `${file}.json`;
  if (existsSync(file)) {
    log(`  using cached database ${file}`);
    const buildSeconds = existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as { buildSeconds: number }).buildSeconds : null;
    return { file, buildSeconds, cached: true };
  }
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  log(`  building a database of ${items.toLocaleString('en')} items (cached afterwards in bench/.cache/) …`);
  const started = performance.now();
  const { db, ctx } = openBenchDatabase(partial, shippedTags());
  const ingester = new StreamIngester(ctx, seed);
  const step = Math.max(10_000, Math.floor(items / 10));
  while (ingester.fed < items) {
    ingester.feed(Math.min(step, items - ingester.fed));
    log(`    ${ingester.fed.toLocaleString('en')} items, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, file);
  const buildSeconds = (performance.now() - started) / 1000;
  writeFileSync(sidecar, JSON.stringify({ buildSeconds }));
  return { file, buildSeconds, cached: false };
}
