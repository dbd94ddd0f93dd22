import type pg from 'pg';
import { outboxKey, type ChannelStats, type HubSubscription, type OutboxEntry, type OutboxRow, type PushStore, type SourceSubscription } from '../outbox.ts';
import type { Queryable } from './connect.ts';

/** Queue stories for channels inside the ingest transaction (postgres/tx.ts): one statement for a chunk's entries. */
export async function enqueueOutbox(db: Queryable, entries: readonly OutboxEntry[], now = new Date().toISOString()): Promise<void> {
  for (const update of [false, true]) {
    const batch = entries.filter((e) => e.update === update);
    if (batch.length === 0) continue;
    const conflict = update
      ? `DO UPDATE SET revision = outbox.revision + 1, status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
           claimed_until = NULL, done_at = NULL, published_at = excluded.published_at
         WHERE outbox.status IN ('sent', 'failed', 'dropped')`
      : 'DO NOTHING';
    await db.query(
      `INSERT INTO outbox (channel, story_id, published_at, revision, next_attempt_at, created_at)
       SELECT c, s, p, $4, $5, $5 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS e(c, s, p)
       ON CONFLICT (channel, story_id) ${conflict}`,
      [batch.map((e) => e.channel), batch.map((e) => e.storyId), batch.map((e) => e.publishedAt), update ? 1 : 0, now],
    );
  }
}

const ROW = `id, channel, story_id AS "storyId", published_at AS "publishedAt", revision, attempts, created_at AS "createdAt"`;

type RawRow = Omit<OutboxRow, 'key'>;

/**
 * The push tables on PostgreSQL, through the pool and outside the write lock: the outbox is not what feeds are built
 * from, so its writes neither wait for ingest nor bump the data version. Claims take rows with FOR UPDATE SKIP LOCKED
 * in one statement: dispatchers in several processes each get rows no other holds, and a claim that a dead process
 * left behind is taken again once it expires.
 */
export function postgresPush(pool: pg.Pool): PushStore {
  /** One statement: the channel's row made if missing, and its counts moved on. */
  const bumpStats = async (channel: string, at: string, field: 'sent' | 'failed' | 'dropped', n: number, error: string | null) => {
    const [values, set, params] = {
      sent: ['$1, $2, 0, 0, $3, NULL, NULL', 'sent = notify_channels.sent + $2, last_success_at = $3', [channel, n, at]],
      failed: ['$1, 0, $2, 0, NULL, $3, $4', 'failed = notify_channels.failed + $2, last_error_at = $3, last_error = $4', [channel, n, at, error]],
      dropped: ['$1, 0, 0, $2, NULL, NULL, NULL', 'dropped = notify_channels.dropped + $2', [channel, n]],
    }[field] as [string, string, unknown[]];
    await pool.query(
      `INSERT INTO notify_channels (channel, sent, failed, dropped, last_success_at, last_error_at, last_error) VALUES (${values})
       ON CONFLICT (channel) DO UPDATE SET ${set}`,
      params,
    );
  };
  return {
    async claimDue(channel, now, limit, leaseMs) {
      const at = now.toISOString();
      const { rows } = await pool.query<RawRow>(
        `UPDATE outbox SET status = 'sending', claimed_until = $4 WHERE id IN (
           SELECT id FROM outbox
           WHERE channel = $1 AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND claimed_until <= $2))
           ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING ${ROW}`,
        [channel, at, limit, new Date(now.getTime() + leaseMs).toISOString()],
      );
      return rows.sort((a, b) => a.id - b.id).map((r) => ({ ...r, key: outboxKey(r.channel, r.storyId, r.revision) }));
    },
    // Other processes' dispatchers may hold live claims: only an expired lease frees a row (claimDue).
    releaseAbandoned: async () => 0,
    async markSent(channel, ids, at) {
      if (ids.length === 0) return;
      await pool.query(`UPDATE outbox SET status = 'sent', attempts = attempts + 1, done_at = $2, claimed_until = NULL WHERE id = ANY($1::bigint[])`, [
        ids,
        at.toISOString(),
      ]);
      await bumpStats(channel, at.toISOString(), 'sent', ids.length, null);
    },
    async markFailed(channel, ids, at, error, retryAt) {
      if (ids.length === 0) return;
      await pool.query(
        `UPDATE outbox SET status = $2, attempts = attempts + 1, next_attempt_at = $3, claimed_until = NULL, last_error = $4, done_at = $5
         WHERE id = ANY($1::bigint[])`,
        [ids, retryAt ? 'pending' : 'failed', (retryAt ?? at).toISOString(), error, retryAt ? null : at.toISOString()],
      );
      await bumpStats(channel, at.toISOString(), 'failed', retryAt ? 0 : ids.length, error);
    },
    async release(ids, retryAt) {
      if (ids.length === 0) return;
      await pool.query(`UPDATE outbox SET status = 'pending', next_attempt_at = $2, claimed_until = NULL WHERE id = ANY($1::bigint[])`, [
        ids,
        retryAt.toISOString(),
      ]);
    },
    async markDropped(ids) {
      if (ids.length === 0) return;
      const at = new Date().toISOString();
      const { rows } = await pool.query<{ channel: string; n: number }>(
        `WITH d AS (UPDATE outbox SET status = 'dropped', done_at = $2, claimed_until = NULL WHERE id = ANY($1::bigint[]) RETURNING channel)
         SELECT channel, count(*)::int AS n FROM d GROUP BY channel`,
        [ids, at],
      );
      for (const r of rows) await bumpStats(r.channel, at, 'dropped', r.n, null);
    },
    async channelStats() {
      const { rows } = await pool.query<ChannelStats>(
        `SELECT c.channel, coalesce(q.n, 0)::int AS queued, coalesce(n.sent, 0) AS sent, coalesce(n.failed, 0) AS failed,
                coalesce(n.dropped, 0) AS dropped, n.last_success_at AS "lastSuccessAt", n.last_error_at AS "lastErrorAt", n.last_error AS "lastError"
         FROM (SELECT channel FROM notify_channels UNION SELECT DISTINCT channel FROM outbox WHERE status IN ('pending', 'sending')) c
         LEFT JOIN notify_channels n ON n.channel = c.channel
         LEFT JOIN (SELECT channel, count(*) AS n FROM outbox WHERE status IN ('pending', 'sending') GROUP BY channel) q ON q.channel = c.channel
         ORDER BY c.channel`,
      );
      return rows;
    },
    async forgetDelivered(before) {
      const r = await pool.query(`DELETE FROM outbox WHERE status IN ('sent', 'failed', 'dropped') AND done_at < $1`, [before.toISOString()]);
      return r.rowCount ?? 0;
    },

    async upsertHubSubscription(s) {
      await pool.query(
        `INSERT INTO websub_subscriptions (topic, callback, secret, lease_until, content_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (topic, callback) DO UPDATE SET secret = excluded.secret, lease_until = excluded.lease_until,
           content_hash = excluded.content_hash, attempts = 0, next_attempt_at = NULL`,
        [s.topic, s.callback, s.secret, s.leaseUntil, s.contentHash, new Date().toISOString()],
      );
    },
    async deleteHubSubscription(topic, callback) {
      await pool.query('DELETE FROM websub_subscriptions WHERE topic = $1 AND callback = $2', [topic, callback]);
    },
    async activeHubSubscriptions(now) {
      const { rows } = await pool.query<HubSubscription>(
        `SELECT id, topic, callback, secret, lease_until AS "leaseUntil", content_hash AS "contentHash", attempts, next_attempt_at AS "nextAttemptAt"
         FROM websub_subscriptions WHERE lease_until > $1 ORDER BY id`,
        [now.toISOString()],
      );
      return rows;
    },
    async hubDelivered(id, hash) {
      await pool.query('UPDATE websub_subscriptions SET content_hash = $2, attempts = 0, next_attempt_at = NULL WHERE id = $1', [id, hash]);
    },
    async hubDeliveryFailed(id, retryAt, hash) {
      if (retryAt) await pool.query('UPDATE websub_subscriptions SET attempts = attempts + 1, next_attempt_at = $2 WHERE id = $1', [id, retryAt.toISOString()]);
      else await pool.query('UPDATE websub_subscriptions SET content_hash = $2, attempts = 0, next_attempt_at = NULL WHERE id = $1', [id, hash]);
    },
    async expireHubSubscriptions(now) {
      const r = await pool.query('DELETE FROM websub_subscriptions WHERE lease_until <= $1', [now.toISOString()]);
      return r.rowCount ?? 0;
    },

    async putSourceSubscription(s: SourceSubscription) {
      await pool.query(
        `INSERT INTO websub_sources (source_id, hub, topic, token, secret, state, lease_until, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (source_id) DO UPDATE SET hub = excluded.hub, topic = excluded.topic, token = excluded.token, secret = excluded.secret,
           state = excluded.state, lease_until = excluded.lease_until, requested_at = excluded.requested_at`,
        [s.sourceId, s.hub, s.topic, s.token, s.secret, s.state, s.leaseUntil, s.requestedAt],
      );
    },
    async sourceSubscriptions() {
      const { rows } = await pool.query<SourceSubscription>(
        `SELECT source_id AS "sourceId", hub, topic, token, secret, state, lease_until AS "leaseUntil", requested_at AS "requestedAt"
         FROM websub_sources ORDER BY source_id`,
      );
      return rows;
    },
    async deleteSourceSubscription(sourceId) {
      await pool.query('DELETE FROM websub_sources WHERE source_id = $1', [sourceId]);
    },
  };
}
