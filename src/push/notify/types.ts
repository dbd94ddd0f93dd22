import type { ChannelTarget } from '../channels.ts';

/** A story as a notification shows it: labels already applied. */
export interface NotifyStory {
  storyId: number;
  title: string;
  /** The representative copy's link (absent when the feed gave none). */
  url: string | null;
  /** Every outlet that carried it, the representative first. */
  outlets: string[];
  /** Tag labels. */
  tags: string[];
  publishedAt: string;
}

/** One message to one channel: one story, or a digest of several that arrived together. */
export interface NotifyMessage {
  /** The output's title: a digest's heading, and the context of a single story. */
  outputTitle: string;
  stories: NotifyStory[];
  /** Idempotency key (the generic webhook sends it; the chat platforms have nowhere to put one). */
  key: string;
  /** `huiju notify test`: says so in the message. */
  test?: boolean;
}

/**
 * What one attempt came to. `retryAfterMs`: the platform said to slow down (429, 钉钉 130101, 企业微信 45009, 飞书 9499 or
 * 11232): the rows go back unpunished and the channel pauses that long. `permanent`: the message itself was refused
 * (too long, malformed): trying the same one again cannot succeed.
 */
export type SendOutcome = { ok: true } | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean };

export interface SendContext {
  target: ChannelTarget;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => Date;
}

/** One platform: how to write a message and send it (each module under notify/ exports one). */
export interface Notifier {
  /** Requests a minute the platform allows one robot / chat, and the least gap between two. */
  rate: { perMinute: number; minGapMs: number };
  send(message: NotifyMessage, ctx: SendContext): Promise<SendOutcome>;
}
