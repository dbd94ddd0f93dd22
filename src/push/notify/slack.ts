import { heading, isDigest, outletLine, tagLine } from './format.ts';
import { isAnswer, postJson, retryAfterMs } from './http.ts';
import type { Notifier, NotifyStory } from './types.ts';

/**
 * Slack incoming webhook: POST `{"text": …}` in Slack's mrkdwn (`<url|title>` links; &, < and > escaped). It answers
 * 200 `ok`; 429 with Retry-After when over its limit (about one message a second per webhook); 400 `invalid_payload`,
 * 403 `action_prohibited`, 404 `no_service`, 410 `channel_is_archived` as plain text.
 */
const mrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function line(s: NotifyStory): string {
  const title = mrkdwn(s.title || '(无标题)');
  const tags = tagLine(s);
  return `${s.url ? `<${s.url}|${title}>` : `*${title}*`}\n_${mrkdwn(outletLine(s))}_${tags ? `  ${mrkdwn(tags)}` : ''}`;
}

export const slack: Notifier = {
  rate: { perMinute: 60, minGapMs: 1_000 },
  async send(message, ctx) {
    const text = isDigest(message)
      ? [`*${mrkdwn(heading(message))}*`, ...message.stories.map((s, i) => `${i + 1}. ${line(s)}`)].join('\n')
      : `${message.test ? '[测试] ' : ''}${line(message.stories[0]!)}`;
    const a = await postJson(ctx, ctx.target.url.reveal(), { text, unfurl_links: false });
    if (!isAnswer(a)) return a;
    if (a.status === 200) return { ok: true };
    const error = `Slack: HTTP ${a.status} ${a.text.slice(0, 100)}`.trim();
    if (a.status === 429) return { ok: false, error, retryAfterMs: retryAfterMs(a.headers, 30_000) };
    return { ok: false, error, permanent: a.status === 400 };
  },
};
