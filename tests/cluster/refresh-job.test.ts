import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRefreshJob, type RefreshJobDeps } from '../../src/cluster/refresh-job.ts';
import { definitionOf, type RefreshJob } from '../../src/cluster/refresh-queue.ts';
import { validateConfig } from '../../src/config/load.ts';
import type { Config, ResolvedSource } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/log.ts';
import { LOCK_NAMESPACE, lockKey, SessionLocks } from '../../src/store/postgres/session-locks.ts';
import { runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

/** A refresh job as a worker runs it, against real PostgreSQL locks and a real store; the fetch itself is recorded. */
function configOf(sources: object[]): Config {
  const result = validateConfig({ sources });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const A = { id: 'a', name: 'A', url: 'http://127.0.0.1:9/a.xml' };
const B = { id: 'b', name: 'B', url: 'http://127.0.0.1:9/b.xml' };

let t: TestStore;
let locks: SessionLocks;
let rival: SessionLocks;

beforeAll(async () => {
  t = await openTestStore();
  locks = new SessionLocks(t.location);
  rival = new SessionLocks(t.location);
});

afterAll(async () => {
  await locks?.close();
  await rival?.close();
  await t?.close();
});

function jobFor(source: ResolvedSource, over: Partial<RefreshJob['data']> = {}): RefreshJob {
  return { id: 'j', data: { sourceId: source.id, redefined: false, definition: definitionOf(source), ...over }, createdOn: new Date(), retryCount: 0 };
}

function deps(config: Config, fetched: string[], reloaded: Config | null = null): RefreshJobDeps {
  return {
    store: t.store,
    locks,
    log: silentLogger,
    config: () => config,
    reloadConfig: () => reloaded,
    refresh: async (source) => {
      fetched.push(source.url);
    },
  };
}

describe('a refresh job on a worker', () => {
  it('is not fetched when the worker’s own config no longer has the source, or has it disabled', async () => {
    const before = configOf([A, B]);
    const fetched: string[] = [];
    const job = jobFor(before.sources[1]!);
    expect(await runRefreshJob(job, deps(configOf([A]), fetched))).toBe('not in config');
    expect(await runRefreshJob(job, deps(configOf([A, { ...B, enabled: false }]), fetched))).toBe('not in config');
    expect(fetched).toEqual([]);
    expect(await runRefreshJob(job, deps(before, fetched))).toBeUndefined();
    expect(fetched).toEqual([B.url]);
  });

  it('fetches the source as the worker’s feeds.json defines it, reading the file again when the leader’s differs', async () => {
    const moved = configOf([{ ...A, url: 'http://127.0.0.1:9/moved.xml' }]);
    const fetched: string[] = [];
    // The leader already has the new URL; this worker's watcher has not yet seen the change: it reads the file now.
    await runRefreshJob(jobFor(moved.sources[0]!), deps(configOf([A]), fetched, moved));
    expect(fetched).toEqual(['http://127.0.0.1:9/moved.xml']);
  });

  it('fails (to be retried) while another worker holds the source, and fetches once it is let go', async () => {
    const config = configOf([A]);
    const fetched: string[] = [];
    expect(await rival.tryLock(LOCK_NAMESPACE.source, lockKey('a'))).toBe(true);
    await expect(runRefreshJob(jobFor(config.sources[0]!), deps(config, fetched))).rejects.toThrow(/being fetched by another worker/);
    expect(fetched).toEqual([]);
    await rival.unlock(LOCK_NAMESPACE.source, lockKey('a'));
    await runRefreshJob(jobFor(config.sources[0]!), deps(config, fetched));
    expect(fetched).toEqual([A.url]);
  });

  it('is not fetched when the source is not due: fetched since it was queued, or held back by its backoff or Retry-After', async () => {
    const config = configOf([A]);
    const fetched: string[] = [];
    const now = Date.now();
    await t.store.recordFailure('a', { at: new Date(now).toISOString(), error: '429', nextFetchAt: new Date(now + 3600_000).toISOString() });
    expect(await runRefreshJob(jobFor(config.sources[0]!), deps(config, fetched))).toBe('not due');
    // A redefined source is fetched at once, whatever the old definition's backoff.
    expect(await runRefreshJob(jobFor(config.sources[0]!, { redefined: true }), deps(config, fetched))).toBeUndefined();
    expect(fetched).toEqual([A.url]);
  });
});

describe('the cluster roles on SQLite', () => {
  it('huiju web and huiju worker exit 1 with one line saying the cluster needs PostgreSQL', async () => {
    const dir = tempDir('huiju-cluster-sqlite-');
    const config = writeConfig(dir, { sources: [A] });
    for (const role of ['web', 'worker']) {
      const r = await runCli([role, '--config', config, '--db', `${dir}/huiju.db`]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^huiju ${role}: the cluster needs PostgreSQL`))]);
    }
  });
});
