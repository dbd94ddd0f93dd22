import { createHmac } from 'node:crypto';
import { isAnswer, postJson, retryAfterMs } from './http.ts';
import type { Notifier } from './types.ts';

/**
 * A generic JSON webhook, for anything else (n8n, a team's own bot). The body is `{"type": "huiju.stories", "id",
 * "output", "test", "stories": [...]}`. Headers: `Idempotency-Key` (the same on every attempt at one delivery: drop
 * repeats), `X-Huiju-Timestamp` (Unix seconds) and, with a secret, `X-Huiju-Signature-256: sha256=` + hex
 * HMAC-SHA256 of `timestamp + "." + body`: check it, and refuse a timestamp more than a few minutes off (replays).
 * Any 2xx is success; 429 waits for Retry-After; 400, 413 and 422 give the message up; anything else is retried.
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export const webhook: Notifier = {
  rate: { perMinute: 600, minGapMs: 0 },
  async send(message, ctx) {
    const body = JSON.stringify({ type: 'huiju.stories', id: message.key, output: message.outputTitle, test: message.test ?? false, stories: message.stories });
    const timestamp = String(Math.floor(ctx.now().getTime() / 1000));
    const headers: Record<string, string> = { 'idempotency-key': message.key, 'x-huiju-timestamp': timestamp };
    if (ctx.target.secret) headers['x-huiju-signature-256'] = webhookSignature(ctx.target.secret.reveal(), timestamp, body);
    const a = await postJson(ctx, ctx.target.url.reveal(), body, headers);
    if (!isAnswer(a)) return a;
    if (a.status >= 200 && a.status < 300) return { ok: true };
    const error = `webhook: HTTP ${a.status}`;
    if (a.status === 429) return { ok: false, error, retryAfterMs: retryAfterMs(a.headers, 30_000) };
    return { ok: false, error, permanent: [400, 413, 422].includes(a.status) };
  },
};
