/** Small RSS 2.0 documents for fixture servers: what a test needs of a feed, written out as a feed would. */

export interface RssItem {
  title: string;
  link?: string;
  /** Default: the link. */
  guid?: string;
  description?: string;
  /** Sent as an RFC 822 pubDate; none when missing. */
  date?: string | Date;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function rssItem(i: RssItem): string {
  const guid = i.guid ?? i.link;
  return [
    '<item>',
    `<title>${esc(i.title)}</title>`,
    i.link === undefined ? '' : `<link>${esc(i.link)}</link>`,
    guid === undefined ? '' : `<guid>${esc(guid)}</guid>`,
    i.description === undefined ? '' : `\n<description>${esc(i.description)}</description>`,
    i.date === undefined ? '' : `<pubDate>${new Date(i.date).toUTCString()}</pubDate>`,
    '</item>',
  ].join('');
}

/** An RSS 2.0 document titled `title`, listing `items` in the order given (feeds list newest first). */
export function rss(title: string, items: readonly RssItem[], opts: { link?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${esc(title)}</title><link>${esc(opts.link ?? 'http://example.com/')}</link>
${items.map(rssItem).join('\n')}
</channel></rss>`;
}
