/**
 * Issue 17.19: one sanitiser policy. The parse stage (feed HTML in) and the publish stage (stored HTML out) apply
 * the same allowlist, so what one keeps the other keeps, and a second pass changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StorySummary } from '../../src/model/story.ts';
import { sanitiseContent } from '../../src/parse/html.ts';
import { SANITISE_POLICY } from '../../src/parse/html-policy.ts';
import { entryHtml, type Labels } from '../../src/publish/entry.ts';

const BASE = 'https://news.example.cn/2026/09/a.html';
const labels: Labels = { source: (id) => id, tag: (id) => id };

function story(contentHtml: string): StorySummary {
  return {
    id: 1,
    itemId: 1,
    guid: 'urn:huiju:story:1',
    title: 't',
    url: 'https://news.example.cn/a',
    source: 'x',
    author: null,
    summary: null,
    contentHtml,
    categories: [],
    publishedAt: '2024-07-03T23:21:00.000Z',
    itemUpdatedAt: null,
    updatedAt: '2024-07-03T23:21:00.000Z',
    tags: [],
    duplicates: [],
  };
}

/** What a reader receives for stored HTML: the entry body, through the output pass. */
const out = (html: string) => entryHtml(story(html), labels);

const SAMPLES = [
  '<p>截至今年6月中旬，上海市已有<b>34款</b>大模型通过备案。</p>',
  '<picture><source srcset="/img/a.webp 1x, /img/a@2x.webp 2x" type="image/webp"><img src="/img/a.jpg" srcset="/img/a-480.jpg 480w, /img/a-960.jpg 960w" sizes="(max-width: 600px) 480px, 960px" alt="图"></picture>',
  '<figure><img src="https://img.example.cn/x.png" alt="x" width="10" height="10"><figcaption>说明</figcaption></figure>',
  '<video src="/v.mp4" poster="/p.jpg" controls></video><audio src="/a.mp3" controls></audio>',
  '<p lang="en" dir="ltr" class="x" id="y" style="color:red">text</p>',
  '<a href="../b.html" title="b" target="_blank" rel="nofollow">b</a>',
  '<table><tr><td>1</td></tr></table><ul><li>一</li></ul><blockquote>q</blockquote><pre><code>c</code></pre>',
  '<img src="/a.jpg" srcset="javascript:alert(1) 1x, /b.jpg 2x">',
  '<iframe src="https://evil.example/">fallback</iframe><object data="x">o</object><script>alert(1)</script>ok',
];

describe('one allowlist, in and out', () => {
  it.each(SAMPLES)('the output pass keeps exactly what the input pass kept: %s', (html) => {
    const stored = sanitiseContent(html, BASE);
    expect(out(stored)).toBe(stored);
  });

  it('keeps srcset on input, absolute, and on output', () => {
    const stored = sanitiseContent(SAMPLES[1]!, BASE);
    expect(stored).toContain('srcset="https://news.example.cn/img/a.webp 1x, https://news.example.cn/img/a@2x.webp 2x"');
    expect(stored).toContain('srcset="https://news.example.cn/img/a-480.jpg 480w, https://news.example.cn/img/a-960.jpg 960w"');
    expect(stored).toContain('sizes="(max-width: 600px) 480px, 960px"');
    expect(out(stored)).toContain('https://news.example.cn/img/a@2x.webp 2x');
  });

  it('keeps a comma inside a srcset URL (image CDNs write w_480,h_320)', () => {
    const stored = sanitiseContent('<img src="/a.jpg" srcset="/c/w_480,h_320/a.jpg 1x, /c/w_960,h_640/a.jpg 2x">', BASE);
    expect(stored).toContain('srcset="https://news.example.cn/c/w_480,h_320/a.jpg 1x, https://news.example.cn/c/w_960,h_640/a.jpg 2x"');
  });

  it('drops a javascript: candidate from srcset on both passes', () => {
    const stored = sanitiseContent(SAMPLES[7]!, BASE);
    expect(stored).not.toMatch(/javascript/i);
    expect(out('<img src="https://x.example/a.jpg" srcset="javascript:alert(1) 1x">')).not.toMatch(/javascript/i);
  });

  it.each(SAMPLES)('a row stored without the parse stage (older huiju, by hand) is cleaned on output as on input: %s', (html) => {
    expect(out(html)).toBe(sanitiseContent(html, null));
  });
});

describe('the policy lives in one module', () => {
  it('exposes its allowlist', () => {
    expect(SANITISE_POLICY.allowedAttributes).toMatchObject({ img: expect.arrayContaining(['src', 'srcset']), source: expect.arrayContaining(['srcset']) });
  });

  it('no other module configures sanitize-html', () => {
    const root = join(import.meta.dirname, '../..');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const users = walk(join(root, 'src'))
      .filter((f) => /from 'sanitize-html'/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(users).toEqual(['src/parse/html-policy.ts']);
  });
});
