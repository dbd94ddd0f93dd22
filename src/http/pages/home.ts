import type { Config } from '../../config/schema.ts';
import { outletsOf, webUrl, type Labels } from '../../publish/entry.ts';
import type { StorySummary } from '../../model/story.ts';
import type { SourceCounts } from '../source-health.ts';
import { pageDates } from './dates.ts';
import { html, Markup } from './html.ts';
import { layout } from './layout.ts';

export interface HomeView {
  config: Config;
  labels: Labels;
  stories: StorySummary[];
  /** Highlighted excerpts (HTML with <mark>) by story id, when searching. */
  snippets: Map<number, string>;
  tagCounts: Map<string, number>;
  activeTags: readonly string[];
  activeSources: readonly string[];
  q: string;
  /** The link to the next page (every parameter of this one, and its cursor), or null on the last page. */
  next: string | null;
  /** How the sources' last fetches went: read only for an empty, unfiltered page, to say why it is empty. */
  sourceCounts?: SourceCounts | null;
}

/** Where a story's title leads: the outlet's article, or huiju's own page of it when the story has no web link. */
export const storyLink = (s: Pick<StorySummary, 'id' | 'url'>): string => webUrl(s.url) ?? `/items/${s.id}`;

/** `?a=1&b=2` from the defined values, or '' when there are none. */
function query(params: Record<string, string | undefined>): string {
  const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return qs ? `?${qs}` : '';
}

/** A link to the home page with these filters. */
const home = (params: Record<string, string | undefined>) => `/${query(params)}`;

function storyHtml(s: StorySummary, v: HomeView, fmtTime: (iso: string) => string): Markup {
  const outlets = outletsOf(s, v.labels);
  const snippet = v.snippets.get(s.id);
  const summary = s.summary && s.summary.length > 160 ? `${s.summary.slice(0, 160)}…` : s.summary;
  return html`<article data-story="${s.id}">
<h2><a href="${storyLink(s)}" rel="noopener">${s.title || '(无标题)'}</a></h2>
<div class="meta outlets"><time datetime="${s.publishedAt}">${fmtTime(s.publishedAt)}</time> · ${outlets.map((o, i) => html`${i ? '、' : ''}<a href="${o.url ?? '#'}" rel="noopener" data-outlet="${o.id}">${o.name}</a>`)}${outlets.length > 1 ? html` · <strong>${outlets.length} 家媒体报道</strong>` : ''}</div>
${snippet ? html`<p class="summary">${new Markup(snippet)}</p>` : summary ? html`<p class="summary">${summary}</p>` : ''}
${s.tags.length ? html`<div class="chips">${s.tags.map((t) => html`<a class="chip" data-tag="${t}" href="${home({ tag: t })}">${v.labels.tag(t)}</a>`)}<a class="why" href="/items/${s.id}#why" title="为什么有这些标签">为什么？</a></div>` : ''}
</article>`;
}

function subscribeLinks(v: HomeView, feedQuery: string): Markup {
  const outputs = v.config.outputs.map(
    (o) => html`<li>${o.title}：<a href="/feeds/${o.id}.xml">RSS</a> · <a href="/feeds/${o.id}.atom">Atom</a> · <a href="/feeds/${o.id}.json">JSON Feed</a></li>`,
  );
  return html`<div class="subscribe"><span class="meta">订阅${feedQuery ? '当前筛选' : '全部'}：</span><a href="/feed.xml${feedQuery}" data-feed="rss">RSS</a> · <a href="/feed.atom${feedQuery}">Atom</a> · <a href="/feed.json${feedQuery}">JSON Feed</a>
<details><summary>更多订阅</summary><ul>${outputs}<li>信息源列表：<a href="/opml">OPML</a></li></ul></details></div>`;
}

/** Why the page is empty: nothing matches, nothing fetched yet, or nothing could be fetched (then: see /sources). */
function emptyNotice(v: HomeView, filtered: boolean): Markup {
  if (filtered) return html`<p class="empty">没有符合条件的新闻。</p>`;
  const c = v.sourceCounts;
  if (c && c.failing > 0 && c.ok === 0) {
    const all = c.pending === 0 ? `全部 ${c.failing} 个` : `${c.failing} 个`;
    return html`<p class="empty">${all}信息源抓取失败，暂无新闻。请到<a href="/sources">信息源</a>页面查看出错原因。</p>`;
  }
  return html`<p class="empty">暂无新闻。信息源抓取后会出现在这里（<a href="/sources">查看信息源状态</a>）。</p>`;
}

export function homePage(v: HomeView): string {
  const fmtTime = pageDates(v.config.defaults.timezone);
  const active = new Set(v.activeTags);
  const tag = v.activeTags.join(',') || undefined;
  const source = v.activeSources.join(',') || undefined;
  const q = v.q || undefined;
  const chips = v.config.tags
    .filter((t) => (v.tagCounts.get(t.id) ?? 0) > 0 || active.has(t.id))
    .map(
      (t) =>
        html`<a class="chip${active.has(t.id) ? ' on' : ''}" data-tag="${t.id}" href="${home({ tag: active.has(t.id) ? undefined : t.id, source, q })}"${active.has(t.id) ? html` aria-pressed="true"` : ''}>${t.label} <span>${v.tagCounts.get(t.id) ?? 0}</span></a>`,
    );
  const feedQuery = query({ tag, source, q });
  const filters = [
    ...v.activeSources.map((s) => html`<a class="chip on" href="${home({ tag, q })}" title="取消">来源：${v.labels.source(s)} ×</a>`),
    ...(q ? [html`<a class="chip on" href="${home({ tag, source })}" title="取消">搜索：${q} ×</a>`] : []),
  ];
  const title = q ? `${q} · 汇聚 huiju` : '汇聚 huiju · AI 产业新闻';
  return layout(
    { title, current: 'home', feeds: { rss: `/feed.xml${feedQuery}`, atom: `/feed.atom${feedQuery}`, json: `/feed.json${feedQuery}` } },
    html`<form class="search" action="/" method="get" role="search">
<input type="search" name="q" value="${v.q}" placeholder="搜索新闻，例如 大模型、具身智能" aria-label="搜索" maxlength="200">
${tag ? html`<input type="hidden" name="tag" value="${tag}">` : ''}${source ? html`<input type="hidden" name="source" value="${source}">` : ''}
<button type="submit">搜索</button></form>
<nav class="chips" id="tags" aria-label="标签">${chips}</nav>
${filters.length ? html`<div class="chips filters">${filters}</div>` : ''}
${subscribeLinks(v, feedQuery)}
<section id="stories">${v.stories.length ? v.stories.map((s) => storyHtml(s, v, fmtTime)) : emptyNotice(v, !!(q || tag || source))}</section>
${v.next ? html`<a class="more" rel="next" href="${v.next}">更多</a>` : ''}`,
  );
}
