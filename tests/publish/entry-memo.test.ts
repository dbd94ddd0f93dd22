import { describe, expect, it } from 'vitest';
import { renderFeed, renderFeedBytes, type FeedFormat, type FeedMeta, type Labels } from '../../src/publish/feed-document.ts';
import type { StorySummary } from '../../src/model/story.ts';

/** Rendered entries are remembered per story (src/publish/entry-memo.ts): anything they were made from changing must show. */

const meta = (base: string): FeedMeta => ({
  title: 't',
  description: 'd',
  homeUrl: `${base}/`,
  links: { rss: `${base}/feed.xml`, atom: `${base}/feed.atom`, json: `${base}/feed.json` },
  updated: new Date('2026-01-01T00:00:00Z'),
  tagUrl: (t) => `${base}/?tag=${t}`,
});

const labels = (names: Record<string, string>): Labels => ({ source: (id) => names[id] ?? id, tag: (id) => `标签${id}`, sourceUrl: (id) => `http://${id}.example/rss` });

function story(over: Partial<StorySummary> = {}): StorySummary {
  return {
    id: 77001,
    itemId: 77001,
    guid: 'g77001',
    title: '原标题',
    url: 'https://a.example/1',
    source: 'a',
    author: null,
    summary: '摘要',
    contentHtml: '<p>正文</p>',
    categories: [],
    publishedAt: '2026-01-01T00:00:00.000Z',
    itemUpdatedAt: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    tags: ['ai'],
    duplicates: [{ itemId: 77002, source: 'b', url: 'https://b.example/1', title: '原标题', publishedAt: '2026-01-01T01:00:00.000Z', matchRule: 'title', matchSimilarity: 1 }],
    ...over,
  };
}

describe.each<FeedFormat>(['rss', 'atom'])('remembered %s entries', (format) => {
  const render = (s: StorySummary, m = meta('http://one'), l = labels({ a: '甲报', b: '乙报' })) => renderFeed(format, m, [s], l);

  it('render the same bytes again, and what changed when anything changed', () => {
    const first = render(story());
    expect(render(story())).toBe(first);
    expect(render(story({ title: '新标题' }))).toContain('新标题');
    expect(render(story({ contentHtml: '<p>新正文</p>' }))).toContain('新正文');
    expect(render(story({ tags: ['ai', 'chips'] }))).toContain('标签chips');
    const moved = story({ duplicates: [{ ...story().duplicates[0]!, url: 'https://b.example/2' }] });
    expect(render(moved)).toContain('https://b.example/2');
    // From outside the story: another address, an outlet renamed in the config.
    expect(render(story(), meta('http://two'))).toContain('http://two/');
    expect(render(story(), meta('http://two'))).not.toContain('http://one/');
    expect(render(story(), meta('http://one'), labels({ a: '甲日报', b: '乙报' }))).toContain('甲日报');
    expect(render(story(), meta('http://one'), labels({ a: '甲报', b: '乙晚报' }))).toContain('乙晚报');
    expect(render(story())).toBe(first);
  });
});

describe.each<FeedFormat>(['rss', 'atom'])('a %s document made of remembered entries', (format) => {
  it('has the bytes of the same text rendered whole, every character whole at the seams', () => {
    // Text that is not one byte a character, at the very edges of each entry's text (emoji are two UTF-16 units).
    const stories = [77101, 77102, 77103].map((id, i) =>
      story({ id, itemId: id, guid: `g${id}`, title: `😀${i}号标题🚀`, summary: `摘要😀${'长'.repeat(300)}🚀`, contentHtml: `<p>😀正文 &amp; ${i}</p>` }),
    );
    const cold = renderFeedBytes(format, meta('http://one'), stories, labels({ a: '甲报😀', b: '乙报' }));
    const warm = renderFeedBytes(format, meta('http://one'), stories, labels({ a: '甲报😀', b: '乙报' }));
    expect(warm.equals(cold)).toBe(true);
    const text = cold.toString('utf8');
    expect(Buffer.from(text, 'utf8').equals(cold)).toBe(true);
    expect(text).not.toContain('\uFFFD');
    expect(text.match(/😀\d号标题🚀/g)).toHaveLength(3);
    expect(text.endsWith(format === 'rss' ? '</channel></rss>\n' : '</feed>\n')).toBe(true);
  });
});
