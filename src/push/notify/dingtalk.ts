import { createHmac } from 'node:crypto';
import { heading, markdownBody } from './format.ts';
import { isAnswer, postJson, statusOutcome } from './http.ts';
import type { Notifier } from './types.ts';

/**
 * 钉钉 custom robot: POST the webhook (`…/robot/send?access_token=…`) with a `markdown` message. With 加签 on, the URL
 * also carries `timestamp` (milliseconds) and `sign` = urlEncode(base64(HMAC-SHA256 keyed with the secret, over
 * `timestamp + "\n" + secret`)); 钉钉 refuses a timestamp more than an hour off. It answers `{"errcode": 0}`; 130101 is
 * "sending too fast" (20 messages a minute per robot, then a 10-minute mute), 310000 a bad signature, keyword or IP.
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** 钉钉 markdown text is limited to 20,000 bytes; digests stay far below, at the size a phone screen shows. */
const MAX_BYTES = 4000;

export const dingtalk: Notifier = {
  rate: { perMinute: 20, minGapMs: 3_000 },
  async send(message, ctx) {
    const url = new URL(ctx.target.url.reveal());
    if (ctx.target.secret) {
      const timestamp = ctx.now().getTime();
      url.searchParams.set('timestamp', String(timestamp));
      url.searchParams.set('sign', dingtalkSign(timestamp, ctx.target.secret.reveal()));
    }
    const a = await postJson(ctx, url.toString(), { msgtype: 'markdown', markdown: { title: heading(message), text: markdownBody(message, MAX_BYTES) } });
    if (!isAnswer(a)) return a;
    const answer = a.json as { errcode?: number; errmsg?: string } | null;
    if (a.status === 200 && answer?.errcode === 0) return { ok: true };
    if (typeof answer?.errcode !== 'number') return statusOutcome(a, '钉钉');
    const error = `钉钉 errcode ${answer.errcode}: ${answer.errmsg ?? ''}`.trim();
    if (answer.errcode === 130101) return { ok: false, error, retryAfterMs: 60_000 };
    return { ok: false, error };
  },
};
