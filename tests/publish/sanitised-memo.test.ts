import { describe, expect, it } from 'vitest';
import { sanitiseHtml } from '../../src/parse/html-policy.ts';
import { entryHtml, type Labels } from '../../src/publish/entry.ts';
import type { StorySummary } from '../../src/model/story.ts';

const labels: Labels = { source: (id) => id, tag: (id) => id };

function story(itemId: number, contentHtml: string): StorySummary {
  return {
    id: itemId,
    itemId,
    guid: `g${itemId}`,
    title: 't',
    url: null,
    source: 'src',
    author: null,
    summary: null,
    contentHtml,
    categories: [],
    publishedAt: '2026-01-01T00:00:00.000Z',
    itemUpdatedAt: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    tags: [],
    duplicates: [],
  };
}

describe('the sanitised body remembered per copy', () => {
  it('serves what sanitising afresh gives, the first time and every time after', () => {
    const html = '<p onclick="x()">一<script>alert(1)</script><a href="javascript:y()">二</a><b>三</b></p>';
    const fresh = sanitiseHtml(html, null);
    expect(entryHtml(story(9101, html), labels)).toBe(fresh);
    expect(entryHtml(story(9101, html), labels)).toBe(fresh);
  });

  it('sanitises an edited copy anew instead of serving its old body', () => {
    expect(entryHtml(story(9102, '<p>旧的</p>'), labels)).toBe('<p>旧的</p>');
    // The same item id with other stored HTML (a publisher's edit, or a row rewritten by hand): never the old output.
    const edited = '<p>新的<script>alert(1)</script></p>';
    expect(entryHtml(story(9102, edited), labels)).toBe(sanitiseHtml(edited, null));
    expect(entryHtml(story(9102, edited), labels)).not.toContain('旧的');
  });

  it('keeps copies apart: two items with different HTML each get their own', () => {
    expect(entryHtml(story(9103, '<p>甲</p>'), labels)).toBe('<p>甲</p>');
    expect(entryHtml(story(9104, '<p>乙</p>'), labels)).toBe('<p>乙</p>');
    expect(entryHtml(story(9103, '<p>甲</p>'), labels)).toBe('<p>甲</p>');
  });
});
