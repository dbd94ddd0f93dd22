import type { ParsedItem } from '../src/model/item.ts';
import type { GenItem, GenSource } from './generate.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function html(item: GenItem): string {
  return item.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('');
}

/** One source's batch as an RSS 2.0 document, shaped like the real Chinese feeds (summary plus content:encoded). */
export function renderRss(source: GenSource, items: readonly GenItem[], selfUrl: string): string {
  const entries = items.map(
    (i) => `<item>
<title>${escapeXml(i.title)}</title>
<link>${escapeXml(i.url)}</link>
<guid isPermaLink="false">${i.guid}</guid>
<pubDate>${i.publishedAt.toUTCString().replace('GMT', '+0000')}</pubDate>
<category>${i.category}</category>
<author>${source.name}</author>
<description><![CDATA[${i.paragraphs[0] ?? ''}]]></description>
<content:encoded><![CDATA[${html(i)}]]></content:encoded>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${escapeXml(source.name)}</title>
<link>${escapeXml(selfUrl)}</link>
<description>${escapeXml(source.name)} 最新新闻</description>
<language>zh-cn</language>
${entries.join('\n')}
</channel>
</rss>
`;
}

/** The same item as the parse stage would deliver it, for scenarios that go straight to ingest. */
export function toParsedItem(source: GenSource, item: GenItem): ParsedItem {
  return {
    guid: item.guid,
    url: item.url,
    title: item.title,
    summary: item.paragraphs.join('\n'),
    contentHtml: html(item),
    author: source.name,
    publishedAt: item.publishedAt.toISOString(),
    updatedAt: null,
    dateFlag: null,
    categories: [item.category],
    enclosures: [],
  };
}
