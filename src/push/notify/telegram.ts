import { escapeHtml, fitStories, heading, isDigest, outletLine, tagLine } from './format.ts';
import { isAnswer, postJson, statusOutcome } from './http.ts';
import type { Notifier, NotifyStory } from './types.ts';

/**
 * Telegram Bot API `sendMessage`: POST `{apiBase}/bot{token}/sendMessage` with `chat_id` and HTML `text` (at most 4096
 * characters). It answers `{"ok": true, …}`, or `{"ok": false, "error_code", "description"}`; flood control is 429
 * with `parameters.retry_after` seconds. Telegram asks bots to stay near one message a second per chat (20 a minute in
 * a group).
 */
const MAX_CHARS = 4096;

function line(s: NotifyStory): string {
  const title = escapeHtml(s.title || '(无标题)');
  const tags = tagLine(s);
  return `${s.url ? `<a href="${escapeHtml(s.url)}">${title}</a>` : `<b>${title}</b>`}\n<i>${escapeHtml(outletLine(s))}</i>${tags ? ` ${escapeHtml(tags)}` : ''}`;
}

export const telegram: Notifier = {
  rate: { perMinute: 20, minGapMs: 1_000 },
  async send(message, ctx) {
    const text = isDigest(message)
      ? fitStories(
          message.stories,
          (shown, more) =>
            [`<b>${escapeHtml(heading(message))}</b>`, ...shown.map((s, i) => `${i + 1}. ${line(s)}`), more ? `…… 另有 ${more} 条` : ''].filter(Boolean).join('\n\n'),
          (t) => t.length,
          MAX_CHARS,
        )
      : `${message.test ? '[测试] ' : ''}${line(message.stories[0]!)}`;
    const base = ctx.target.url.reveal().replace(/\/+$/, '');
    const a = await postJson(ctx, `${base}/bot${ctx.target.token!.reveal()}/sendMessage`, {
      chat_id: ctx.target.chatId,
      text,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: isDigest(message) },
    });
    if (!isAnswer(a)) return a;
    const answer = a.json as { ok?: boolean; error_code?: number; description?: string; parameters?: { retry_after?: number } } | null;
    if (answer?.ok === true) return { ok: true };
    if (typeof answer?.ok !== 'boolean') return statusOutcome(a, 'Telegram');
    const error = `Telegram ${answer.error_code ?? a.status}: ${answer.description ?? ''}`.trim();
    if (answer.error_code === 429) return { ok: false, error, retryAfterMs: (answer.parameters?.retry_after ?? 30) * 1000 };
    return { ok: false, error, permanent: answer.error_code === 400 };
  },
};
