import type { Trends } from '../trends.ts';
import { html, Markup } from './html.ts';
import { layout } from './layout.ts';
import { TRENDS_SCRIPT_VERSION } from './trends-script.ts';

/** JSON inside <script type="application/json">: `<` escaped so no text in a label can close the element. */
const embedJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * /trends: stories per tag per day as a chart (uPlot, drawn by /static/trends.js; the same figures as a table below
 * for readers without script), the tags rising this week against last, and the companies with the most stories.
 */
export function trendsPage(t: Trends, days: number, chartVersion: string): string {
  const tableHead = html`<tr><th>日期</th>${t.series.map((s) => html`<th>${s.label}</th>`)}</tr>`;
  const tableRows = t.days.map((d, i) => html`<tr><td>${d}</td>${t.series.map((s) => html`<td>${s.counts[i] ?? 0}</td>`)}</tr>`);
  const ranges = [7, 14, 30, 90].map((n) => html`<a class="chip${n === days ? ' on' : ''}" href="/trends?days=${n}">${n} 天</a>`);
  return layout(
    { title: '趋势 · 汇聚 huiju', current: 'trends' },
    html`<link rel="stylesheet" href="/static/uplot.css?v=${chartVersion}">
<section class="trends">
<h2>各标签每日新闻数</h2>
<nav class="chips" aria-label="时间范围">${ranges}</nav>
<div id="trend-chart" class="chart" role="img" aria-label="各标签每日新闻数折线图"></div>
<details><summary>数据表</summary><table class="trend-table">${tableHead}${tableRows}</table></details>
<script type="application/json" id="trend-data">${new Markup(embedJson({ days: t.days, series: t.series }))}</script>
<h2>本周上升的标签</h2>
${t.rising.length ? html`<ol class="rising">${t.rising.map((r) => html`<li data-tag="${r.tag}"><a href="/?tag=${encodeURIComponent(r.tag)}">${r.label}</a>：本周 ${r.thisWeek} 条，上周 ${r.lastWeek} 条（+${r.change}）</li>`)}</ol>` : html`<p class="empty">本周没有比上周更多新闻的标签。</p>`}
<h2>新闻最多的公司（近 ${days} 天）</h2>
${t.companies.length ? html`<ol class="companies">${t.companies.map((c) => html`<li data-tag="${c.tag}"><a href="/?tag=${encodeURIComponent(c.tag)}">${c.label}</a>：${c.stories} 条</li>`)}</ol>` : html`<p class="empty">近 ${days} 天没有公司相关新闻（公司列表见 feeds.json 的 trends.companies）。</p>`}
<p class="meta">日期按 ${t.timezone} 计 · <a href="/api/trends?days=${days}">JSON</a></p>
</section>
<script src="/static/uplot.js?v=${chartVersion}"></script>
<script src="/static/trends.js?v=${TRENDS_SCRIPT_VERSION}"></script>`,
  );
}
