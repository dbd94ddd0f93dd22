import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, openSync, statSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, freePort, runCli, tempDir, waitFor, writeConfig } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';

// Issue 17.3: a database with a damaged page answered every route with a 500 while /healthz said "database": "ok".
// SQLite's own files: PostgreSQL keeps its pages to itself.

const remedy = (file: string) =>
  `: restore a backup (README "Backups"), or recover what is readable with sqlite3 ${file} ".recover" | sqlite3 new.db`;

let feeds: FixtureServer;
let dir: string;
let config: string;

beforeAll(async () => {
  feeds = await startFixtureServer({ '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') } });
  dir = tempDir('huiju-corrupt-');
  config = writeConfig(dir, { sources: [{ id: 'meituan', name: '美团技术团队', url: `${feeds.url}/meituan.xml` }] });
});

afterAll(async () => {
  await feeds?.close();
});

/** Overwrite bytes of a closed database with garbage, from `start` on. */
function scribble(file: string, start: number, length: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, start);
  } finally {
    closeSync(fd);
  }
}

/** The middle third of the file: the header and the schema page stay intact. */
const breakMiddle = (file: string) => scribble(file, Math.floor(statSync(file).size / 3 / 4096) * 4096, Math.floor(statSync(file).size / 3));

/** The page holding the items table's root: nothing huiju reads at start-up, every listing reads. */
function breakItemsPage(file: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'items'").pluck().get() as number;
  db.close();
  scribble(file, (root - 1) * pageSize + 16, pageSize - 32);
}

let filled: string;

/** A database huiju filled from a fixture feed, copied to `name` for a test to break. */
async function filledCopy(name: string): Promise<string> {
  if (!filled) {
    filled = join(dir, 'filled.db');
    const result = await runCli(['fetch', '--config', config, '--db', filled]);
    expect(result.code, result.stderr).toBe(0);
  }
  const file = join(dir, name);
  copyFileSync(filled, file);
  return file;
}

describe.skipIf(process.env.HUIJU_TEST_ENGINE === 'postgres')('a damaged SQLite database', () => {
  it('huiju serve on it: /healthz and /readyz say the database is corrupt, with a 503', async () => {
    const db = await filledCopy('damaged-items.db');
    breakItemsPage(db);

    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--config', config, '--db', db], {
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const health = await waitFor(async () => {
        if (child.exitCode !== null) return { exited: child.exitCode };
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          // The first poll starts the structure check on a thread of its own (sqlite/fault.ts); a later one has its verdict.
          return res.status === 503 && { status: res.status, body: (await res.json()) as { status: string; database: string } };
        } catch {
          return null;
        }
      }, 20_000);
      expect(health, output).toMatchObject({ status: 503, body: { status: 'error', database: expect.stringMatching(/^corrupt: /) } });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
  });

  it('huiju serve on a file whose start-up reads meet the damage: exit 1, one line naming the file and what to do', async () => {
    const db = await filledCopy('damaged-middle.db');
    breakMiddle(db);
    const result = await runCli(['serve', '--port', String(await freePort()), '--config', config, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`huiju: cannot open the SQLite database ${db}: database disk image is malformed${remedy(db)}`);
  });

  it('huiju fetch on a file that is not a database: exit 1, one line naming the file and what to do', async () => {
    const file = writeConfig(dir, 'these are not the pages you are looking for\n'.repeat(200), 'notadb.db');
    const result = await runCli(['fetch', '--config', config, '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`huiju: cannot open the SQLite database ${file}: file is not a database${remedy(file)}`);
  });
});
