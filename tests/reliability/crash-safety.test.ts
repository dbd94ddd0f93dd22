import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';
import { bigFeed, TAGS } from './big-feeds.ts';
import { checkDatabase, type DbReport } from './consistency.ts';

const FEEDS = 30;
const ITEMS = 100;
const ROUNDS = 15;

let feeds: FixtureServer;
let config: string;
const databases: TestDatabase[] = [];
const database = async () => {
  const db = await newDatabase();
  databases.push(db);
  return db;
};

beforeAll(async () => {
  const routes: Record<string, { body: string }> = {};
  for (let i = 0; i < FEEDS; i++) routes[`/f${i}.xml`] = { body: bigFeed(i, ITEMS) };
  feeds = await startFixtureServer(routes);
  config = writeConfig(tempDir('huiju-crash-'), {
    sources: Array.from({ length: FEEDS }, (_, i) => ({ id: `f${i}`, name: `Feed ${i}`, url: `${feeds.url}/f${i}.xml` })),
    tags: TAGS,
  });
});

afterAll(async () => {
  await feeds?.close();
  for (const db of databases) await db.drop();
});

/** Start `huiju fetch` and SIGKILL it after `delayMs`; says whether it was still running (so really killed). */
function fetchAndKill(db: string, delayMs: number): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'fetch', '--config', config, '--db', db], { env: { ...process.env, LOG_LEVEL: 'error' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', stderr });
    });
  });
}

function expectConsistent(report: DbReport, when: string) {
  expect(report.integrity, when).toBe('ok');
  expect(report.broken, when).toEqual({});
}

describe('kill -9 in the middle of a fetch cycle', () => {
  it(`leaves no corruption, no duplicate and no half-written story, ${ROUNDS} times over, and a restart completes the work`, async () => {
    // A clean run, for the counts a crash must not change, and for how long a cycle takes here.
    const cleanDb = (await database()).location;
    const started = Date.now();
    const clean = await runCli(['fetch', '--config', config, '--db', cleanDb]);
    const cycleMs = Date.now() - started;
    expect(clean.code).toBe(0);
    expect(clean.stdout).not.toMatch(/FAILED/);
    const cleanReport = await checkDatabase(cleanDb);
    expectConsistent(cleanReport, 'clean run');
    expect(cleanReport.counts.items).toBe(FEEDS * ITEMS);
    expect(cleanReport.counts.stories).toBeLessThan(cleanReport.counts.items); // wire stories have two copies

    // Kills within the first few seconds already hit start-up, fetching and ingest; capping the window keeps the
    // test's total time bounded on a slow machine.
    const killWindowMs = Math.min(cycleMs, 4_000);
    // Kill moments spread over the whole cycle (start-up, fetching, ingesting), in a scrambled but repeatable order.
    let db = (await database()).location;
    const itemsAfterKill: number[] = [];
    let killed = 0;
    for (let k = 0; k < ROUNDS; k++) {
      // Once a database holds everything a kill has nothing left to interrupt: start over with an empty one.
      if (itemsAfterKill.at(-1) === FEEDS * ITEMS) db = (await database()).location;
      const delayMs = Math.round(150 + (killWindowMs * (((k * 7) % ROUNDS) + 0.5)) / ROUNDS);
      const round = await fetchAndKill(db, delayMs);
      if (round.killed) killed++;
      else expect(round.stderr, `round ${k} exited by itself`).toBe('');
      const report = await checkDatabase(db);
      expectConsistent(report, `after a kill at ${delayMs} ms (round ${k})`);
      itemsAfterKill.push(report.counts.items);
      // One transaction per source's batch: after a kill, a source has all of its items or none.
      expect(Object.values(report.itemsPerSource).filter((n) => n !== ITEMS), `round ${k}`).toEqual([]);
    }
    // The rounds really interrupted work: most runs were killed, and some left a partly stored cycle behind.
    expect(killed).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(itemsAfterKill.some((n) => n > 0 && n < FEEDS * ITEMS)).toBe(true);

    const restart = await runCli(['fetch', '--config', config, '--db', db]);
    expect(restart.code).toBe(0);
    expect(restart.stdout).not.toMatch(/FAILED/);
    const final = await checkDatabase(db);
    expectConsistent(final, 'after the restart');
    expect(final.counts).toEqual(cleanReport.counts);
    expect(final.itemsPerSource).toEqual(cleanReport.itemsPerSource);
  }, 120_000);
});
