import type { NotifyMessage, NotifyStory } from './types.ts';

/**
 * The words of a notification, shared by every platform: a headline, the outlets that carried it, its tags, its link.
 * Each platform module only marks them up (Markdown, HTML, rich text). Digests list headlines, each with its outlets.
 */

export const isDigest = (m: NotifyMessage) => m.stories.length > 1;

/** `36氪 · 机器之心 等 4 家` — the outlets, shortened after three. */
export function outletLine(s: NotifyStory): string {
  const shown = s.outlets.slice(0, 3).join(' · ');
  return s.outlets.length > 3 ? `${shown} 等 ${s.outlets.length} 家` : shown;
}

export function tagLine(s: NotifyStory): string {
  return s.tags.map((t) => `#${t}`).join(' ');
}

/** The heading of a message: a digest says how many stories it holds. */
export function heading(m: NotifyMessage): string {
  const prefix = m.test ? '[测试] ' : '';
  return isDigest(m) ? `${prefix}${m.outputTitle}：${m.stories.length} 条新闻` : `${prefix}${m.stories[0]!.title || '(无标题)'}`;
}

/**
 * Keep a message within a platform's size limit (企业微信 markdown 4096 bytes, Telegram 4096 characters): stories are
 * dropped from the end of a digest, and a line says how many more there were.
 */
export function fitStories<T>(stories: readonly NotifyStory[], render: (shown: readonly NotifyStory[], more: number) => T, size: (t: T) => number, max: number): T {
  for (let n = stories.length; n > 1; n--) {
    const out = render(stories.slice(0, n), stories.length - n);
    if (size(out) <= max) return out;
  }
  return render(stories.slice(0, 1), stories.length - 1);
}

export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Markdown as 钉钉, 企业微信 and Slack-less readers take it: `[title](url)` links, `>` quotes. */
export function markdownBody(m: NotifyMessage, max: number, link = (t: string, u: string) => `[${t}](${u})`): string {
  const story = (s: NotifyStory) => {
    const title = s.url ? link(s.title || '(无标题)', s.url) : s.title || '(无标题)';
    const tags = tagLine(s);
    return `${title}\n> ${outletLine(s)}${tags ? `　${tags}` : ''}`;
  };
  if (!isDigest(m)) return `### ${heading(m)}\n${story(m.stories[0]!)}`;
  return fitStories(
    m.stories,
    (shown, more) => [`### ${heading(m)}`, ...shown.map((s, i) => `${i + 1}. ${story(s)}`), more ? `…… 另有 ${more} 条` : ''].filter(Boolean).join('\n\n'),
    utf8Bytes,
    max,
  );
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
