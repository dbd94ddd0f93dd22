import type { Config } from '../config/schema.ts';
import type { ChannelStats } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';

/** One channel as /api/notifications and /metrics show it: counts and times, never its address or secret. */
export interface ChannelStatus extends Omit<ChannelStats, 'channel'> {
  id: string;
  type: string;
  output: string | null;
  enabled: boolean;
  /** False for a channel feeds.json no longer has but whose counts remain. */
  configured: boolean;
  /** Why the channel cannot send at all (a secret's environment variable unset). */
  problem?: string;
}

/** A configured channel that has sent nothing yet. */
const NO_ACTIVITY: ChannelStats = { channel: '', queued: 0, sent: 0, failed: 0, dropped: 0, lastSuccessAt: null, lastErrorAt: null, lastError: null };

export async function channelStatuses(store: Store, config: Config): Promise<ChannelStatus[]> {
  const stats = new Map((await store.push.channelStats()).map((s) => [s.channel, s]));
  const out: ChannelStatus[] = config.channels.map((c) => {
    const { channel: _, ...counts } = stats.get(c.id) ?? NO_ACTIVITY;
    stats.delete(c.id);
    return { id: c.id, type: c.type, output: c.outputId, enabled: c.enabled, configured: true, ...counts, ...(c.problem ? { problem: c.problem } : {}) };
  });
  for (const s of stats.values()) {
    const { channel, ...counts } = s;
    out.push({ id: channel, type: 'unknown', output: null, enabled: false, configured: false, ...counts });
  }
  return out;
}
