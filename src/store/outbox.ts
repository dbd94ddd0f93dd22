/**
 * What the push side of huiju stores (src/push/): the notification outbox, per-channel delivery counts, and WebSub
 * subscriptions both ways. Each engine implements them (sqlite/outbox.ts, postgres/outbox.ts); the idempotency key is
 * made here, alike for both.
 */

/** The idempotency key of one (channel, story, revision): the same on every attempt, so a receiver can drop repeats. */
export const outboxKey = (channel: string, storyId: number, revision: number) => `huiju:${channel}:${storyId}:${revision}`;

/** One story due to one channel, written in the ingest transaction that created (or changed) the story. */
export interface OutboxEntry {
  channel: string;
  storyId: number;
  /** The story's date: a row whose story has grown older than the channel's maxAgeHours is dropped, not sent. */
  publishedAt: string;
  /** A changed story for an `onUpdate` channel: a story already sent is queued again (its revision goes up). */
  update: boolean;
}

/** A claimed outbox row. `key` is its idempotency key: the same on every attempt, new for each revision. */
export interface OutboxRow {
  id: number;
  channel: string;
  storyId: number;
  publishedAt: string;
  revision: number;
  attempts: number;
  createdAt: string;
  key: string;
}

/** What a channel has done, for /api/notifications and /metrics. */
export interface ChannelStats {
  channel: string;
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
}

/** A subscriber of huiju's hub. */
export interface HubSubscription {
  id: number;
  topic: string;
  callback: string;
  secret: string | null;
  leaseUntil: string;
  /** Hash of the topic's content last delivered: content is pushed when the topic's hash differs. */
  contentHash: string | null;
  attempts: number;
  nextAttemptAt: string | null;
}

/** huiju subscribed to a source's hub. */
export interface SourceSubscription {
  sourceId: string;
  hub: string;
  topic: string;
  /** The random path segment of the callback URL: only the hub that was given it can push. */
  token: string;
  secret: string;
  state: 'requested' | 'active' | 'unsubscribing';
  leaseUntil: string | null;
  requestedAt: string;
}

export interface PushStore {
  // The outbox (dispatcher).
  /**
   * Claim up to `limit` due rows of one channel, oldest first, for `leaseMs`: pending rows whose next attempt is due,
   * and rows claimed by a process that died (its claim expired). PostgreSQL claims with FOR UPDATE SKIP LOCKED, so
   * dispatchers in several processes never claim the same row.
   */
  claimDue(channel: string, now: Date, limit: number, leaseMs: number): Promise<OutboxRow[]>;
  /**
   * At dispatcher start: rows a killed process left claimed. SQLite has one dispatcher (the `serve` process), so its
   * claims are this process's own from before a crash: released at once. PostgreSQL may have dispatchers in other
   * processes, alive: their claims are left to expire (0).
   */
  releaseAbandoned(): Promise<number>;
  markSent(channel: string, ids: readonly number[], at: Date): Promise<void>;
  /** A failed attempt: tried again at `retryAt`, or given up (counted as failed) when it is null. */
  markFailed(channel: string, ids: readonly number[], at: Date, error: string, retryAt: Date | null): Promise<void>;
  /** Back to pending without counting an attempt (rate limited: the platform asked to wait). */
  release(ids: readonly number[], retryAt: Date): Promise<void>;
  /** Never sent: too old, or its story was removed. */
  markDropped(ids: readonly number[]): Promise<void>;
  channelStats(): Promise<ChannelStats[]>;
  /** Delivered and dropped rows older than this are forgotten (the idempotency window). */
  forgetDelivered(before: Date): Promise<number>;

  // huiju's hub.
  upsertHubSubscription(s: { topic: string; callback: string; secret: string | null; leaseUntil: string; contentHash: string | null }): Promise<void>;
  deleteHubSubscription(topic: string, callback: string): Promise<void>;
  /** Subscriptions whose lease has not ended. */
  activeHubSubscriptions(now: Date): Promise<HubSubscription[]>;
  hubDelivered(id: number, contentHash: string): Promise<void>;
  /** A failed push: tried again at `retryAt`; with null, given up for this content (`contentHash` counts as sent). */
  hubDeliveryFailed(id: number, retryAt: Date | null, contentHash: string): Promise<void>;
  /** Drop subscriptions whose lease ended; returns how many. */
  expireHubSubscriptions(now: Date): Promise<number>;

  // huiju as a subscriber.
  putSourceSubscription(s: SourceSubscription): Promise<void>;
  sourceSubscriptions(): Promise<SourceSubscription[]>;
  deleteSourceSubscription(sourceId: string): Promise<void>;
}
