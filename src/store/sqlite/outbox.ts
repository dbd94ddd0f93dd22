import { outboxKey, type ChannelStats, type HubSubscription, type OutboxEntry, type OutboxRow, type PushStore, type SourceSubscription } from '../outbox.ts';
import { stmt, type Db } from './db.ts';

/** Queue stories for channels inside the ingest transaction (sqlite/tx.ts). */
export function enqueueOutbox(db: Db, entries: readonly OutboxEntry[], now = new Date().toISOString()): void {
  const fresh = stmt(
    db,
    `INSERT INTO outbox (channel, story_id, published_at, revision, next_attempt_at, created_at) VALUES (?, ?, ?, 0, ?, ?)
     ON CONFLICT (channel, story_id) DO NOTHING`,
  );
  // A changed story already sent (or given up) is queued again under its next revision; one still queued stays as is.
  const again = stmt(
    db,
    `INSERT INTO outbox (channel, story_id, published_at, revision, next_attempt_at, created_at) VALUES (?, ?, ?, 1, ?, ?)
     ON CONFLICT (channel, story_id) DO UPDATE SET revision = outbox.revision + 1, status = 'pending', attempts = 0,
       next_attempt_at = excluded.next_attempt_at, claimed_until = NULL, done_at = NULL, published_at = excluded.published_at
     WHERE outbox.status IN ('sent', 'failed', 'dropped')`,
  );
  for (const e of entries) (e.update ? again : fresh).run(e.channel, e.storyId, e.publishedAt, now, now);
}

type RawRow = Omit<OutboxRow, 'key'>;

const withKey = (r: RawRow): OutboxRow => ({ ...r, key: outboxKey(r.channel, r.storyId, r.revision) });

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * The push tables on SQLite. Reads answer at once; writes go through the connection's write queue (`write`), so they
 * never land inside, or are rolled back with, an ingest transaction that happens to be open on the same connection.
 */
export function sqlitePush(db: Db, write: <T>(work: () => T) => Promise<T>): PushStore {
  const bumpStats = (channel: string, at: string, field: 'sent' | 'failed' | 'dropped', n: number, error: string | null) => {
    stmt(db, 'INSERT INTO notify_channels (channel) VALUES (?) ON CONFLICT (channel) DO NOTHING').run(channel);
    if (field === 'sent') stmt(db, 'UPDATE notify_channels SET sent = sent + ?, last_success_at = ? WHERE channel = ?').run(n, at, channel);
    else if (field === 'dropped') stmt(db, 'UPDATE notify_channels SET dropped = dropped + ? WHERE channel = ?').run(n, channel);
    else stmt(db, 'UPDATE notify_channels SET failed = failed + ?, last_error_at = ?, last_error = ? WHERE channel = ?').run(n, at, error, channel);
  };
  return {
    claimDue: async (channel, now, limit, leaseMs) => {
      // Most polls find nothing due: a read says so without taking the write lock (the queue's BEGIN IMMEDIATE).
      const at = now.toISOString();
      const due = stmt(
        db,
        `SELECT 1 FROM outbox WHERE channel = ? AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until <= ?)) LIMIT 1`,
      ).get(channel, at, at);
      if (!due) return [];
      return write(() => {
        const rows = stmt<[string, string, string, number], RawRow>(
          db,
          `SELECT id, channel, story_id AS storyId, published_at AS publishedAt, revision, attempts, created_at AS createdAt FROM outbox
           WHERE channel = ? AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until <= ?))
           ORDER BY id LIMIT ?`,
        ).all(channel, at, at, limit);
        if (rows.length === 0) return [];
        db.prepare(`UPDATE outbox SET status = 'sending', claimed_until = ? WHERE id IN (${placeholders(rows.length)})`).run(
          new Date(now.getTime() + leaseMs).toISOString(),
          ...rows.map((r) => r.id),
        );
        return rows.map(withKey);
      });
    },
    // Read first: a start with nothing claimed (nearly every start) writes nothing.
    releaseAbandoned: async () =>
      db.prepare(`SELECT 1 FROM outbox WHERE status = 'sending' LIMIT 1`).get()
        ? write(() => db.prepare(`UPDATE outbox SET status = 'pending', claimed_until = NULL WHERE status = 'sending'`).run().changes)
        : 0,
    markSent: (channel, ids, at) =>
      write(() => {
        if (ids.length === 0) return;
        db.prepare(`UPDATE outbox SET status = 'sent', attempts = attempts + 1, done_at = ?, claimed_until = NULL WHERE id IN (${placeholders(ids.length)})`).run(
          at.toISOString(),
          ...ids,
        );
        bumpStats(channel, at.toISOString(), 'sent', ids.length, null);
      }),
    markFailed: (channel, ids, at, error, retryAt) =>
      write(() => {
        if (ids.length === 0) return;
        db.prepare(
          `UPDATE outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, last_error = ?, done_at = ?
           WHERE id IN (${placeholders(ids.length)})`,
        ).run(retryAt ? 'pending' : 'failed', (retryAt ?? at).toISOString(), error, retryAt ? null : at.toISOString(), ...ids);
        bumpStats(channel, at.toISOString(), 'failed', retryAt ? 0 : ids.length, error);
      }),
    release: (ids, retryAt) =>
      write(() => {
        if (ids.length === 0) return;
        db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ?, claimed_until = NULL WHERE id IN (${placeholders(ids.length)})`).run(
          retryAt.toISOString(),
          ...ids,
        );
      }),
    markDropped: (ids) =>
      write(() => {
        if (ids.length === 0) return;
        const at = new Date().toISOString();
        const channels = db.prepare(`SELECT channel, count(*) AS n FROM outbox WHERE id IN (${placeholders(ids.length)}) GROUP BY channel`).all(...ids) as {
          channel: string;
          n: number;
        }[];
        db.prepare(`UPDATE outbox SET status = 'dropped', done_at = ?, claimed_until = NULL WHERE id IN (${placeholders(ids.length)})`).run(at, ...ids);
        for (const c of channels) bumpStats(c.channel, at, 'dropped', c.n, null);
      }),
    channelStats: async () => {
      const queued = new Map(
        (db.prepare(`SELECT channel, count(*) AS n FROM outbox WHERE status IN ('pending', 'sending') GROUP BY channel`).all() as { channel: string; n: number }[]).map(
          (r) => [r.channel, r.n],
        ),
      );
      const rows = db
        .prepare(
          `SELECT channel, sent, failed, dropped, last_success_at AS lastSuccessAt, last_error_at AS lastErrorAt, last_error AS lastError FROM notify_channels`,
        )
        .all() as Omit<ChannelStats, 'queued'>[];
      const stats = rows.map((r) => ({ ...r, queued: queued.get(r.channel) ?? 0 }));
      for (const [channel, n] of queued) {
        if (!rows.some((r) => r.channel === channel)) {
          stats.push({ channel, queued: n, sent: 0, failed: 0, dropped: 0, lastSuccessAt: null, lastErrorAt: null, lastError: null });
        }
      }
      return stats;
    },
    forgetDelivered: (before) =>
      write(() => db.prepare(`DELETE FROM outbox WHERE status IN ('sent', 'failed', 'dropped') AND done_at < ?`).run(before.toISOString()).changes),

    upsertHubSubscription: (s) =>
      write(() => {
        stmt(
          db,
          `INSERT INTO websub_subscriptions (topic, callback, secret, lease_until, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (topic, callback) DO UPDATE SET secret = excluded.secret, lease_until = excluded.lease_until,
             content_hash = excluded.content_hash, attempts = 0, next_attempt_at = NULL`,
        ).run(s.topic, s.callback, s.secret, s.leaseUntil, s.contentHash, new Date().toISOString());
      }),
    deleteHubSubscription: (topic, callback) =>
      write(() => void stmt(db, 'DELETE FROM websub_subscriptions WHERE topic = ? AND callback = ?').run(topic, callback)),
    activeHubSubscriptions: async (now) =>
      db
        .prepare(
          `SELECT id, topic, callback, secret, lease_until AS leaseUntil, content_hash AS contentHash, attempts, next_attempt_at AS nextAttemptAt
           FROM websub_subscriptions WHERE lease_until > ? ORDER BY id`,
        )
        .all(now.toISOString()) as HubSubscription[],
    hubDelivered: (id, hash) =>
      write(() => void stmt(db, 'UPDATE websub_subscriptions SET content_hash = ?, attempts = 0, next_attempt_at = NULL WHERE id = ?').run(hash, id)),
    hubDeliveryFailed: (id, retryAt, hash) =>
      write(() => {
        if (retryAt) stmt(db, 'UPDATE websub_subscriptions SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?').run(retryAt.toISOString(), id);
        else stmt(db, 'UPDATE websub_subscriptions SET content_hash = ?, attempts = 0, next_attempt_at = NULL WHERE id = ?').run(hash, id);
      }),
    expireHubSubscriptions: (now) => write(() => stmt(db, 'DELETE FROM websub_subscriptions WHERE lease_until <= ?').run(now.toISOString()).changes),

    putSourceSubscription: (s) =>
      write(() => {
        stmt(
          db,
          `INSERT INTO websub_sources (source_id, hub, topic, token, secret, state, lease_until, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (source_id) DO UPDATE SET hub = excluded.hub, topic = excluded.topic, token = excluded.token, secret = excluded.secret,
             state = excluded.state, lease_until = excluded.lease_until, requested_at = excluded.requested_at`,
        ).run(s.sourceId, s.hub, s.topic, s.token, s.secret, s.state, s.leaseUntil, s.requestedAt);
      }),
    sourceSubscriptions: async () =>
      db
        .prepare(
          `SELECT source_id AS sourceId, hub, topic, token, secret, state, lease_until AS leaseUntil, requested_at AS requestedAt FROM websub_sources ORDER BY source_id`,
        )
        .all() as SourceSubscription[],
    deleteSourceSubscription: (sourceId) => write(() => void stmt(db, 'DELETE FROM websub_sources WHERE source_id = ?').run(sourceId)),
  };
}
