import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRefreshQueue, type RefreshJob, type RefreshQueue } from '../../src/cluster/refresh-queue.ts';
import { validateConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/log.ts';
import { waitFor } from '../helpers/cli.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';

/** The pg-boss queue of refresh jobs, on a real database. */
const config = (() => {
  const r = validateConfig({ sources: [{ id: 'a', name: 'A', url: 'http://127.0.0.1:9/a.xml' }] });
  if (!r.ok) throw new Error('bad config');
  return r.config;
})();
const source = config.sources[0]!;

let database: TestDatabase;
let queues: RefreshQueue[] = [];

beforeAll(async () => {
  database = await newDatabase('postgres');
});

afterAll(async () => {
  for (const q of queues) await q.stop(0);
  await database?.drop();
});

describe('the refresh queue', () => {
  // Separate worker processes starting together deadlocked in pg-boss's create_queue (seen in bench/jobs-workers.ts);
  // four queues opened at once in one process seldom reproduce that, so this checks opening together, not the retry.
  it('opens on a new database from several workers starting at once', async () => {
    queues = await Promise.all(Array.from({ length: 4 }, () => openRefreshQueue(database.location, { leaseSeconds: 8 }, silentLogger)));
    expect(queues).toHaveLength(4);
  });

  it('keeps one waiting refresh per source, runs it on one worker, and retries a job whose handler threw', async () => {
    const [leader, w1, w2] = queues as [RefreshQueue, RefreshQueue, RefreshQueue];
    expect(await leader.enqueue(source, false)).toBe(true);
    expect(await leader.enqueue(source, true)).toBe(false);
    const runs: { worker: number; job: RefreshJob }[] = [];
    const handler = (worker: number) => async (job: RefreshJob) => {
      runs.push({ worker, job });
      if (runs.length === 1) throw new Error('the database went away');
    };
    w1.work(2, handler(1));
    w2.work(2, handler(2));
    // The first attempt fails; the retry (after a quarter lease, 2 s) succeeds.
    await waitFor(async () => runs.length >= 2, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.job.data)).toEqual([
      { sourceId: 'a', redefined: false, definition: JSON.stringify(source) },
      { sourceId: 'a', redefined: false, definition: JSON.stringify(source) },
    ]);
    expect(runs.map((r) => r.job.retryCount)).toEqual([0, 1]);
    // Done: a new refresh of the source may be queued again.
    expect(await leader.enqueue(source, false)).toBe(true);
  });
});
