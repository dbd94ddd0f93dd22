import cron, { type ScheduledTask } from 'node-cron';
import type { ResolvedSource } from '../config/schema.ts';

const tasks = new Map<string, ScheduledTask>();

/**
 * When a source's cron schedule next fires, computed without scheduling anything: a web replica shows it in
 * /api/sources and on the sources page while the cluster's leader (another process) keeps the schedule itself.
 */
export function nextCronRun(source: Pick<ResolvedSource, 'schedule' | 'timezone'>, now = new Date()): Date | null {
  const key = `${source.schedule}\n${source.timezone}`;
  let task = tasks.get(key);
  if (!task) {
    // createTask builds a stopped task: nothing runs, it only answers getNextRun.
    task = cron.createTask(source.schedule, () => {}, { timezone: source.timezone });
    tasks.set(key, task);
  }
  const next = task.getNextRun();
  return next && next.getTime() >= now.getTime() ? next : null;
}
