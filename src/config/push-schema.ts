import { z } from 'zod';
import { httpUrl, slug } from './primitives.ts';

/**
 * feeds.json's push settings: `outputs[].notify[]` (chat groups and webhooks that hear of each new story of an output),
 * `outputs[].websub` (external hubs to ping) and the top-level `websub` block (huiju's own hub, and subscribing to
 * sources that advertise one). Secrets may be written in place or as `{"env": "NAME"}`, read at the config edge
 * (resolve.ts) and never written anywhere.
 */



/** A secret, in place or named by the environment variable that holds it. */
export const secretRef = z.union([
  z.string().min(1),
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') }).strict(),
]);
export type SecretRef = z.infer<typeof secretRef>;

/** A webhook address that carries its own token (钉钉 access_token, 企业微信 key, Slack's path): a secret too. */
const urlRef = z.union([httpUrl, z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }).strict()]);

const common = {
  id: slug,
  enabled: z.boolean().default(true),
  /** Send a story again when it changes (a copy edited, another outlet joins). Default: once per story. */
  onUpdate: z.boolean().default(false),
  /** A story published longer ago than this is never sent: a first start, or a new source's back catalogue, floods no one. */
  maxAgeHours: z.number().positive().max(24 * 30).default(24),
  /** This many stories or more waiting at once go out as one digest message. */
  digestAfter: z.number().int().min(2).max(50).default(4),
};

export const notifySchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('feishu'), url: urlRef, secret: secretRef.optional() }).strict(),
  z.object({ ...common, type: z.literal('dingtalk'), url: urlRef, secret: secretRef.optional() }).strict(),
  z.object({ ...common, type: z.literal('wecom'), url: urlRef }).strict(),
  z.object({ ...common, type: z.literal('slack'), url: urlRef }).strict(),
  z
    .object({
      ...common,
      type: z.literal('telegram'),
      token: secretRef,
      chatId: z.union([z.string().min(1), z.number().int()]),
      /** The Bot API's address (a local Bot API server, or a test's). */
      apiBase: httpUrl.default('https://api.telegram.org'),
    })
    .strict(),
  z.object({ ...common, type: z.literal('webhook'), url: urlRef, secret: secretRef.optional() }).strict(),
]);
export type NotifyConfig = z.infer<typeof notifySchema>;
export type NotifyType = NotifyConfig['type'];

/** Per output: external hubs told of each change of its feeds, besides huiju's own. */
export const outputWebsubSchema = z.object({ hubs: z.array(httpUrl).default([]) }).strict();

export const websubSchema = z
  .object({
    /** Run huiju's own hub at /websub and advertise it in every feed. */
    hub: z.boolean().default(true),
    /** Leases the hub grants: a subscriber's hub.lease_seconds is clamped into [min, max]. */
    leaseSeconds: z
      .object({
        default: z.number().int().positive().default(10 * 86_400),
        min: z.number().int().positive().default(3_600),
        max: z.number().int().positive().default(30 * 86_400),
      })
      .strict()
      .prefault({}),
    /** huiju's public URL (https://news.example.com): with it, sources whose feed names a hub are subscribed to. */
    callbackBase: httpUrl.optional(),
    /** A source pushed to by its hub is still polled, this many times less often, as a safety net. */
    pollSlowdown: z.number().min(1).max(100).default(4),
  })
  .strict()
  .prefault({});

/** Channel ids are global (`huiju notify test ID`, /api/notifications): each once across all outputs. */
export function notifyCrossChecks(outputs: unknown): { path: (string | number)[]; message: string }[] {
  if (!Array.isArray(outputs)) return [];
  const seen = new Map<string, string>();
  const problems: { path: (string | number)[]; message: string }[] = [];
  outputs.forEach((o, i) => {
    const notify = (o as { notify?: unknown } | null)?.notify;
    if (!Array.isArray(notify)) return;
    notify.forEach((n, j) => {
      const id = (n as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') return;
      const earlier = seen.get(id);
      if (earlier) problems.push({ path: ['outputs', i, 'notify', j, 'id'], message: `duplicate notify id "${id}": ${earlier} has it too` });
      else seen.set(id, `outputs[${i}].notify[${j}]`);
    });
  });
  return problems;
}
