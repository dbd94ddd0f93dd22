import type { Config, DigestConfig, OutputConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { PublishedDigest } from '../model/digest.ts';
import { composeDigest, digestFilter, dueDigest } from '../publish/digest.ts';
import type { Labels } from '../publish/entry.ts';
import type { Store } from '../store/store.ts';

export type DigestOutput = OutputConfig & { digest: DigestConfig };

export const digestOutputs = (config: Config): DigestOutput[] => config.outputs.filter((o): o is DigestOutput => !!o.digest);

/**
 * Publish the output's digest that is due at `now`, unless it is published already: the stored one is returned then,
 * unchanged. Nothing is published while the 24 hours it covers hold no story (a new install, a filter nothing matched
 * yet): a story that arrives for them later still gets its digest out. Only the latest due day is published; days a
 * stopped huiju missed are not filled in after.
 */
export async function publishDueDigest(store: Store, output: DigestOutput, labels: Labels, now: Date): Promise<PublishedDigest | null> {
  const due = dueDigest(output.digest, now);
  const stored = await store.getDigest(output.id, due.day);
  if (stored) return stored;
  const stories = await store.listStories(digestFilter(output, due), { content: false });
  if (stories.length === 0) return null;
  return store.publishDigest(composeDigest(output.id, due, stories, labels));
}

/**
 * Check every minute for a digest that has come due, so it is published at its time with the stories known then,
 * whether or not anyone reads the feed; and once `firstCycle` (the start-up fetches) is done, so a new install's first
 * digest does not wait for the next minute. The feed route publishes a due digest too (a reader who asks at 08:00:10
 * sees it). Timers are unref'd and `stop` ends them; a failure is logged and tried again next minute.
 */
export function startDigestJob(
  store: Store,
  config: () => Config,
  labels: (c: Config) => Labels,
  log: Logger,
  firstCycle: Promise<unknown>,
  intervalMs = 60_000,
): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const c = config();
      for (const output of digestOutputs(c)) {
        try {
          await publishDueDigest(store, output, labels(c), new Date());
        } catch (err) {
          log.error({ output: output.id, err: err instanceof Error ? err.message : String(err) }, 'digest not published');
        }
      }
    } finally {
      running = false;
    }
  };
  let stopped = false;
  void tick();
  void firstCycle.finally(() => (stopped ? undefined : tick()));
  const timer = setInterval(() => void tick(), intervalMs).unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
