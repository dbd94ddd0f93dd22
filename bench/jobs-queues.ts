/**
 * pg-boss and graphile-worker side by side on this machine's PostgreSQL, the two job queues issue 16 allowed
 * (docs/job-queue.md records the figures and the choice). For each queue, in a database of its own:
 *
 * - throughput: `--jobs N` no-op jobs queued at once, then taken by one consumer running 8 at a time; jobs/s from the
 *   first taken to the last finished;
 * - pickup latency: one job sent every 250 ms to an idle consumer, `--samples N` times; ms from send to handler start.
 *
 * pg-boss is driven as src/cluster/refresh-queue.ts drives it (fetch as many as there are free slots, complete each,
 * ask again after 500 ms when the queue is empty); graphile-worker through its own runner (LISTEN/NOTIFY).
 *
 *   node --import tsx bench/jobs-queues.ts --jobs 2000 --samples 20 --rounds 3
 */
import { parseArgs } from 'node:util';
import { Logger, makeWorkerUtils, run as graphileRun } from 'graphile-worker';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { PG_ADMIN_URL, pgUrl } from './lib/engines.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '2000' },
    samples: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
  },
});
const JOBS = Number(values.jobs);
const SAMPLES = Number(values.samples);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = 8;

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function withDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  try {
    return await work(pgUrl(name));
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Result {
  jobsPerSecond: number;
  pickupMsMedian: number;
  pickupMsMax: number;
}

/** pg-boss: the loop refresh-queue.ts runs. */
async function pgBoss(url: string): Promise<Result> {
  const boss = new PgBoss({ connectionString: url, max: 3, schedule: false, supervise: false });
  boss.on('error', () => {});
  await boss.start();
  await boss.createQueue('bench', { name: 'bench', policy: 'short' });
  const started = new Map<string, number>();
  let done = 0;
  let stopping = false;
  const running = new Set<Promise<void>>();
  const loop = (async () => {
    while (!stopping) {
      const room = CONCURRENCY - running.size;
      if (room <= 0) {
        await Promise.race(running);
        continue;
      }
      const jobs = await boss.fetch<{ sent: number; key: string }>('bench', { batchSize: room });
      for (const job of jobs) {
        started.set(job.data.key, performance.now());
        const p: Promise<void> = boss.complete('bench', job.id).then(() => {
          done++;
          running.delete(p);
        });
        running.add(p);
      }
      if (jobs.length < room) await sleep(500);
    }
  })();
  const t0 = performance.now();
  // Keyed, as refresh jobs are (a `short` queue keeps one waiting job per key).
  await boss.insert(Array.from({ length: JOBS }, (_, i) => ({ name: 'bench', data: { sent: 0, key: `t${i}` }, singletonKey: `t${i}` })));
  while (done < JOBS) await sleep(10);
  const jobsPerSecond = JOBS / ((performance.now() - t0) / 1000);
  const pickups: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(250);
    const key = `p${i}`;
    const sent = performance.now();
    await boss.send('bench', { sent, key }, { singletonKey: key });
    while (!started.has(key)) await sleep(2);
    pickups.push(started.get(key)! - sent);
  }
  stopping = true;
  await loop;
  await boss.stop({ graceful: false, wait: true, close: true });
  return { jobsPerSecond, pickupMsMedian: median(pickups), pickupMsMax: Math.max(...pickups) };
}

/** graphile-worker: its runner, one task. */
async function graphile(url: string): Promise<Result> {
  const started = new Map<string, number>();
  let done = 0;
  // A pool of our own, ended by us: the runner leaves the pool it is given open.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {});
  const runner = await graphileRun({
    pgPool: pool,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: new Logger(() => () => {}),
    taskList: {
      bench: async (payload) => {
        started.set((payload as { key: string }).key, performance.now());
        done++;
      },
    },
  });
  const utils = await makeWorkerUtils({ pgPool: pool, logger: new Logger(() => () => {}) });
  const t0 = performance.now();
  // One statement for the batch, as pg-boss's insert.
  await utils.withPgClient((client) =>
    client.query(
      "SELECT graphile_worker.add_jobs(array_agg(ROW('bench', json_build_object('key', 't' || i), null, null, null, null, null, null)::graphile_worker.job_spec)) FROM generate_series(1, $1) i",
      [JOBS],
    ),
  );
  while (done < JOBS) await sleep(10);
  const jobsPerSecond = JOBS / ((performance.now() - t0) / 1000);
  const pickups: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(250);
    const key = `p${i}`;
    const sent = performance.now();
    await utils.addJob('bench', { key }, { jobKey: key });
    while (!started.has(key)) await sleep(2);
    pickups.push(started.get(key)! - sent);
  }
  await utils.release();
  await runner.stop();
  await pool.end();
  return { jobsPerSecond, pickupMsMedian: median(pickups), pickupMsMax: Math.max(...pickups) };
}

const results: Record<string, Result[]> = { 'pg-boss': [], 'graphile-worker': [] };
// Interleaved rounds, so that a burst of load from elsewhere on the machine falls on both.
for (let round = 0; round < ROUNDS; round++) {
  results['pg-boss']!.push(await withDatabase(`huiju_jobs_boss_${process.pid}`, pgBoss));
  results['graphile-worker']!.push(await withDatabase(`huiju_jobs_graphile_${process.pid}`, graphile));
}
for (const [queue, rs] of Object.entries(results)) {
  console.log(
    JSON.stringify({
      queue,
      jobs: JOBS,
      concurrency: CONCURRENCY,
      rounds: rs.length,
      jobsPerSecond: Math.round(median(rs.map((r) => r.jobsPerSecond))),
      pickupMsMedian: Math.round(median(rs.map((r) => r.pickupMsMedian))),
      pickupMsMax: Math.round(Math.max(...rs.map((r) => r.pickupMsMax))),
    }),
  );
}
