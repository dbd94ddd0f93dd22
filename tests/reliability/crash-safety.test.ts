import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { connectSql, fileDatabases, TEST_ENGINE } from '../helpers/store.ts';
import { INGEST_CHUNK } from '../../src/pipeline/ingest.ts';
import { bigFeed, TAGS } from './big-feeds.ts';
import { checkDatabase, type DbReport } from './consistency.ts';
import { logLines } from './logs.ts';

/** Each round is a start-up and a partial cycle: smaller on PostgreSQL, where storing takes a round trip a statement. */
const FEEDS = TEST_ENGINE === 'postgres' ? 15 : 30;
const ITEMS = 100;
const ROUNDS = TEST_ENGINE === 'postgres' ? 8 : 15;

let feeds: FixtureServer;
let config: string;
const database = fileDatabases();

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
});

interface Run {
  killed: boolean;
  /** Since the start: when the first source was stored (its `fetched` log line), and when the run ended. */
  firstStoredMs: number | null;
  endedMs: number;
  stdout: string;
  stderr: string;
}

/**
 * Start `huiju fetch` and SIGKILL it at a moment `kill` picks: so long after the start, or so long after it stored its
 * first source (whatever start-up cost on a loaded machine); says whether it was still running (so really killed).
 */
function fetchAndKill(db: string, kill: { afterStartMs: number } | { afterFirstStoredMs: number } | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, 'fetch', '--config', config, '--db', db], { env: { ...process.env, LOG_LEVEL: 'info' } });
    let stdout = '';
    let stderr = '';
    let firstStoredMs: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    const killIn = (ms: number) => (timer = setTimeout(() => child.kill('SIGKILL'), ms));
    if (kill && 'afterStartMs' in kill) killIn(kill.afterStartMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (firstStoredMs === null && logLines(stderr).some((l) => l.msg === 'fetched')) {
        firstStoredMs = Date.now() - started;
        if (kill && 'afterFirstStoredMs' in kill) killIn(kill.afterFirstStoredMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', firstStoredMs, endedMs: Date.now() - started, stdout, stderr });
    });
  });
}

/** Articles (canonical URLs) whose copies ended up in more than one story. */
async function storiesSplittingOneUrl(location: string): Promise<number> {
  const db = connectSql(location);
  try {
    return Number(
      await db.value('SELECT count(*) FROM (SELECT canonical_url FROM items WHERE canonical_url IS NOT NULL GROUP BY canonical_url HAVING count(DISTINCT story_id) > 1) d'),
    );
  } finally {
    await db.close();
  }
}

function expectConsistent(report: DbReport, when: string) {
  expect(report.integrity, when).toBe('ok');
  expect(report.broken, when).toEqual({});
}

describe('kill -9 in the middle of a fetch cycle', () => {
  it(`leaves no corruption, no duplicate and no half-written story, ${ROUNDS} times over, and a restart completes the work`, async () => {
    // A clean run, for the counts a crash must not change, and for when storing starts and ends here.
    const cleanDb = await database();
    const clean = await fetchAndKill(cleanDb, null);
    expect(clean.killed).toBe(false);
    expect(clean.stdout).not.toMatch(/FAILED/);
    expect(clean.stdout.trim().split('\n')).toHaveLength(FEEDS);
    const cleanReport = await checkDatabase(cleanDb);
    expectConsistent(cleanReport, 'clean run');
    expect(cleanReport.counts.items).toBe(FEEDS * ITEMS);
    expect(cleanReport.counts.stories).toBeLessThan(cleanReport.counts.items); // wire stories have two copies
    const firstStoredMs = clean.firstStoredMs!;
    expect(firstStoredMs).toBeGreaterThan(0);

    // Kill moments in a scrambled but repeatable order: a third of them during start-up and fetching (before anything
    // is stored), the rest while sources are being stored: in the first half of it (a database already holding some
    // items finishes sooner), and at most 4 s into it (which bounds the test's time on a slow machine). Timed from the
    // first source stored, not from the start, so a slow start-up does not use up the window.
    const storingMs = Math.min((clean.endedMs - firstStoredMs) / 2, 4_000);
    const killAt = (k: number) => {
      const spread = (((k * 7) % ROUNDS) + 0.5) / ROUNDS;
      return k % 3 === 0 ? { afterStartMs: Math.round(firstStoredMs * spread) } : { afterFirstStoredMs: Math.round(storingMs * spread) };
    };
    let db = await database();
    const itemsAfterKill: number[] = [];
    let killed = 0;
    for (let k = 0; k < ROUNDS; k++) {
      // Once a database holds most of the items a kill has little left to interrupt: start over with an empty one.
      if ((itemsAfterKill.at(-1) ?? 0) >= (FEEDS * ITEMS) / 2) db = await database();
      const when = killAt(k);
      const round = await fetchAndKill(db, when);
      if (round.killed) killed++;
      else expect(logLines(round.stderr).filter((l) => l.level >= 50), `round ${k} exited by itself`).toEqual([]);
      const report = await checkDatabase(db);
      expectConsistent(report, `after a kill at ${JSON.stringify(when)} (round ${k})`);
      itemsAfterKill.push(report.counts.items);
      // One transaction per chunk of a source's document: after a kill, a source has whole chunks of it, never part of one.
      expect(Object.values(report.itemsPerSource).filter((n) => n !== ITEMS && n % INGEST_CHUNK !== 0), `round ${k}`).toEqual([]);
    }
    // The rounds really interrupted work: most runs were killed, and some left a partly stored cycle behind.
    expect(killed).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(itemsAfterKill.some((n) => n > 0 && n < FEEDS * ITEMS), `items after each kill: ${itemsAfterKill.join(', ')}`).toBe(true);

    const restart = await runCli(['fetch', '--config', config, '--db', db]);
    expect(restart.code).toBe(0);
    expect(restart.stdout).not.toMatch(/FAILED/);
    const final = await checkDatabase(db);
    expectConsistent(final, 'after the restart');
    // Every item, tagged as in the clean run. How near-duplicates cluster into stories depends on the order items were
    // stored in (and concurrent fetches store in no fixed order), so story counts are not compared; but no crash may
    // split the copies of one article between stories.
    expect({ items: final.counts.items, itemTags: final.counts.itemTags }).toEqual({ items: cleanReport.counts.items, itemTags: cleanReport.counts.itemTags });
    expect(final.itemsPerSource).toEqual(cleanReport.itemsPerSource);
    expect(await storiesSplittingOneUrl(cleanDb)).toBe(0);
    expect(await storiesSplittingOneUrl(db)).toBe(0);
  }, 300_000);
});
