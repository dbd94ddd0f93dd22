import { html, type Markup } from './html.ts';

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#6e6e73;--bg:#fff;--card:#f5f5f7;--accent:#c0392b;--chip:#eef}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--muted:#aaa;--bg:#111;--card:#1c1c1e;--chip:#2a2a40}}
*{box-sizing:border-box}body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:760px;margin:0 auto;padding:12px 16px}
header h1{margin:8px 0;font-size:22px}header h1 a{color:inherit;text-decoration:none}
nav a{margin-right:12px;color:var(--muted)}
form.search{display:flex;gap:8px;margin:12px 0}form.search input{flex:1;padding:8px;font-size:16px;border:1px solid var(--muted);border-radius:6px;background:var(--bg);color:var(--fg)}
form.search button{padding:8px 14px;border:0;border-radius:6px;background:var(--accent);color:#fff;font-size:16px}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.chip{display:inline-block;padding:2px 10px;border-radius:999px;background:var(--chip);color:inherit;text-decoration:none;font-size:14px}
.chip.on{background:var(--accent);color:#fff}
article{padding:12px 0;border-bottom:1px solid var(--card)}article h2{font-size:18px;margin:0 0 4px}article h2 a{color:inherit}
.meta{color:var(--muted);font-size:14px}.summary{margin:6px 0}
table{width:100%;border-collapse:collapse;font-size:14px}td,th{padding:6px;border-bottom:1px solid var(--card);text-align:left;vertical-align:top}
.ok{color:#2e7d32}.error{color:var(--accent)}.pending{color:var(--muted)}
footer{color:var(--muted);font-size:14px}
`;

export function layout(title: string, body: Markup): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="alternate" type="application/rss+xml" title="huiju 汇聚 (RSS)" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="huiju 汇聚 (Atom)" href="/feed.atom">
<link rel="alternate" type="application/feed+json" title="huiju 汇聚 (JSON Feed)" href="/feed.json">
<style>${STYLE}</style>
</head>
<body>
<header><h1><a href="/">汇聚 huiju</a></h1><nav><a href="/">最新</a><a href="/sources">信息源</a><a href="/api/items">API</a></nav></header>
<main>${body}</main>
<footer>huiju 汇聚：中国 AI 产业新闻聚合 · 同一报道多家转载只显示一次</footer>
</body>
</html>`.value;
}
