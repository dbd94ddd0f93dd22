import type { Config } from '../../config/schema.ts';
import type { Logger } from '../../log.ts';
import type { OutboxRow } from '../../store/outbox.ts';
import type { Store } from '../../store/store.ts';
import { backoffMs, MAX_ATTEMPTS } from '../backoff.ts';
import type { ResolvedChannel } from '../channels.ts';
import { NOTIFIERS } from '../notify/index.ts';
import type { NotifyMessage, SendOutcome } from '../notify/types.ts';
import { RateGate } from '../rate-gate.ts';
import { DAY_MS } from '../../time.ts';
import { loadStories } from './story.ts';

export interface DispatcherOptions {
  store: Store;
  /** Read at every pass: a reload adds, removes or changes channels. */
  config: () => Config;
  log: Logger;
  fetch?: typeof fetch;
  now?: () => Date;
  /** How often each channel's due rows are looked for (ingest also wakes the dispatcher at once). */
  pollMs?: number;
  /** How long a claim holds rows: a process killed mid-send leaves them to be taken again after this. */
  leaseMs?: number;
  /** How long one platform gets to answer. */
  timeoutMs?: number;
  /** Delivered rows are kept this long, and within it a story is never sent to a channel twice. */
  idempotencyWindowMs?: number;
  /** The wait before retry number `attempts` (default backoff.ts: 10 s doubling to an hour). */
  backoff?: (attempts: number) => number;
}

/** Rows claimed at once: a digest holds at most this many stories. */
export const DIGEST_MAX = 20;
/** A platform's gap between messages shorter than this is waited out; longer, the rows go back to the queue. */
const WAIT_IN_PLACE_MS = 5_000;

/**
 * Delivers the outbox: each channel on its own (a channel failing for a day holds up no other), claiming its due rows,
 * sending them one by one or, when `digestAfter` or more are waiting, as one digest, within the platform's rate limit.
 * A success marks them sent; a failure schedules a retry with exponential backoff, or gives up once the story is older
 * than `maxAgeHours` or has been tried MAX_ATTEMPTS times; the platform saying "too fast" pauses the channel.
 *
 * Delivery is at least once: a process killed between a platform's answer and marking the rows sent leaves them
 * claimed until the lease ends, and the next dispatcher sends them again under the same idempotency key.
 */
export function startDispatcher(opts: DispatcherOptions) {
  const { store, log } = opts;
  const now = opts.now ?? (() => new Date());
  const pollMs = opts.pollMs ?? 2_000;
  const leaseMs = opts.leaseMs ?? 120_000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const windowMs = opts.idempotencyWindowMs ?? 7 * DAY_MS;
  const doFetch = opts.fetch ?? fetch;
  const gates = new Map<string, { type: string; gate: RateGate }>();
  const busy = new Map<string, Promise<void>>();
  const problemsLogged = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let lastForget = 0;

  const gateOf = (c: ResolvedChannel): RateGate => {
    let g = gates.get(c.id);
    if (!g || g.type !== c.type) gates.set(c.id, (g = { type: c.type, gate: new RateGate(NOTIFIERS[c.type].rate) }));
    return g.gate;
  };

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function deliver(c: ResolvedChannel, rows: OutboxRow[], message: NotifyMessage): Promise<void> {
    const ids = rows.map((r) => r.id);
    const at = now();
    let outcome: SendOutcome;
    try {
      outcome = await NOTIFIERS[c.type].send(message, { target: c.target!, fetch: doFetch, timeoutMs, now });
    } catch (err) {
      outcome = { ok: false, error: `internal error: ${(err as Error).message}` };
    }
    if (outcome.ok) {
      await store.push.markSent(c.id, ids, now());
      log.info({ channel: c.id, type: c.type, stories: rows.length }, rows.length > 1 ? 'digest sent' : 'notification sent');
      return;
    }
    if (outcome.retryAfterMs !== undefined) {
      gateOf(c).pause(at.getTime() + outcome.retryAfterMs);
      await store.push.markFailed(c.id, ids, at, outcome.error, new Date(at.getTime() + outcome.retryAfterMs));
      log.warn({ channel: c.id, type: c.type, err: outcome.error, retryInSeconds: outcome.retryAfterMs / 1000 }, 'platform asked to slow down');
      return;
    }
    const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
    const retryAt = new Date(at.getTime() + (opts.backoff ?? backoffMs)(attempts));
    const oldest = Math.min(...rows.map((r) => Date.parse(r.publishedAt)));
    const giveUp = outcome.permanent || attempts >= MAX_ATTEMPTS || retryAt.getTime() - oldest > c.maxAgeMs;
    await store.push.markFailed(c.id, ids, at, outcome.error, giveUp ? null : retryAt);
    log.warn({ channel: c.id, type: c.type, err: outcome.error, attempts, gaveUp: giveUp }, 'notification failed');
  }

  async function runChannel(c: ResolvedChannel): Promise<void> {
    const gate = gateOf(c);
    const start = now();
    if (gate.waitMs(start.getTime()) > 0) return;
    const rows = await store.push.claimDue(c.id, start, DIGEST_MAX, leaseMs);
    if (rows.length === 0) return;
    const tooOld = rows.filter((r) => start.getTime() - Date.parse(r.publishedAt) > c.maxAgeMs);
    await store.push.markDropped(tooOld.map((r) => r.id));
    let live = rows.filter((r) => !tooOld.includes(r));
    if (live.length === 0) return;
    if (!c.target) {
      if (!problemsLogged.has(c.id)) log.error({ channel: c.id, err: c.problem }, 'notify channel cannot send');
      problemsLogged.add(c.id);
      await store.push.markFailed(c.id, live.map((r) => r.id), start, c.problem ?? 'not configured', new Date(start.getTime() + 300_000));
      return;
    }
    const stories = await loadStories(store, live.map((r) => r.storyId), opts.config());
    await store.push.markDropped(live.filter((r) => !stories.has(r.storyId)).map((r) => r.id));
    live = live.filter((r) => stories.has(r.storyId));
    const batches = live.length >= c.digestAfter ? [live] : live.map((r) => [r]);
    for (const [i, batch] of batches.entries()) {
      const wait = gate.waitMs(now().getTime());
      if (wait > WAIT_IN_PLACE_MS || stopped) {
        // The platform's limit (or shutdown) leaves the rest for later; they lose no attempt.
        const rest = batches.slice(i).flat();
        await store.push.release(rest.map((r) => r.id), new Date(now().getTime() + wait));
        return;
      }
      if (wait > 0) await sleep(wait);
      gate.note(now().getTime());
      const key = batch.length === 1 ? batch[0]!.key : `${batch[0]!.key}+${batch.length - 1}`;
      await deliver(c, batch, { outputTitle: c.outputTitle, stories: batch.map((r) => stories.get(r.storyId)!), key });
    }
  }

  /** One pass: every enabled channel not already busy gets a turn of its own. */
  function pass(): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const c of opts.config().channels) {
      if (!c.enabled || busy.has(c.id)) continue;
      const run = runChannel(c)
        .catch((err: unknown) => log.error({ channel: c.id, err: (err as Error).message }, 'notify dispatcher failed'))
        .finally(() => busy.delete(c.id));
      busy.set(c.id, run);
      runs.push(run);
    }
    const t = now().getTime();
    if (t - lastForget > 3_600_000) {
      lastForget = t;
      runs.push(
        store.push.forgetDelivered(new Date(t - windowMs)).then(
          () => {},
          (err: unknown) => log.error({ err: (err as Error).message }, 'could not forget delivered notifications'),
        ),
      );
    }
    return Promise.all(runs).then(() => {});
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void pass().finally(schedule), pollMs);
  };
  // Rows this store's dispatcher claimed before a crash go out again now, under the same keys (SQLite; see the store).
  const started = store.push.releaseAbandoned().then(
    (n) => {
      if (n) log.warn({ rows: n }, 'notifications claimed before a crash will be sent again');
    },
    (err: unknown) => log.error({ err: (err as Error).message }, 'could not release abandoned notifications'),
  );
  void started.then(schedule);

  return {
    /** Look for due rows now (ingest just queued some). */
    wake(): void {
      if (!stopped) void started.then(pass);
    },
    /** One pass, awaited (tests, `huiju notify`). */
    runOnce: () => started.then(pass),
    /** No new pass; the sends in flight finish (each within the platform timeout). */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all([...busy.values()]);
    },
  };
}

export type Dispatcher = ReturnType<typeof startDispatcher>;
