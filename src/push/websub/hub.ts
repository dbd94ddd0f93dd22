import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config/schema.ts';
import type { Logger } from '../../log.ts';
import type { HubSubscription } from '../../store/outbox.ts';
import type { Store } from '../../store/store.ts';
import { backoffMs } from '../backoff.ts';
import { linkHeader } from './advertise.ts';
import { callbackRefusal } from './callback-guard.ts';
import { hubSignature } from './signature.ts';

/** A topic's current document, as a reader fetching it would get it. Throws when the URL is not one of huiju's feeds. */
export type RenderTopic = (topic: string) => Promise<{ body: string; contentType: string; self: string; hubs: string[] }>;

export interface HubOptions {
  store: Store;
  config: () => Config;
  log: Logger;
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
}

/** A subscriber's request, as POST /websub received it (form fields). */
export type HubRequest = Record<string, string | undefined>;

/** A hub.secret longer than this is refused (WebSub §5.1: less than 200 bytes). */
const MAX_SECRET_BYTES = 199;
/** Pushes of one version of a topic before the hub gives that version up (the next change is pushed anew). */
const MAX_PUSH_ATTEMPTS = 8;

export class HubRequestError extends Error {}

const hashOf = (body: string) => createHash('sha256').update(body).digest('hex');

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
  return u.toString();
}

function httpUrl(value: string | undefined, name: string): string {
  try {
    const u = new URL(value ?? '');
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {
    // Reported below.
  }
  throw new HubRequestError(`${name} must be an absolute http(s) URL`);
}

/**
 * huiju's WebSub hub (W3C WebSub §5–§7) for its own feeds. A subscription request is checked at once (mode, callback,
 * a topic that is one of huiju's feeds, secret size) and answered 202; the callback is then asked to confirm with a
 * `hub.challenge` it must echo, and only then is the subscription stored, with its lease clamped to the configured
 * bounds. When a subscribed topic's document changes (ingest wakes the hub; a timer looks again every few seconds),
 * it is POSTed to each subscriber with Link headers and, for a subscriber that gave a secret, X-Hub-Signature. A failed
 * push is retried with backoff; a 410 Gone ends the subscription.
 */
export function createHub(opts: HubOptions) {
  const { store, log } = opts;
  const now = opts.now ?? (() => new Date());
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let render: RenderTopic | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const verifications = new Set<Promise<void>>();

  function leaseSeconds(requested: string | undefined): number {
    const { default: byDefault, min, max } = opts.config().websub.leaseSeconds;
    const n = requested !== undefined && /^\d+$/.test(requested) ? Number(requested) : byDefault;
    return Math.min(max, Math.max(min, n));
  }

  const policy = () => ({ denyPrivateNetworks: opts.config().fetch.denyPrivateNetworks });

  async function verify(mode: 'subscribe' | 'unsubscribe', topic: string, callback: string, secret: string | null, lease: number): Promise<void> {
    const refused = await callbackRefusal(callback, policy());
    if (refused) {
      log.warn({ callback, reason: refused }, 'websub: callback refused; not verified');
      return;
    }
    const challenge = randomBytes(24).toString('base64url');
    const params: Record<string, string> = { 'hub.mode': mode, 'hub.topic': topic, 'hub.challenge': challenge };
    if (mode === 'subscribe') params['hub.lease_seconds'] = String(lease);
    let confirmed = false;
    try {
      const res = await doFetch(withQuery(callback, params), { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      confirmed = res.status >= 200 && res.status < 300 && (await res.text()).trim() === challenge;
    } catch (err) {
      log.info({ callback, err: (err as Error).message }, 'websub: callback did not answer the verification');
    }
    if (!confirmed) {
      log.info({ topic, callback, mode }, 'websub: intent not verified; nothing changed');
      return;
    }
    if (mode === 'unsubscribe') {
      await store.push.deleteHubSubscription(topic, callback);
      log.info({ topic, callback }, 'websub: unsubscribed');
      return;
    }
    // The document as it is now counts as delivered: the subscriber is pushed the next change.
    const current = render ? await render(topic).then((d) => hashOf(d.body), () => null) : null;
    const leaseUntil = new Date(now().getTime() + lease * 1000).toISOString();
    await store.push.upsertHubSubscription({ topic, callback, secret, leaseUntil, contentHash: current });
    log.info({ topic, callback, leaseSeconds: lease }, 'websub: subscribed');
  }

  async function push(sub: HubSubscription, doc: { body: string; contentType: string; self: string; hubs: string[] }, hash: string): Promise<void> {
    const headers: Record<string, string> = { 'content-type': doc.contentType, link: linkHeader(doc.hubs, doc.self), 'user-agent': 'huiju-websub' };
    if (sub.secret) headers['x-hub-signature'] = hubSignature(sub.secret, doc.body);
    let status = 0;
    const refused = await callbackRefusal(sub.callback, policy());
    try {
      if (refused) throw new Error(refused);
      const res = await doFetch(sub.callback, { method: 'POST', headers, body: doc.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      status = res.status;
      await res.arrayBuffer().catch(() => {});
    } catch (err) {
      log.info({ callback: sub.callback, err: (err as Error).message }, 'websub: push failed');
    }
    if (status >= 200 && status < 300) return store.push.hubDelivered(sub.id, hash);
    if (status === 410) {
      log.info({ topic: sub.topic, callback: sub.callback }, 'websub: subscriber answered 410 Gone; subscription removed');
      return store.push.deleteHubSubscription(sub.topic, sub.callback);
    }
    const attempts = sub.attempts + 1;
    const retryAt = attempts >= MAX_PUSH_ATTEMPTS ? null : new Date(now().getTime() + backoffMs(attempts));
    await store.push.hubDeliveryFailed(sub.id, retryAt, hash);
  }

  /** One pass over the subscriptions: each topic rendered once, pushed to the subscribers that have not got it. */
  async function distribute(): Promise<void> {
    if (!render) return;
    const at = now();
    await store.push.expireHubSubscriptions(at);
    const subs = await store.push.activeHubSubscriptions(at);
    const byTopic = new Map<string, HubSubscription[]>();
    for (const s of subs) byTopic.set(s.topic, [...(byTopic.get(s.topic) ?? []), s]);
    for (const [topic, list] of byTopic) {
      let doc: Awaited<ReturnType<RenderTopic>>;
      try {
        doc = await render(topic);
      } catch {
        continue;
      }
      const hash = hashOf(doc.body);
      const due = list.filter((s) => s.contentHash !== hash && (!s.nextAttemptAt || Date.parse(s.nextAttemptAt) <= at.getTime()));
      await Promise.all(due.map((s) => push(s, doc, hash)));
    }
  }

  return {
    /** The routes hand over how to build a topic's document (they own the feed cache). */
    setRenderer(r: RenderTopic): void {
      render = r;
    },

    /** Check a subscriber's request; throws HubRequestError (a 400) when it is bad. Verification goes on afterwards. */
    async request(form: HubRequest): Promise<void> {
      const mode = form['hub.mode'];
      if (mode !== 'subscribe' && mode !== 'unsubscribe') throw new HubRequestError('hub.mode must be "subscribe" or "unsubscribe"');
      const callback = httpUrl(form['hub.callback'], 'hub.callback');
      const topic = httpUrl(form['hub.topic'], 'hub.topic');
      if (!render) throw new HubRequestError('the hub is not running');
      try {
        await render(topic);
      } catch (err) {
        throw new HubRequestError(`hub.topic is not a feed this hub serves: ${(err as Error).message}`);
      }
      const secret = form['hub.secret'] || null;
      if (secret !== null && Buffer.byteLength(secret) > MAX_SECRET_BYTES) throw new HubRequestError('hub.secret must be shorter than 200 bytes');
      const lease = leaseSeconds(form['hub.lease_seconds']);
      const v = verify(mode, topic, callback, secret, lease)
        .catch((err: unknown) => log.error({ err: (err as Error).message }, 'websub: verification failed'))
        .finally(() => verifications.delete(v));
      verifications.add(v);
    },

    /** Push what changed now; a pass already running is followed by one more. */
    wake(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await distribute().catch((err: unknown) => log.error({ err: (err as Error).message }, 'websub: distribution failed'));
        } while (again);
      })().finally(() => (running = null));
      return running;
    },

    async stop(): Promise<void> {
      await Promise.all([running, ...verifications]);
    },
  };
}
