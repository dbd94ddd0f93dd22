import type { Config } from '../../config/schema.ts';
import type { Labels } from '../../publish/feed-document.ts';
import type { StorySummary } from '../../store/queries.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';

export interface HomeView {
  config: Config;
  labels: Labels;
  stories: StorySummary[];
  tagCounts: Map<string, number>;
  activeTags: readonly string[];
  q: string;
}

function fmtTime(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function query(params: Record<string, string | undefined>): string {
  const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return qs ? `?${qs}` : '';
}

export function homePage(v: HomeView): string {
  const active = new Set(v.activeTags);
  const chips = v.config.tags
    .filter((t) => (v.tagCounts.get(t.id) ?? 0) > 0 || active.has(t.id))
    .map(
      (t) =>
        html`<a class="chip${active.has(t.id) ? ' on' : ''}" data-tag="${t.id}" href="${query({ tag: active.has(t.id) ? undefined : t.id, q: v.q || undefined })}">${t.label} <span>${v.tagCounts.get(t.id) ?? 0}</span></a>`,
    );
  const feedQuery = query({ tag: v.activeTags.join(',') || undefined, q: v.q || undefined });
  const outputs = v.config.outputs.map((o) => html`<a class="chip" href="/feeds/${o.id}.xml">${o.title} RSS</a>`);
  const stories = v.stories.map((s) => {
    const outlets = [s.source, ...s.duplicates.map((d) => d.source)].filter((x, i, all) => all.indexOf(x) === i);
    return html`<article data-story="${s.id}">
<h2><a href="${s.url ?? '#'}" rel="noopener">${s.title || '(无标题)'}</a></h2>
<div class="meta">${fmtTime(s.publishedAt)} · ${outlets.map((o) => v.labels.source(o)).join('、')}${s.duplicates.length ? html` · <strong>${outlets.length} 家媒体报道</strong>` : ''}</div>
${s.summary ? html`<p class="summary">${s.summary.length > 160 ? `${s.summary.slice(0, 160)}…` : s.summary}</p>` : ''}
<div class="chips">${s.tags.map((t) => html`<a class="chip" data-tag="${t}" href="${query({ tag: t })}">${v.labels.tag(t)}</a>`)}</div>
</article>`;
  });
  return layout(
    v.q ? `${v.q} · 汇聚 huiju` : '汇聚 huiju · AI 产业新闻',
    html`<form class="search" action="/" method="get" role="search">
<input type="search" name="q" value="${v.q}" placeholder="搜索新闻，例如 大模型、具身智能" aria-label="搜索">
${v.activeTags.length ? html`<input type="hidden" name="tag" value="${v.activeTags.join(',')}">` : ''}
<button type="submit">搜索</button></form>
<div class="chips" id="tags">${chips}</div>
<p class="meta">订阅：<a href="/feed.xml${feedQuery}">RSS</a> · <a href="/feed.atom${feedQuery}">Atom</a> · <a href="/feed.json${feedQuery}">JSON Feed</a> ${outputs}</p>
<section id="stories">${stories.length ? stories : html`<p>暂无新闻。信息源抓取后会出现在这里。</p>`}</section>`,
  );
}
