import { html, type Markup } from './html.ts';
import { STYLE_VERSION } from './style.ts';

export interface LayoutOptions {
  title: string;
  /** Which nav entry is the current page. */
  current: 'home' | 'hot' | 'sources' | 'trends';
  /** Feed URLs of what the page shows, advertised for feed-reader autodiscovery. */
  feeds?: { rss: string; atom: string; json: string };
}

export function layout(opts: LayoutOptions, body: Markup): string {
  const feeds = opts.feeds ?? { rss: '/feed.xml', atom: '/feed.atom', json: '/feed.json' };
  const here = (page: LayoutOptions['current']) => (opts.current === page ? html` aria-current="page"` : '');
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<link rel="alternate" type="application/rss+xml" title="huiju 汇聚 (RSS)" href="${feeds.rss}">
<link rel="alternate" type="application/atom+xml" title="huiju 汇聚 (Atom)" href="${feeds.atom}">
<link rel="alternate" type="application/feed+json" title="huiju 汇聚 (JSON Feed)" href="${feeds.json}">
<link rel="stylesheet" href="/static/style.css?v=${STYLE_VERSION}">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
</head>
<body>
<header><h1><a href="/">汇聚 huiju</a></h1><nav><a href="/"${here('home')}>最新</a><a href="/?sort=hot"${here('hot')}>热门</a><a href="/trends"${here('trends')}>趋势</a><a href="/sources"${here('sources')}>信息源</a><a href="/api/items">API</a></nav></header>
<main>${body}</main>
<footer>huiju 汇聚：中国 AI 产业新闻聚合 · 同一报道多家转载只显示一次 · 版权归原发布媒体所有</footer>
</body>
</html>`.value;
}
