import { markdownBody } from './format.ts';
import { isAnswer, postJson, statusOutcome } from './http.ts';
import type { Notifier } from './types.ts';

/**
 * 企业微信 group robot: POST the webhook (`…/cgi-bin/webhook/send?key=…`) with a `markdown` message; the key in the URL
 * is the only credential. It answers `{"errcode": 0, "errmsg": "ok"}`; 45009 is its rate limit (20 messages a minute
 * per robot), 93000 a webhook URL that is not valid, 40058 a malformed message. Markdown content is at most 4096 bytes.
 */
const MAX_BYTES = 4096;

export const wecom: Notifier = {
  rate: { perMinute: 20, minGapMs: 3_000 },
  async send(message, ctx) {
    const a = await postJson(ctx, ctx.target.url.reveal(), { msgtype: 'markdown', markdown: { content: markdownBody(message, MAX_BYTES) } });
    if (!isAnswer(a)) return a;
    const answer = a.json as { errcode?: number; errmsg?: string } | null;
    if (a.status === 200 && answer?.errcode === 0) return { ok: true };
    if (typeof answer?.errcode !== 'number') return statusOutcome(a, '企业微信');
    const error = `企业微信 errcode ${answer.errcode}: ${answer.errmsg ?? ''}`.trim();
    if (answer.errcode === 45009) return { ok: false, error, retryAfterMs: 60_000 };
    return { ok: false, error, permanent: answer.errcode === 40058 };
  },
};
