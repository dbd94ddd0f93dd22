import cron, { type ScheduledTask } from 'node-cron';
import type { Config, ResolvedSource } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { isDue as dueAt } from './due.ts';

export interface SchedulerDeps {
  /**
   * Refresh one source; must not throw (failures are recorded by the pipeline). `redefined`: its definition changed in
   * feeds.json since it was last fetched, so what was learnt from fetching the old one (validators, backoff) is moot.
   */
  refresh: (source: ResolvedSource, opts: { redefined: boolean }) => Promise<unknown>;
  /** The earliest time a source may be fetched again (backoff and server hints can hold it back past its cron tick). */
  nextFetchAt: (sourceId: string) => Promise<Date | null>;
  log: Logger;
  /** Random delay before each run, so sources on the same schedule do not all fire in the same second. */
  jitterMs?: number;
}

/** SchedulerDeps.nextFetchAt as the store keeps it: the source's next_fetch_at (backoff, Retry-After). */
export function storedNextFetchAt(store: Store): SchedulerDeps['nextFetchAt'] {
  return async (id) => {
    const next = (await store.getSourceState(id)).nextFetchAt;
    return next ? new Date(next) : null;
  };
}

interface Entry {
  source: ResolvedSource;
  task: ScheduledTask;
  /**
   * The source's definition changed since its last run began: its backoff and the server's hints were earned by the
   * old definition, so its next run ignores them (a fixed URL or encoding is fetched at once, not a day later).
   */
  redefined: boolean;
}

/** A source's definition as feeds.json gives it, resolved: any difference makes it a new source to the scheduler. */
const definition = (source: ResolvedSource): string => JSON.stringify(source);

/**
 * One node-cron task per enabled source. A source never runs twice at once; `update` applies a new config by adding,
 * removing and rescheduling only what changed.
 */
export function createScheduler(deps: SchedulerDeps) {
  const entries = new Map<string, Entry>();
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;

  /** A redefined source is due at once; any other when due.ts says so. */
  async function isDue(entry: Entry, now: number): Promise<boolean> {
    if (entry.redefined) return true;
    return dueAt(entry.source, await deps.nextFetchAt(entry.source.id), now);
  }

  function run(entry: Entry): Promise<unknown> {
    const { source } = entry;
    const inFlight = running.get(source.id);
    // A run of the old definition is under way: the new one is fetched as soon as it ends.
    if (inFlight) return entry.redefined ? inFlight.then(() => rerun(source.id)) : inFlight;
    if (stopped) return Promise.resolve();
    // Registered before the due check is awaited, so two ticks never both pass it.
    const p = (async () => {
      if (!(await isDue(entry, Date.now())) || stopped) return undefined;
      const redefined = entry.redefined;
      entry.redefined = false;
      return deps.refresh(source, { redefined });
    })()
      .catch((err: unknown) => deps.log.error({ source: source.id, err: (err as Error).message }, 'refresh could not start'))
      .finally(() => running.delete(source.id));
    running.set(source.id, p);
    return p;
  }

  function rerun(id: string): Promise<unknown> {
    const entry = entries.get(id);
    return entry?.redefined ? run(entry) : Promise.resolve();
  }

  function schedule(source: ResolvedSource, redefined: boolean): Entry {
    const task = cron.schedule(
      source.schedule,
      () => {
        const entry = entries.get(source.id);
        if (entry) void run(entry);
      },
      { name: `source:${source.id}`, timezone: source.timezone, noOverlap: true, maxRandomDelay: deps.jitterMs ?? 20_000 },
    );
    return { source, task, redefined };
  }

  return {
    /** Apply a config: start, stop and reschedule tasks so they match its enabled sources. */
    update(config: Config): void {
      const wanted = new Map(config.sources.filter((s) => s.enabled).map((s) => [s.id, s]));
      for (const [id, entry] of entries) {
        if (!wanted.has(id)) {
          void entry.task.destroy();
          entries.delete(id);
          deps.log.info({ source: id }, 'source unscheduled');
        }
      }
      for (const [id, source] of wanted) {
        const current = entries.get(id);
        const redefined = current !== undefined && definition(current.source) !== definition(source);
        if (redefined) deps.log.info({ source: id }, 'source definition changed: fetching it now, whatever its backoff');
        if (current && current.source.schedule === source.schedule && current.source.timezone === source.timezone) {
          current.source = source;
          current.redefined ||= redefined;
          continue;
        }
        if (current) void current.task.destroy();
        entries.set(id, schedule(source, redefined || (current?.redefined ?? false)));
        deps.log.info({ source: id, schedule: source.schedule }, current ? 'source rescheduled' : 'source scheduled');
      }
    },

    /** Fetch every scheduled source that is due now (start-up, and after a config change adds sources). */
    runDue(): Promise<unknown[]> {
      return Promise.all([...entries.values()].map((e) => run(e)));
    },

    nextRun(sourceId: string): Date | null {
      return entries.get(sourceId)?.task.getNextRun() ?? null;
    },

    /** Stop scheduling and wait (at most `graceMs`) for runs in flight to finish. */
    async stop(graceMs: number): Promise<void> {
      stopped = true;
      for (const entry of entries.values()) await entry.task.destroy();
      entries.clear();
      const pending = Promise.allSettled([...running.values()]);
      await Promise.race([pending, new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
  };
}
