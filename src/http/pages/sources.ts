import type { Config } from '../../config/schema.ts';
import type { SourceState } from '../../store/sources.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';

export function sourcesPage(config: Config, states: Map<string, SourceState & { itemCount: number }>): string {
  const rows = config.sources.map((s) => {
    const st = states.get(s.id);
    const status = !st?.lastFetchAt ? 'pending' : st.consecutiveFailures > 0 ? 'error' : 'ok';
    const label = { ok: '正常', error: '出错', pending: '等待抓取' }[status];
    return html`<tr data-source="${s.id}"><td><a href="${s.url}">${s.name}</a><br><span class="meta">${s.id}</span></td>
<td class="${status}">${label}${st?.lastError ? html`<br><span class="meta">${st.lastError}</span>` : ''}</td>
<td>${st?.itemCount ?? 0}</td><td class="meta">${st?.lastSuccessAt ?? '—'}</td></tr>`;
  });
  return layout(
    '信息源 · 汇聚 huiju',
    html`<h2>信息源</h2><table><thead><tr><th>名称</th><th>状态</th><th>条目</th><th>上次成功</th></tr></thead><tbody>${rows}</tbody></table>
<p class="meta"><a href="/opml">OPML</a> · <a href="/api/sources">JSON</a></p>`,
  );
}
