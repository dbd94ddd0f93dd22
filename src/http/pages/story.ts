import type { Config } from '../../config/schema.ts';
import type { StorySummary } from '../../model/story.ts';
import { matchedTerms, type StoredTagMatch } from '../../tag/explain.ts';
import { entryHtml, outletsOf, type Labels } from '../../publish/entry.ts';
import { pageDates } from './dates.ts';
import { html, Markup } from './html.ts';
import { layout } from './layout.ts';

/**
 * One story on huiju's own page: for stories with no web link of their own (a wire flash, an item whose feed gave only
 * a guid), where the title on the home page leads. The body is the same sanitised HTML the feeds carry.
 */
export function storyPage(story: StorySummary, config: Config, labels: Labels, evidence: readonly StoredTagMatch[] = []): string {
  const fmtTime = pageDates(config.defaults.timezone);
  const outlets = outletsOf(story, labels);
  const title = story.title || '(无标题)';
  return layout(
    { title: `${title} · 汇聚 huiju`, current: 'home' },
    html`<article data-story="${story.id}">
<h2>${title}</h2>
<div class="meta outlets"><time datetime="${story.publishedAt}">${fmtTime(story.publishedAt)}</time> · ${outlets.map((o, i) => html`${i ? '、' : ''}${o.url ? html`<a href="${o.url}" rel="noopener" data-outlet="${o.id}">${o.name}</a>` : html`<span data-outlet="${o.id}">${o.name}</span>`}`)}${story.author ? html` · ${story.author}` : ''}</div>
${story.tags.length ? html`<div class="chips">${story.tags.map((t) => html`<a class="chip" data-tag="${t}" href="/?tag=${encodeURIComponent(t)}"${termsTitle(evidence, t)}>${labels.tag(t)}</a>`)}</div>` : ''}
${whyTagged(story, labels, evidence)}
<div class="body">${new Markup(entryHtml(story, labels))}</div>
<p class="meta"><a href="/">返回最新新闻</a> · <a href="/api/items/${story.id}">JSON</a></p>
</article>`,
  );
}

/** The chip's tooltip: the terms that matched, for a reader who hovers. */
function termsTitle(evidence: readonly StoredTagMatch[], tag: string): Markup | '' {
  const terms = matchedTerms(evidence, tag);
  return terms.length ? html` title="${`匹配：${terms.map((t) => t.term).join('、')}`}"` : '';
}

/** Why the story carries each tag, folded away until a reader opens it (no script: the page's CSP forbids any). */
function whyTagged(story: StorySummary, labels: Labels, evidence: readonly StoredTagMatch[]): Markup | '' {
  const rows = story.tags.map((t) => ({ tag: t, terms: matchedTerms(evidence, t) })).filter((r) => r.terms.length > 0);
  if (rows.length === 0) return '';
  return html`<details class="why" id="why"><summary>为什么有这些标签</summary><ul>${rows.map(
    (r) => html`<li data-tag="${r.tag}">${labels.tag(r.tag)}：${r.terms.map((t, i) => html`${i ? '、' : ''}<q>${t.term}</q>${t.inTitle ? '（标题）' : ''}${t.byModel ? '（模型）' : ''}`)}</li>`,
  )}</ul></details>`;
}
