import type { Config } from '../config/schema.ts';
import type { Store } from '../store/store.ts';

/** One channel as /api/notifications and /metrics show it: counts and times, never its address or secret. */
export interface ChannelStatus {
  id: string;
  type: string;
  output: string | null;
  enabled: boolean;
  /** False for a channel feeds.json no longer has but whose counts remain. */
  configured: boolean;
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  /** Why the channel cannot send at all (a secret's environment variable unset). */
  problem?: string;
}

export async function channelStatuses(store: Store, config: Config): Promise<ChannelStatus[]> {
  const stats = new Map((await store.push.channelStats()).map((s) => [s.channel, s]));
  const out: ChannelStatus[] = config.channels.map((c) => {
    const s = stats.get(c.id);
    stats.delete(c.id);
    return {
      id: c.id,
      type: c.type,
      output: c.outputId,
      enabled: c.enabled,
      configured: true,
      queued: s?.queued ?? 0,
      sent: s?.sent ?? 0,
      failed: s?.failed ?? 0,
      dropped: s?.dropped ?? 0,
      lastSuccessAt: s?.lastSuccessAt ?? null,
      lastErrorAt: s?.lastErrorAt ?? null,
      lastError: s?.lastError ?? null,
      ...(c.problem ? { problem: c.problem } : {}),
    };
  });
  for (const s of stats.values()) {
    const { channel, ...counts } = s;
    out.push({ id: channel, type: 'unknown', output: null, enabled: false, configured: false, ...counts });
  }
  return out;
}
