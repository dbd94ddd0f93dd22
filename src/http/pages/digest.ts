import type { Config, OutputConfig } from '../../config/schema.ts';
import type { PublishedDigest } from '../../model/digest.ts';
import type { Labels } from '../../publish/entry.ts';
import { pageDates } from './dates.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';

/** One published daily digest: its stories in order, each with every outlet that carried it, as the feed entry has them. */
export function digestPage(d: PublishedDigest, output: OutputConfig, config: Config, labels: Labels): string {
  const fmtTime = pageDates(config.defaults.timezone);
  const title = `${output.title} · ${d.day}`;
  const feed = `/feeds/${output.id}`;
  return layout(
    { title: `${title} · 汇聚 huiju`, current: 'home', feeds: { rss: `${feed}.xml`, atom: `${feed}.atom`, json: `${feed}.json` } },
    html`<section class="digest" data-digest="${d.outputId}" data-day="${d.day}">
<h2>${title}</h2>
<p class="meta">发布于 <time datetime="${d.publishedAt}">${fmtTime(d.publishedAt)}</time> · 过去 24 小时报道媒体最多的 ${d.stories.length} 条新闻 · 订阅：<a href="${feed}.xml">RSS</a> · <a href="${feed}.atom">Atom</a> · <a href="${feed}.json">JSON Feed</a></p>
<ol>${d.stories.map(
      (s) => html`<li data-story="${s.id}"><a href="${s.url ?? `/items/${s.id}`}" rel="noopener">${s.title || '(无标题)'}</a>
<div class="meta outlets"><strong>${s.outlets.length} 家媒体报道</strong>：${s.outlets.map((o, i) => html`${i ? '、' : ''}${o.url ? html`<a href="${o.url}" rel="noopener" data-outlet="${o.id}">${o.name}</a>` : o.name}`)}</div>
${s.tags.length ? html`<div class="chips">${s.tags.map((t) => html`<a class="chip" data-tag="${t}" href="/?tag=${encodeURIComponent(t)}">${labels.tag(t)}</a>`)}</div>` : ''}</li>`,
    )}</ol>
</section>`,
  );
}
