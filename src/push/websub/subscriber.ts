import { randomBytes } from 'node:crypto';
import type { Config, ResolvedSource } from '../../config/schema.ts';
import { fetchDocument } from '../../fetch/client.ts';
import type { FetchOptions } from '../../fetch/types.ts';
import type { Logger } from '../../log.ts';
import { normaliseItems } from '../../normalise/item.ts';
import { parseFeed } from '../../parse/index.ts';
import { ingestItems } from '../../pipeline/ingest.ts';
import { cronIntervalMs } from '../../scheduler/cron-interval.ts';
import type { SourceSubscription } from '../../store/outbox.ts';
import type { Store } from '../../store/store.ts';
import { compileTagger, type Tagger } from '../../tag/index.ts';
import { outboxRouter } from '../routes.ts';
import { HUB_PATH } from './advertise.ts';
import { advertisedHubs } from './discover.ts';
import { verifyHubSignature } from './signature.ts';

export interface SubscriberOptions {
  store: Store;
  config: () => Config;
  log: Logger;
  fetchOptions: () => FetchOptions;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Told when pushed content was stored (the dispatcher and the hub deliver it on). */
  onIngest?: () => void;
}

const HOUR_MS = 3_600_000;
/** Lease asked of a source's hub; renewed when a tenth of it (at most a day) is left. */
const LEASE_SECONDS = 7 * 86_400;
/** A source whose feed named no hub is looked at again after this long. */
const REDISCOVER_MS = 24 * HOUR_MS;

/**
 * huiju as a WebSub subscriber (W3C WebSub §5.1, §5.3, §7), when `websub.callbackBase` is set. `sync` (every few
 * minutes) subscribes each enabled feed source whose document names a hub, renews a lease before it ends, and
 * unsubscribes sources that were removed or disabled. The hub confirms at GET /websub/callback/TOKEN (`verification`)
 * and pushes content there (`receive`): with a valid signature it is parsed and stored at once, as a fetch would.
 * A source its hub pushes to is still polled, `websub.pollSlowdown` times less often (`pollDue`).
 */
export function createSubscriber(opts: SubscriberOptions) {
  const { store, log } = opts;
  const now = opts.now ?? (() => new Date());
  const doFetch = opts.fetch ?? fetch;
  /** Sources found to name no hub, and when. */
  const noHub = new Map<string, number>();
  const lastPoll = new Map<string, number>();
  let subs = new Map<string, SourceSubscription>();
  let tagger: { tags: Config['tags']; tagger: Tagger } | null = null;

  const load = async () => {
    subs = new Map((await store.push.sourceSubscriptions()).map((s) => [s.token, s]));
  };
  const bySource = (id: string) => [...subs.values()].find((s) => s.sourceId === id);
  const taggerFor = (config: Config) => {
    if (tagger?.tags !== config.tags) tagger = { tags: config.tags, tagger: compileTagger(config.tags) };
    return tagger.tagger;
  };

  async function ask(hub: string, mode: 'subscribe' | 'unsubscribe', sub: SourceSubscription, base: string): Promise<boolean> {
    const form = new URLSearchParams({
      'hub.mode': mode,
      'hub.topic': sub.topic,
      'hub.callback': `${base.replace(/\/+$/, '')}${HUB_PATH}/callback/${sub.token}`,
    });
    if (mode === 'subscribe') {
      form.set('hub.secret', sub.secret);
      form.set('hub.lease_seconds', String(LEASE_SECONDS));
    }
    try {
      const res = await doFetch(hub, { method: 'POST', body: form, signal: AbortSignal.timeout(15_000) });
      if (res.status >= 200 && res.status < 300) return true;
      log.warn({ source: sub.sourceId, hub, status: res.status }, `websub: the hub refused to ${mode}`);
    } catch (err) {
      log.warn({ source: sub.sourceId, hub, err: (err as Error).message }, `websub: the hub did not answer a ${mode} request`);
    }
    return false;
  }

  async function subscribe(source: ResolvedSource, base: string, known?: SourceSubscription): Promise<void> {
    let hub = known?.hub;
    let topic = known?.topic;
    if (!known) {
      const doc = await fetchDocument({ url: source.url, encoding: source.encoding ?? null, proxy: source.proxy ?? null }, opts.fetchOptions());
      if (doc.status !== 'ok') return;
      const found = advertisedHubs(doc.text, doc.finalUrl);
      if (found.hubs.length === 0) {
        noHub.set(source.id, now().getTime());
        return;
      }
      hub = found.hubs[0]!;
      topic = found.self ?? doc.finalUrl;
    }
    const sub: SourceSubscription = {
      sourceId: source.id,
      hub: hub!,
      topic: topic!,
      token: known?.token ?? randomBytes(18).toString('base64url'),
      secret: known?.secret ?? randomBytes(24).toString('base64url'),
      state: known?.state === 'active' ? 'active' : 'requested',
      leaseUntil: known?.leaseUntil ?? null,
      requestedAt: now().toISOString(),
    };
    // Stored before asking, so the hub's verification request (which may come before its answer) finds it.
    await store.push.putSourceSubscription(sub);
    subs.set(sub.token, sub);
    if (await ask(sub.hub, 'subscribe', sub, base)) log.info({ source: source.id, hub: sub.hub, topic: sub.topic }, 'websub: subscription requested');
  }

  async function sync(): Promise<void> {
    const config = opts.config();
    const base = config.websub.callbackBase;
    await load();
    const wanted = new Map(config.sources.filter((s) => s.enabled && s.type === 'feed').map((s) => [s.id, s]));
    for (const sub of subs.values()) {
      if (wanted.has(sub.sourceId) && base) continue;
      // Removed, disabled, or no public URL any more: unsubscribe (the row goes once the hub confirms, or after a day).
      if (sub.state !== 'unsubscribing' && base) {
        const leaving = { ...sub, state: 'unsubscribing' as const, requestedAt: now().toISOString() };
        await store.push.putSourceSubscription(leaving);
        subs.set(sub.token, leaving);
        await ask(sub.hub, 'unsubscribe', leaving, base);
      } else if (!base || now().getTime() - Date.parse(sub.requestedAt) > 24 * HOUR_MS) {
        await store.push.deleteSourceSubscription(sub.sourceId);
        subs.delete(sub.token);
      }
    }
    if (!base) return;
    for (const source of wanted.values()) {
      const sub = bySource(source.id);
      const t = now().getTime();
      try {
        if (!sub) {
          if (t - (noHub.get(source.id) ?? -Infinity) > REDISCOVER_MS) await subscribe(source, base);
          continue;
        }
        const leaseLeft = sub.leaseUntil ? Date.parse(sub.leaseUntil) - t : 0;
        const stale = sub.state === 'requested' && t - Date.parse(sub.requestedAt) > HOUR_MS;
        const renew = sub.state === 'active' && leaseLeft < Math.min(24 * HOUR_MS, (LEASE_SECONDS * 1000) / 10);
        if (stale || renew) await subscribe(source, base, sub);
      } catch (err) {
        log.warn({ source: source.id, err: (err as Error).message }, 'websub: could not subscribe');
      }
    }
  }

  return {
    sync,

    /** A hub confirming (or denying) a request: the challenge to echo, or null (404) for a request huiju did not make. */
    async verification(token: string, q: Record<string, string | undefined>): Promise<string | null> {
      if (!subs.has(token)) await load();
      const sub = subs.get(token);
      if (!sub || q['hub.topic'] !== sub.topic) return null;
      const mode = q['hub.mode'];
      if (mode === 'denied') {
        log.warn({ source: sub.sourceId, reason: q['hub.reason'] }, 'websub: the hub denied the subscription; polling goes on');
        await store.push.deleteSourceSubscription(sub.sourceId);
        subs.delete(token);
        return '';
      }
      const challenge = q['hub.challenge'];
      if (!challenge) return null;
      if (mode === 'subscribe' && sub.state !== 'unsubscribing') {
        const lease = Number(q['hub.lease_seconds'] ?? LEASE_SECONDS);
        const active: SourceSubscription = { ...sub, state: 'active', leaseUntil: new Date(now().getTime() + lease * 1000).toISOString() };
        await store.push.putSourceSubscription(active);
        subs.set(token, active);
        log.info({ source: sub.sourceId, leaseSeconds: lease }, 'websub: subscription active');
        return challenge;
      }
      if (mode === 'unsubscribe' && sub.state === 'unsubscribing') {
        await store.push.deleteSourceSubscription(sub.sourceId);
        subs.delete(token);
        log.info({ source: sub.sourceId }, 'websub: unsubscribed');
        return challenge;
      }
      return null;
    },

    /**
     * Content a hub pushed: stored at once when its signature is good. The answer is the status to send: 410 for a
     * callback no longer in use (the hub drops it), 202 otherwise, a bad signature included (WebSub §7.1).
     */
    async receive(token: string, body: Buffer, signature: string | undefined, contentType: string | undefined): Promise<number> {
      if (!subs.has(token)) await load();
      const sub = subs.get(token);
      const config = opts.config();
      const source = config.sources.find((s) => s.id === sub?.sourceId);
      if (!sub || sub.state === 'unsubscribing' || !source) return 410;
      if (!verifyHubSignature(sub.secret, body, signature)) {
        log.warn({ source: sub.sourceId }, 'websub: pushed content with a missing or wrong signature was ignored');
        return 202;
      }
      const at = now();
      try {
        const feed = await parseFeed(body.toString('utf8'), { url: sub.topic, contentType, timezone: source.timezone, now: at });
        const counts = await ingestItems(
          { store, tagger: taggerFor(config), dedup: config.dedupOptions, priorityOf: config.priorityOf, outbox: outboxRouter(config.channels) },
          normaliseItems(source.id, feed.items, at),
        );
        log.info({ source: source.id, ...counts }, 'websub: pushed content stored');
        if (counts.new || counts.updated) opts.onIngest?.();
      } catch (err) {
        log.warn({ source: source.id, err: (err as Error).message }, 'websub: pushed content could not be read');
      }
      return 202;
    },

    /**
     * Whether the scheduler should poll a source now: always, unless its hub pushes to it, then once in
     * `pollSlowdown` of its intervals.
     */
    pollDue(source: ResolvedSource): boolean {
      const sub = bySource(source.id);
      const t = now().getTime();
      if (sub?.state !== 'active' || !sub.leaseUntil || Date.parse(sub.leaseUntil) < t) return true;
      const last = lastPoll.get(source.id);
      if (last !== undefined && t - last < cronIntervalMs(source.schedule, source.timezone) * opts.config().websub.pollSlowdown) return false;
      lastPoll.set(source.id, t);
      return true;
    },
  };
}
