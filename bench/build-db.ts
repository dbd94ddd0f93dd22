/**
 * A database of N generated items for the serving benchmark, built through ingestItems (dedup, tagging and storage as
 * in production) and cached under bench/.cache/, keyed by the generator version, the size and a hash of the code that
 * decides what is stored. The first build at 1,000,000 items takes several minutes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATOR_VERSION } from './generate.ts';
import { openBenchDatabase } from './lib/huiju.ts';
import { ROOT } from './lib/proc.ts';
import { cacheDir, shippedTags } from './lib/workspace.ts';
import { StreamIngester } from './stream-ingest.ts';

const STORAGE_CODE = ['src/store', 'src/dedup', 'src/tag', 'src/normalise', 'src/pipeline/ingest.ts'];

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
  for (const f of STORAGE_CODE.flatMap(filesUnder)) h.update(f).update(readFileSync(f));
  h.update(JSON.stringify(shippedTags()));
  return `serve-g${GENERATOR_VERSION}-s${seed}-${items}-${h.digest('hex').slice(0, 10)}`;
}

export interface BuiltDb {
  file: string;
  /** null when it came from the cache. */
  buildSeconds: number | null;
}

export function buildServeDb(items: number, seed: number, log: (line: string) => void): BuiltDb {
  const file = join(cacheDir(), `${cacheKey(items, seed)}.db`);
  if (existsSync(file)) {
    log(`  using cached database ${file}`);
    return { file, buildSeconds: null };
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
  return { file, buildSeconds: (performance.now() - started) / 1000 };
}
