import { describe, expect, it } from 'vitest';
import { htmlToText, sanitiseContent } from '../../src/parse/html.ts';
import { parseError } from './helpers.ts';

const BASE = 'https://news.example.cn/2026/09/a.html';

describe('sanitiseContent', () => {
  const cases = [
    { name: 'script removed with its body', html: '<p>安全<script>alert(1)</script>内容</p>', want: '<p>安全内容</p>' },
    { name: 'event handlers removed', html: '<img src="/a.jpg" onerror="alert(1)" onload=x>', want: '<img src="https://news.example.cn/a.jpg" />' },
    { name: 'javascript: link loses its href', html: '<a href="javascript:alert(1)">x</a>', want: '<a>x</a>' },
    { name: 'obfuscated javascript: too', html: '<a href="jav&#x09;ascript:alert(1)">x</a>', want: '<a>x</a>' },
    { name: 'data: URLs dropped (a data: SVG can script)', html: '<img src="data:image/svg+xml;base64,PHN2Zz4=">', want: '<img />' },
    { name: 'style attribute (display:none tricks) removed', html: '<p style="display:none">隐藏</p>', want: '<p>隐藏</p>' },
    { name: 'style element removed', html: '<style>p{display:none}</style><p>x</p>', want: '<p>x</p>' },
    { name: 'iframe dropped', html: '<iframe src="https://evil.example/"></iframe>ok', want: 'ok' },
    { name: 'relative link made absolute', html: '<a href="../b.html">b</a>', want: '<a href="https://news.example.cn/2026/b.html">b</a>' },
    { name: 'protocol-relative image made absolute', html: '<img src="//img.example.cn/x.png">', want: '<img src="https://img.example.cn/x.png" />' },
    { name: 'uppercase tags and single quotes (人民网)', html: "<P align='center'>文</P>", want: '<p>文</p>' },
  ];
  it.each(cases)('$name', ({ html, want }) => {
    expect(sanitiseContent(html, BASE)).toBe(want);
  });
});

describe('htmlToText', () => {
  const cases = [
    { name: 'tags dropped, blocks separated', html: '<p>一</p><p>二</p>', want: '一 二' },
    { name: 'named and numeric entities decoded', html: 'A&nbsp;&amp;&#8226;&#x4E2D;&lt;', want: 'A &•中<' },
    { name: 'ideographic spaces collapsed', html: '\n\u3000\u3000中新社上海电', want: '中新社上海电' },
    { name: 'script and style bodies dropped', html: 'a<script>var x</script><style>.b{}</style>b', want: 'ab' },
  ];
  it.each(cases)('$name', ({ html, want }) => {
    expect(htmlToText(html)).toBe(want);
  });
});

describe('an HTML page instead of a feed', () => {
  it('names the feeds the page advertises, resolved absolute', async () => {
    const page = `<!DOCTYPE html><html><head>
      <link rel="alternate" type="application/rss+xml" href="/feed.xml">
      <link rel="alternate" type="application/atom+xml" href="https://x.example/atom">
      <link rel="stylesheet" href="/s.css"></head><body>hi</body></html>`;
    const err = await parseError(page, { url: 'https://x.example/blog/', timezone: 'Asia/Shanghai', now: new Date() });
    expect(err.kind).toBe('not-a-feed');
    expect(err.alternates).toEqual(['https://x.example/feed.xml', 'https://x.example/atom']);
    expect(err.message).toBe('not a feed: got an HTML page; it advertises https://x.example/feed.xml, https://x.example/atom');
  });

  it('says so when the page advertises none', async () => {
    const err = await parseError('\n<html><body>404</body></html>');
    expect(err.alternates).toEqual([]);
    expect(err.message).toBe('not a feed: got an HTML page; it advertises no feed');
  });
});
