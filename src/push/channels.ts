import type { NotifyConfig, NotifyType, SecretRef } from '../config/push-schema.ts';
import type { OutputConfig } from '../config/schema.ts';
import { Secret } from './secret.ts';

/** Which of an output's stories a channel hears of: the output's own filter. */
export interface ChannelFilter {
  tags?: readonly string[];
  sources?: readonly string[];
  q?: string;
}

/** Where and how one channel sends, secrets resolved. */
export interface ChannelTarget {
  /** The webhook address (Telegram: the Bot API base). It carries a token on most platforms: a Secret. */
  url: Secret;
  secret?: Secret;
  /** Telegram's bot token and chat. */
  token?: Secret;
  chatId?: string;
}

/** One notify channel as the dispatcher and the notifiers see it. */
export interface ResolvedChannel {
  id: string;
  type: NotifyType;
  outputId: string;
  outputTitle: string;
  filter: ChannelFilter;
  enabled: boolean;
  onUpdate: boolean;
  maxAgeMs: number;
  digestAfter: number;
  /** Null when a secret it names is not set: `problem` says which; the channel records that as its error. */
  target: ChannelTarget | null;
  problem?: string;
}

class MissingEnv extends Error {}

function read(ref: SecretRef, env: NodeJS.ProcessEnv, what: string): Secret {
  if (typeof ref === 'string') return new Secret(ref);
  const value = env[ref.env];
  if (!value) throw new MissingEnv(`${what} names environment variable ${ref.env}, which is not set`);
  return new Secret(value);
}

function targetOf(n: NotifyConfig, env: NodeJS.ProcessEnv): ChannelTarget {
  if (n.type === 'telegram') {
    return { url: new Secret(n.apiBase), token: read(n.token, env, 'token'), chatId: String(n.chatId) };
  }
  const target: ChannelTarget = { url: read(n.url, env, 'url') };
  if ('secret' in n && n.secret !== undefined) target.secret = read(n.secret, env, 'secret');
  return target;
}

/** Every output's channels, in config order. A secret that is not set leaves its channel failing with a plain reason. */
export function resolveChannels(outputs: readonly OutputConfig[], env: NodeJS.ProcessEnv): ResolvedChannel[] {
  return outputs.flatMap((o) =>
    o.notify.map((n): ResolvedChannel => {
      const base = {
        id: n.id,
        type: n.type,
        outputId: o.id,
        outputTitle: o.title,
        filter: { tags: o.tags, sources: o.sources, q: o.q },
        enabled: n.enabled,
        onUpdate: n.onUpdate,
        maxAgeMs: n.maxAgeHours * 3_600_000,
        digestAfter: n.digestAfter,
      };
      try {
        return { ...base, target: targetOf(n, env) };
      } catch (err) {
        if (!(err instanceof MissingEnv)) throw err;
        return { ...base, target: null, problem: err.message };
      }
    }),
  );
}
