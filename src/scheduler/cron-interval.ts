import cron from 'node-cron';

const cache = new Map<string, number>();

/** The usual gap between two runs of a cron schedule (e.g. 15 min for `*\/15 * * * *`), for backoff arithmetic. */
export function cronIntervalMs(expression: string, timezone: string): number {
  const key = `${expression}\n${timezone}`;
  let ms = cache.get(key);
  if (ms === undefined) {
    const task = cron.createTask(expression, () => {}, { timezone });
    const [a, b] = task.getNextRuns(2);
    void task.destroy();
    ms = a && b ? b.getTime() - a.getTime() : 15 * 60_000;
    cache.set(key, ms);
  }
  return ms;
}
