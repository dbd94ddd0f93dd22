import type { Config } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import { DAY_MS } from '../time.ts';
import type { RetentionOptions, RetentionReport, Store } from '../store/store.ts';

export function retentionOptionsFrom(config: Config, now: Date): RetentionOptions {
  return { days: config.retention.days, now, priorityOf: config.priorityOf };
}

/** The line `huiju prune` prints and `huiju serve` logs. */
export function formatRetentionReport(r: RetentionReport): string {
  return `pruned ${r.items} items (${r.storiesDeleted} stories removed, ${r.storiesUpdated} updated), ${r.tombstonesExpired} tombstones expired, ${Math.round(r.freedBytes / 1024)} KiB freed`;
}

/** One retention run with the config in force; logs its outcome and never throws (a failed prune retries next day). */
export async function runRetention(store: Store, config: Config, log: Logger, now = new Date()): Promise<RetentionReport | null> {
  try {
    const report = await store.prune(retentionOptionsFrom(config, now));
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
export function startDailyJob(job: () => unknown, firstDelay: Promise<unknown>, intervalMs = DAY_MS): { stop(): void } {
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
