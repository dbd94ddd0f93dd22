import type { Config, ResolvedSource } from '../config/schema.ts';
import type { Logger } from '../log.ts';
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
export type Skipped = 'not in config' | 'fetched since queued';

/** The source a job names, in this worker's own config; enabled. */
function sourceIn(config: Config, id: string): ResolvedSource | undefined {
  return config.sources.find((s) => s.id === id && s.enabled);
}

/**
 * One refresh job on a worker. The worker's own feeds.json decides what is fetched: a source it no longer has (or
 * has disabled) is not fetched, whatever the queue says. A source is refreshed while this worker holds its session
 * lock, so no two workers fetch it at once (a duplicate or retried job of a source being fetched fails, and is retried
 * later); and not at all if a refresh of it began after the job was queued (a dead worker's job, taken up again once
 * its lease ran out, after the leader had already queued and another worker fetched the source anew).
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
    const { lastFetchAt } = await deps.store.getSourceState(sourceId);
    if (!job.data.redefined && lastFetchAt && Date.parse(lastFetchAt) >= job.createdOn.getTime()) {
      deps.log.debug({ source: sourceId }, 'already fetched since this job was queued');
      return 'fetched since queued';
    }
    await deps.refresh(source, job.data.redefined);
    return undefined;
  } finally {
    await deps.locks.unlock(LOCK_NAMESPACE.source, key);
  }
}
