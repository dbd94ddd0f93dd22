/**
 * newsboat as a peer in the fetch-cycle scenario: `newsboat -x reload` over the same feeds, 16 reload threads, its
 * own SQLite cache, cold (a new cache) and then warm (the same cache: newsboat sends the stored ETag and
 * Last-Modified, so every source answers 304). Debian package `newsboat` (bench/peers/setup.sh installs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runMeasured, type Measured } from '../lib/proc.ts';

export interface PeerCycle {
  /** The peer's name and version, as reported. */
  version: string;
  cold: PeerCost & { items: number };
  warm: PeerCost;
  /** Its database on disk after the cold cycle. */
  dbMb: number;
}

export interface PeerCost {
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number | null;
}

export const cost = (m: Measured): PeerCost => ({ wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssMb: m.peakRssMb });

/** `newsboat --version`'s first line, or null when newsboat is not installed. */
export function newsboatVersion(): string | null {
  try {
    return execFileSync('newsboat', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

export async function newsboatCycle(urls: readonly string[], dir: string, version: string): Promise<PeerCycle> {
  mkdirSync(dir, { recursive: true });
  const urlsFile = join(dir, 'urls');
  const conf = join(dir, 'config');
  const cache = join(dir, 'cache.db');
  writeFileSync(urlsFile, `${urls.join('\n')}\n`);
  writeFileSync(conf, 'reload-threads 16\n');
  // HOME too, so that nothing it keeps beside the cache (history, lock) lands in the bench's own home.
  const run = async () => {
    const out = await runMeasured('newsboat', ['-x', 'reload', '-u', urlsFile, '-c', cache, '-C', conf], { HOME: dir });
    if (out.code !== 0) throw new Error(`newsboat -x reload failed (${out.code}):\n${out.stderr}`);
    return out;
  };
  const cold = await run();
  const db = new Database(cache, { readonly: true });
  const items = (db.prepare('SELECT count(*) AS n FROM rss_item').get() as { n: number }).n;
  db.close();
  const dbMb = databaseFilesMb(cache);
  const warm = await run();
  return { version, cold: { ...cost(cold), items }, warm: cost(warm), dbMb };
}

/** A SQLite file with its WAL, MB. */
export function databaseFilesMb(file: string): number {
  return [file, `${file}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0) / 1e6;
}
