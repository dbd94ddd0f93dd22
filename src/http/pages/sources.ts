import type { SourceHealth } from '../source-health.ts';
import { pageDates } from './dates.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';

const STATUS_LABEL = { ok: '正常', error: '出错', pending: '等待抓取' } as const;

/** Each source's health, as cards rather than a table: a phone screen has no room for eight columns. */
export function sourcesPage(sources: readonly SourceHealth[], timezone: string): string {
  const fmtTime = pageDates(timezone);
  const failing = sources.filter((s) => s.status === 'error').length;
  const cards = sources.map(
    (s) => html`<div class="source" data-source="${s.id}">
<h2><a href="/?source=${s.id}">${s.name}</a> <span class="status ${s.status}">${s.enabled ? STATUS_LABEL[s.status] : '已停用'}</span></h2>
<dl>
<dt>编号</dt><dd>${s.id}</dd>
<dt>地址</dt><dd><a href="${s.url}" rel="noopener">${s.url}</a></dd>
${s.lastError ? html`<dt>错误</dt><dd class="error">${s.lastError}（连续 ${s.consecutiveFailures} 次）</dd>` : ''}
<dt>条目</dt><dd>${s.itemCount}</dd>
<dt>上次成功</dt><dd>${fmtTime(s.lastSuccessAt)}</dd>
<dt>下次抓取</dt><dd>${fmtTime(s.nextFetchAt)}</dd>
${s.charset ? html`<dt>编码</dt><dd>${s.charset}</dd>` : ''}
${s.permanentRedirect ? html`<dt>已迁移至</dt><dd>${s.permanentRedirect}</dd>` : ''}
</dl></div>`,
  );
  return layout(
    { title: '信息源 · 汇聚 huiju', current: 'sources' },
    html`<h2>信息源</h2>
<p class="meta">${sources.length} 个信息源${failing ? html`，<span class="error">${failing} 个出错</span>` : '，全部正常或等待抓取'}。 <a href="/opml">OPML</a> · <a href="/api/sources">JSON</a></p>
${cards}`,
  );
}
