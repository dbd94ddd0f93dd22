import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, tempDir, waitFor, writeConfig } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { bigFeed, TAGS } from './big-feeds.ts';

/**
 * `huiju serve` and a manual `huiju fetch` on one SQLite file, both storing at once. Before the write queue retried a
 * busy lock from a timer, the second writer waited in SQLite's busy handler for 5 s and then failed its batch with
 * `database is locked`: 36 of 50 sources lost by fetch, 35 by serve.
 */
const FEEDS = 50;
const ITEMS = 150;

let feeds: FixtureServer;
let dir: string;
let config: string;

beforeAll(async () => {
  const routes: Record<string, { body: string }> = {};
  for (let i = 0; i < FEEDS; i++) routes[`/f${i}.xml`] = { body: bigFeed(i, ITEMS) };
  feeds = await startFixtureServer(routes);
  dir = tempDir('huiju-two-writers-');
  config = writeConfig(dir, {
    sources: Array.from({ length: FEEDS }, (_, i) => ({ id: `f${i}`, name: `Feed ${i}`, url: `${feeds.url}/f${i}.xml` })),
    tags: TAGS,
  });
});

afterAll(() => feeds?.close());

describe('two huiju processes writing one SQLite file', () => {
  it('serve (its start-up cycle) and a manual fetch both finish every source', { timeout: 180_000 }, async () => {
    const db = join(dir, 'huiju.db');
    const serve = await startServe(['--config', config, '--db', db]);
    try {
      // At once, while serve's own start-up cycle is storing the same feeds.
      const manual = await runCli(['fetch', '--config', config, '--db', db]);
      expect(manual.stderr).not.toMatch(/locked|busy/i);
      expect(manual.code).toBe(0);
      const lines = manual.stdout.trim().split('\n');
      expect(lines).toHaveLength(FEEDS);
      expect(lines.filter((l) => l.includes('FAILED'))).toEqual([]);

      const sources = await waitFor(async () => {
        const list = (await (await fetch(`${serve.url}/api/sources`)).json()) as { id: string; status: string; lastError: string | null }[];
        return list.every((s) => s.status !== 'pending') && list;
      }, 120_000);
      expect(sources.filter((s) => s.status !== 'ok').map((s) => `${s.id}: ${s.lastError}`)).toEqual([]);
      expect(serve.output()).not.toMatch(/database is locked|fetch failed/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    // Every item stored once, whichever process stored it first.
    const check = new Database(db, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM items').pluck().get()).toBe(FEEDS * ITEMS);
      expect(check.prepare('SELECT count(*) FROM (SELECT 1 FROM items GROUP BY source_id, item_key HAVING count(*) > 1)').pluck().get()).toBe(0);
    } finally {
      check.close();
    }
  });
});
