import type { Config } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { formatRetentionReport, pruneExpired, type RetentionOptions, type RetentionReport } from '../store/retention.ts';

const DAY_MS = 24 * 3600_000;

export function retentionOptionsFrom(config: Config, now: Date): RetentionOptions {
  const priorities = new Map(config.sources.map((s) => [s.id, s.priority]));
  return { days: config.retention.days, now, priorityOf: (id) => priorities.get(id) ?? 0 };
}

/** One retention run with the config in force; logs its outcome and never throws (a failed prune retries next day). */
export function runRetention(db: Db, config: Config, log: Logger, now = new Date()): RetentionReport | null {
  try {
    const report = pruneExpired(db, retentionOptionsFrom(config, now));
    log.info({ retention: report }, formatRetentionReport(report));
    return report;
  } catch (err) {
    log.error({ err: (err as Error).message }, 'retention failed');
    return null;
  }
}

/**
 * Run `job` once after `firstDelay` resolves, then every `intervalMs` (a day). Timers are unref'd: they never keep the
 * process alive, and `stop` cancels the next run.
 */
export function startDailyJob(job: () => void, firstDelay: Promise<unknown>, intervalMs = DAY_MS): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    job();
    timer = setTimeout(tick, intervalMs).unref();
  };
  void firstDelay.finally(tick);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
