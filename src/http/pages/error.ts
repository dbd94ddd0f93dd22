import { html } from './html.ts';
import { layout } from './layout.ts';

const HEADINGS: Record<number, string> = {
  400: '请求有误',
  404: '找不到这个页面',
  405: '不支持这种请求',
  413: '请求不能带正文',
  414: '网址太长',
  429: '请求太频繁，请稍后再试',
  503: '服务繁忙，请稍后再试',
};

/** What a browser is shown for an error: the same message the JSON gives, on a page with a way back. */
export function errorPage(status: number, message: string): string {
  const heading = HEADINGS[status] ?? (status >= 500 ? '服务出错了' : '请求有误');
  return layout(
    { title: `${heading} · 汇聚 huiju`, current: 'home' },
    html`<h2>${heading}</h2>
<p class="meta">${status} · ${message}</p>
<p><a href="/">返回首页</a> · <a href="/sources">信息源</a></p>`,
  );
}
