import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteQueue } from '../../src/store/sqlite/write-queue.ts';
import { runCli, startServe, waitFor, writeConfig } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';

// Issue 17.2: a database on a disk that fills up. A real small tmpfs, really full: SQLite's own limits
// (max_page_count) fail in other places than a disk does (they never fail a checkpoint, or the -shm file).
// Needs root for mount; without it these tests are skipped with the reason printed. SQLite only: the PostgreSQL
// server's disk is its own (tests/reliability/disk-full-postgres.test.ts maps its disk_full error).

const root = mkdtempSync(join(tmpdir(), 'huiju-diskfull-'));
const mounted: string[] = [];
let cannotMount = '';

/** A 5 MB tmpfs of its own, or null (and the reason in `cannotMount`) when this machine will not mount one. */
function smallDisk(name: string): string | null {
  const dir = join(root, name);
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    cannotMount = `cannot mount a tmpfs (${(err as Error).message.split('\n')[0]}): run as root to test a full disk`;
    return null;
  }
  mounted.push(dir);
  return dir;
}

const probe = process.env.HUIJU_TEST_ENGINE === 'postgres' ? null : smallDisk('probe');
if (!probe && process.env.HUIJU_TEST_ENGINE !== 'postgres') console.warn(`SKIPPING the disk-full tests: ${cannotMount}`);

const freeBytes = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

/** Fill what is left of the disk with a plain file, but `leave` bytes. */
function fillDisk(dir: string, leave: number): string {
  const file = join(dir, 'filler');
  writeFileSync(file, Buffer.alloc(Math.max(0, freeBytes(dir) - leave)));
  return file;
}

let feeds: FixtureServer;
let n = 0;
/** Ten new stories a fetch, each with a body of random text (it compresses to nothing and indexes to much). */
const growingFeed = () => {
  const items = Array.from({ length: 10 }, () => {
    const k = ++n;
    return { title: `第 ${k} 条 人工智能`, link: `https://example.com/s/${k}`, description: randomBytes(1500).toString('base64'), date: new Date() };
  });
  return rss('Growing', items);
};

beforeAll(async () => {
  feeds = await startFixtureServer({ '/grow.xml': { body: growingFeed } });
});

afterAll(async () => {
  await feeds?.close();
  for (const dir of mounted) {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

const countItems = (file: string, where = '1') => {
  const db = new Database(file);
  // Reads on a full disk: the -shm file cannot be made there (src/store/sqlite/db.ts).
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    return db.prepare(`SELECT count(*) FROM items WHERE ${where}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe.skipIf(!probe)('a SQLite database on a disk that fills up', () => {
  it('huiju serve stays up, says "disk full" in /healthz, /api/sources and the log, and writes again once there is room', async () => {
    const disk = smallDisk('serve')!;
    const db = join(disk, 'huiju.db');
    const config = writeConfig(root, {
      sources: [{ id: 'grow', name: 'Growing', url: `${feeds.url}/grow.xml`, schedule: '* * * * * *' }],
      // Every second, and back off at most four seconds: the test waits for retries.
      fetch: { minIntervalMinutes: 0.01, maxIntervalHours: 0.001 },
    }, 'serve.json');
    const huiju = await startServe(['--config', config, '--db', db]);
    try {
      // The first fetch made the database (and its reserve); leave it a little room, which the next fetches fill.
      await waitFor(async () => (await api(huiju.url)).sources[0]?.itemCount);
      const filler = fillDisk(disk, 256 * 1024);
      const full = await waitFor(async () => {
        expect(huiju.child.exitCode, huiju.output()).toBeNull();
        const h = await api(huiju.url);
        return h.health.database.startsWith('disk full') ? h : null;
      }, 60_000);
      expect(full.healthStatus).toBe(200);
      expect(full.health).toMatchObject({ status: 'degraded', database: expect.stringContaining(db) });
      expect((await fetch(`${huiju.url}/readyz`)).status).toBe(503);
      expect(full.sources[0]!.lastError).toMatch(/^disk full: /);
      // The log line is written when the refresh's failure reaches the runner, which can come a moment after the store
      // has marked itself full (what /healthz reads): wait for it rather than race it.
      const logged = /"err":"disk full: the SQLite database [^"]*huiju\.db cannot grow/;
      await waitFor(async () => logged.test(huiju.output()), 10_000).catch(() => {});
      expect(huiju.output()).toMatch(logged);
      // Still serving what it has.
      const stored = full.sources[0]!.itemCount;
      const page = await fetch(`${huiju.url}/feed.xml`);
      expect(page.status).toBe(200);
      expect((await page.text()).match(/<item>/g)?.length).toBeGreaterThan(0);

      // It keeps trying: once there is room again, the next fetch is stored and health is back to ok.
      const hits = feeds.hits.length;
      await waitFor(async () => feeds.hits.length > hits, 30_000);
      expect(huiju.child.exitCode).toBeNull();
      rmSync(filler);
      const recovered = await waitFor(async () => {
        const h = await api(huiju.url);
        return h.health.database === 'ok' && h.sources[0]!.lastError === null ? h : null;
      }, 30_000);
      expect(recovered.sources[0]!.itemCount).toBeGreaterThan(stored);
      await huiju.stop();
      expect(countItems(db)).toBeGreaterThanOrEqual(recovered.sources[0]!.itemCount);
    } finally {
      await huiju.stop();
    }
  });

  it('huiju fetch says "disk full" and exits 1; huiju prune then works on the full disk and loses nothing else', async () => {
    const disk = smallDisk('cli')!;
    const db = join(disk, 'huiju.db');
    const config = writeConfig(root, { sources: [{ id: 'grow', name: 'Growing', url: `${feeds.url}/grow.xml` }], retention: { days: 30 } }, 'cli.json');
    for (let i = 0; i < 3; i++) expect((await runCli(['fetch', '--config', config, '--db', db])).code).toBe(0);
    // The first fetches' items are old enough for retention.
    const old = new Database(db);
    old.prepare("UPDATE items SET first_seen_at = '2020-01-01T00:00:00.000Z'").run();
    old.close();
    const oldItems = countItems(db);
    // A little room left, which the next fetches fill.
    const filler = fillDisk(disk, 256 * 1024);

    let result = await runCli(['fetch', '--config', config, '--db', db]);
    for (let i = 0; i < 20 && result.code === 0; i++) result = await runCli(['fetch', '--config', config, '--db', db]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^huiju: disk full: the SQLite database ${db} cannot grow \\(database or disk is full\\); free space on that disk, or run \`huiju prune\`$`, 'm'));
    expect(result.stdout).toMatch(/grow\s+FAILED\s+disk full: /);
    // Whatever else may be using the disk has taken the rest too.
    rmSync(filler);
    fillDisk(disk, 0);
    expect(freeBytes(disk)).toBeLessThan(64 * 1024);
    const before = countItems(db);
    const size = () => ['', '-wal', '-shm'].reduce((sum, end) => sum + (existsSync(db + end) ? statSync(db + end).size : 0), 0);
    const sizeBefore = size();

    const pruned = await runCli(['prune', '--config', config, '--db', db]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toMatch(new RegExp(`^pruned ${oldItems} items`));
    // The freed pages went back to the file system, and only the old items went.
    expect(size()).toBeLessThan(sizeBefore - 256 * 1024);
    expect(countItems(db)).toBe(before - oldItems);
    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    // And fetching works again.
    expect((await runCli(['fetch', '--config', config, '--db', db])).code).toBe(0);
  });

  it('a write that fills the disk fails alone: the write queue goes on with the next', { timeout: 30_000 }, async () => {
    const disk = smallDisk('queue')!;
    const db = new Database(join(disk, 'q.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)');
    // A small page cache: a unit's pages spill to the WAL while it runs, so the full disk fails one of its statements
    // (not its commit), and SQLite then rolls back the whole transaction by itself.
    db.pragma('cache_size = -64');
    const queue = new WriteQueue(db, { onRollback: () => {} });
    // Settles, or says it never did (before the fix, the flush threw and left its units waiting for ever).
    const insert = (bytes: number, rows = 1) =>
      Promise.race([
        queue.run(async () => {
          for (let i = 0; i < rows; i++) db.prepare('INSERT INTO t (b) VALUES (randomblob(?))').run(bytes);
          return rows;
        }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('the write never settled')), 10_000)),
      ]);
    await insert(10);
    // Room given back after the failure.
    const ballast = join(disk, 'ballast');
    writeFileSync(ballast, Buffer.alloc(1024 * 1024, 1));
    // Units of a megabyte until one fails.
    let failure: unknown;
    for (let i = 0; i < 20 && !failure; i++) await insert(100_000, 10).catch((err: unknown) => (failure = err));
    expect(failure).toMatchObject({ code: 'SQLITE_FULL' });
    const rows = db.prepare('SELECT count(*) FROM t').pluck().get() as number;
    // SQLite rolled that whole transaction back by itself; the queue is still usable once there is room.
    expect(db.inTransaction).toBe(false);
    rmSync(ballast);
    await expect(insert(10)).resolves.toBe(1);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(rows + 1);
    db.close();
  });
});

interface ApiSource {
  itemCount: number;
  lastError: string | null;
}

async function api(url: string) {
  const res = await fetch(`${url}/healthz`);
  const health = (await res.json()) as { status: string; database: string };
  const sources = (await (await fetch(`${url}/api/sources`)).json()) as ApiSource[];
  return { healthStatus: res.status, health, sources };
}
