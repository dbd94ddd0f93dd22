import type { Config, ResolvedSource } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import { isDue } from '../scheduler/due.ts';
import type { Store } from '../store/store.ts';
import { LOCK_NAMESPACE, lockKey, type SessionLocks } from '../store/postgres/session-locks.ts';
import { definitionOf, type RefreshJob } from './refresh-queue.ts';

export interface RefreshJobDeps {
  store: Store;
  locks: SessionLocks;
  log: Logger;
  /** This worker's config in force. */
  config: () => Config;
  /** Read feeds.json again now (the leader saw a change this worker's watcher has not yet); null when invalid. */
  reloadConfig: () => Config | null;
  /** The refresh itself (pipeline/refresh.ts, with this worker's limiter and fetch options). */
  refresh: (source: ResolvedSource, redefined: boolean) => Promise<unknown>;
}

/** Why a job ended without fetching; undefined when it fetched. */
export type Skipped = 'not in config' | 'not due';

/** The source a job names, in this worker's own config; enabled. */
function sourceIn(config: Config, id: string): ResolvedSource | undefined {
  return config.sources.find((s) => s.id === id && s.enabled);
}

/**
 * One refresh job on a worker. The worker's own feeds.json decides what is fetched: a source it no longer has (or
 * has disabled) is not fetched, whatever the queue says. A source is refreshed while this worker holds its session
 * lock, so no two workers fetch it at once (a duplicate or retried job of a source being fetched fails, and is retried
 * later); and only if it is still due once that lock is held: another worker may have refreshed it since the job was
 * queued (a dead worker's job taken up again once its lease ran out, after a new leader had queued the source anew),
 * and its backoff or a server's Retry-After, which every worker reads from the database, may hold it back.
 */
export async function runRefreshJob(job: RefreshJob, deps: RefreshJobDeps): Promise<Skipped | undefined> {
  const { sourceId } = job.data;
  let source = sourceIn(deps.config(), sourceId);
  if (source && definitionOf(source) !== job.data.definition) source = sourceIn(deps.reloadConfig() ?? deps.config(), sourceId);
  if (!source) {
    deps.log.info({ source: sourceId }, 'source no longer in the config: not fetched');
    return 'not in config';
  }
  const key = lockKey(sourceId);
  if (!(await deps.locks.tryLock(LOCK_NAMESPACE.source, key))) throw new Error(`source ${sourceId} is being fetched by another worker`);
  try {
    const { nextFetchAt } = await deps.store.getSourceState(sourceId);
    if (!job.data.redefined && !isDue(source, nextFetchAt ? new Date(nextFetchAt) : null, Date.now())) {
      deps.log.debug({ source: sourceId, nextFetchAt }, 'not due (fetched since it was queued, or held back): not fetched');
      return 'not due';
    }
    await deps.refresh(source, job.data.redefined);
    return undefined;
  } finally {
    await deps.locks.unlock(LOCK_NAMESPACE.source, key);
  }
}
