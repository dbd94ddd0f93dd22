import { createHmac } from 'node:crypto';
import { heading, isDigest, outletLine, tagLine } from './format.ts';
import { isAnswer, postJson, statusOutcome } from './http.ts';
import type { Notifier, NotifyStory } from './types.ts';

/**
 * 飞书 (Lark) custom bot: POST the webhook with a `post` (rich text) message. With signature verification on, the body
 * carries `timestamp` (seconds) and `sign` = base64(HMAC-SHA256 keyed with `timestamp + "\n" + secret`, over nothing);
 * 飞书 refuses a timestamp more than an hour off. It answers `{"code": 0}` on success; 9499 and 11232 are its rate
 * limits (100 a minute, 5 a second per bot), 19021 a bad signature or timestamp, 19024 a keyword the bot requires.
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

const RATE_LIMITED = new Set([9499, 11232]);

type Run = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

function storyLines(s: NotifyStory, numbered?: number): Run[][] {
  const title = s.title || '(无标题)';
  const head: Run[] = [
    ...(numbered ? [{ tag: 'text', text: `${numbered}. ` } as const] : []),
    s.url ? { tag: 'a', text: title, href: s.url } : { tag: 'text', text: title },
  ];
  const tags = tagLine(s);
  return [head, [{ tag: 'text', text: `${outletLine(s)}${tags ? `  ${tags}` : ''}` }]];
}

export const feishu: Notifier = {
  rate: { perMinute: 100, minGapMs: 200 },
  async send(message, ctx) {
    const content = isDigest(message) ? message.stories.flatMap((s, i) => storyLines(s, i + 1)) : storyLines(message.stories[0]!);
    const body: Record<string, unknown> = {
      msg_type: 'post',
      content: { post: { zh_cn: { title: heading(message), content } } },
    };
    if (ctx.target.secret) {
      const timestamp = Math.floor(ctx.now().getTime() / 1000);
      Object.assign(body, { timestamp: String(timestamp), sign: feishuSign(timestamp, ctx.target.secret.reveal()) });
    }
    const a = await postJson(ctx, ctx.target.url.reveal(), body);
    if (!isAnswer(a)) return a;
    const answer = a.json as { code?: number; StatusCode?: number; msg?: string; StatusMessage?: string } | null;
    // Older bots answer {"StatusCode": 0}; newer {"code": 0}.
    const code = answer?.code ?? answer?.StatusCode;
    if (a.status === 200 && code === 0) return { ok: true };
    if (typeof code !== 'number') return statusOutcome(a, '飞书');
    const error = `飞书 code ${code}: ${answer?.msg ?? answer?.StatusMessage ?? ''}`.trim();
    if (RATE_LIMITED.has(code) || a.status === 429) return { ok: false, error, retryAfterMs: 60_000 };
    return { ok: false, error };
  },
};
