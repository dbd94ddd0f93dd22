/**
 * Article pages for the full-text tests, laid out as Chinese news sites lay them out: navigation, a breadcrumb, the
 * article with a share bar and an editor's line, a "related news" list, a sidebar of headlines and a footer. The
 * article paragraphs are real (解放日报, 2024-07-04, via tests/fulltext/paragraphs.json); the rest is written for the
 * tests, with the link-heavy, text-light shape of real page furniture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PARAGRAPHS = JSON.parse(readFileSync(join(import.meta.dirname, 'paragraphs.json'), 'utf8')) as string[];

const NAV = ['首页', '时政', '财经', '科技', '文化', '体育', '图片', '视频', '专题', '评论'];
const SIDEBAR = ['多地发布高温预警 注意防暑降温', '暑期旅游市场持续升温', '新能源汽车下乡活动启动', '国际油价周三小幅上涨', '全国夏粮收购进度过半'];

export function newsPage(title: string, paragraphs: readonly string[], opts: { bodyId?: string; charset?: string } = {}): string {
  const list = (xs: readonly string[], cls: string) => `<ul class="${cls}">${xs.map((x, i) => `<li><a href="/news/${cls}-${i}.html">${x}</a></li>`).join('')}</ul>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="${opts.charset ?? 'utf-8'}"><title>${title}_新闻网</title>
<script>window.__ad = {slot: "top"};</script><style>.share{float:right}</style></head>
<body><div class="header"><div class="logo"><a href="/">新闻网</a></div>${list(NAV, 'nav')}</div>
<div class="crumb"><a href="/">首页</a> &gt; <a href="/tech/">科技</a> &gt; 正文</div>
<div class="main"><div class="left">
<h1>${title}</h1><div class="info">2024-07-04 07:21 来源：解放日报 <span class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></span></div>
<div id="${opts.bodyId ?? 'detail'}">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}<p class="editor">（责任编辑：张三）</p></div>
<div class="related"><h3>相关新闻</h3>${list(SIDEBAR.slice(0, 3), 'related')}</div></div>
<div class="right"><h3>热点排行</h3>${list(SIDEBAR, 'hot')}</div></div>
<div class="footer"><p>关于我们 | 联系方式 | 广告服务 | 网站地图</p><p>版权所有 新闻网 未经授权禁止转载</p></div></body></html>`;
}

/** A page with no article on it: a section front of headlines only. */
export const SECTION_FRONT = `<!doctype html><html><head><meta charset="utf-8"><title>科技频道</title></head><body>
<ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/n/${i}.html">科技新闻标题第${i}条</a></li>`).join('')}</ul></body></html>`;

/** The body as HTML (a feed's full content), in the news-portal layout: the article among navigation and sidebars. */
export function portalPage(title: string, bodyHtml: string): string {
  return newsPage(title, []).replace('<p class="editor">', `${bodyHtml}<p class="editor">`);
}

/** A blog's layout: the post in <article>, then tags, a comment thread and a sidebar of archives. */
export function blogPage(title: string, bodyHtml: string): string {
  const comments = ['写得很好，学习了', '请问第二部分的数据来源是哪里？', '收藏了，感谢分享', '同意楼上的看法'];
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title} - 博客</title></head><body>
<header><a href="/">博客首页</a> <a href="/archives">归档</a> <a href="/about">关于</a></header>
<main><article class="post"><h1 class="post-title">${title}</h1><div class="post-meta">作者：某某 · 2024年7月4日</div>
<div class="post-body">${bodyHtml}</div><div class="post-tags">标签：<a href="/t/1">技术</a> <a href="/t/2">随笔</a></div></article>
<section id="comments"><h2>${comments.length} 条评论</h2>${comments.map((c, i) => `<div class="comment"><a href="/u/${i}">网友${i}</a>：${c}</div>`).join('')}</section></main>
<aside class="sidebar"><h3>最近文章</h3><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/p/${i}">往期文章第${i}篇</a></li>`).join('')}</ul></aside>
<footer>© 2024 某某的博客 · 由某程序驱动</footer></body></html>`;
}

/** The body alone in an <article>, as a print or AMP page gives it: what any extractor should get right. */
export function barePage(title: string, bodyHtml: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${bodyHtml}</article></body></html>`;
}
