import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.ts';
import { ctx } from './helpers.ts';

const DOC = 'https://doc.example/feeds/main.xml';

describe('links and media resolved against the document URL and xml:base', () => {
  it('Atom: feed-, entry- and element-level xml:base stack', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://feed.example/root/">
      <title>t</title>
      <entry xml:base="entries/"><id>1</id><title>a</title><link href="one.html"/></entry>
      <entry><id>2</id><title>b</title><link xml:base="/abs/" href="two.html"/>
        <link rel="enclosure" href="two.mp3" type="audio/mpeg" length="42"/>
        <content type="html" xml:base="https://cdn.example/x/">&lt;img src="p.png"&gt;</content></entry>
      <entry><id>3</id><title>c</title><link href="three.html"/></entry>
    </feed>`;
    const feed = await parseFeed(atom, ctx(DOC));
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://feed.example/root/entries/one.html',
      'https://feed.example/abs/two.html',
      'https://feed.example/root/three.html',
    ]);
    expect(feed.items[1]?.enclosures).toEqual([{ url: 'https://feed.example/root/two.mp3', type: 'audio/mpeg', length: 42 }]);
    expect(feed.items[1]?.contentHtml).toBe('<img src="https://cdn.example/x/p.png" />');
  });

  it('RSS: relative links resolve against the document URL; all enclosures are kept', async () => {
    const rss = `<rss version="2.0"><channel><title>t</title><link>/</link>
      <item><title>a</title><link>../a.html</link>
        <enclosure url="/m/1.mp3" type="audio/mpeg" length="10"/>
        <enclosure url="https://cdn.example/2.jpg" type="image/jpeg" length="x"/></item>
    </channel></rss>`;
    const feed = await parseFeed(rss, ctx(DOC));
    expect(feed.siteUrl).toBe('https://doc.example/');
    expect(feed.items[0]?.url).toBe('https://doc.example/a.html');
    expect(feed.items[0]?.enclosures).toEqual([
      { url: 'https://doc.example/m/1.mp3', type: 'audio/mpeg', length: 10 },
      { url: 'https://cdn.example/2.jpg', type: 'image/jpeg', length: null },
    ]);
  });
});

describe('fields across formats', () => {
  const cases = [
    {
      name: 'RSS 2.0: no guid → guid null, link kept; dc:creator; categories; content:encoded preferred',
      xml: `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
        <item><title>AT&amp;amp;T &lt;b&gt;news&lt;/b&gt;</title><link>https://a.example/1</link><dc:creator>张三</dc:creator>
        <category>AI</category><category> 大模型 </category><description>短</description>
        <content:encoded><![CDATA[<p>长</p>]]></content:encoded><pubDate>Thu, 04 Jul 2024 07:21:00 +0800</pubDate></item></channel></rss>`,
      want: { guid: null, url: 'https://a.example/1', title: 'AT&T news', author: '张三', categories: ['AI', '大模型'], summary: '短', contentHtml: '<p>长</p>', publishedAt: '2024-07-03T23:21:00.000Z' },
    },
    {
      name: 'RSS 2.0: permalink guid stands in for a missing link; author "email (Name)" gives the name',
      xml: `<rss version="2.0"><channel><title>T</title><item><title>x</title><guid>https://a.example/g</guid><author>me@a.example (李四)</author></item></channel></rss>`,
      want: { guid: 'https://a.example/g', url: 'https://a.example/g', author: '李四' },
    },
    {
      name: 'RSS 1.0 (RDF): rdf:about is the id, dc:date the date',
      xml: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://a.example/"><title>T</title><link>https://a.example/</link></channel>
        <item rdf:about="https://a.example/r1"><title>r</title><link>https://a.example/r1</link><dc:date>2024-07-04T07:21:00+08:00</dc:date></item></rdf:RDF>`,
      want: { guid: 'https://a.example/r1', url: 'https://a.example/r1', publishedAt: '2024-07-03T23:21:00.000Z', updatedAt: '2024-07-03T23:21:00.000Z' },
    },
    {
      name: 'Atom 1.0: author inherited from the feed; category terms; xhtml content',
      xml: `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><author><name>王五</name></author>
        <entry><id>urn:1</id><title type="html">&lt;em&gt;标题&lt;/em&gt;</title><link rel="alternate" href="https://a.example/e"/>
        <category term="AI"/><published>2024-07-04T07:21:00+08:00</published><updated>2024-07-05T00:00:00Z</updated>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>正文 &lt;tag&gt;</p></div></content></entry></feed>`,
      want: { guid: 'urn:1', title: '标题', author: '王五', categories: ['AI'], contentHtml: '<p>正文 &lt;tag&gt;</p>', updatedAt: '2024-07-05T00:00:00.000Z' },
    },
    {
      name: 'Atom 0.3: issued/modified, escaped content',
      xml: `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title><entry><id>a3</id><title>t3</title>
        <link rel="alternate" type="text/html" href="https://a.example/3"/><issued>2004-01-01T00:00:00Z</issued>
        <content type="text/html" mode="escaped">&lt;b&gt;粗&lt;/b&gt;</content></entry></feed>`,
      want: { guid: 'a3', url: 'https://a.example/3', publishedAt: '2004-01-01T00:00:00.000Z', contentHtml: '<b>粗</b>' },
    },
  ];
  it.each(cases)('$name', async ({ xml, want }) => {
    const feed = await parseFeed(xml, ctx(DOC));
    expect(feed.items[0]).toMatchObject(want);
  });

  it('format is detected from the root element', async () => {
    const formats = await Promise.all(
      [cases[0]!, cases[2]!, cases[3]!].map(async (c) => (await parseFeed(c.xml, ctx(DOC))).format),
    );
    expect(formats).toEqual(['rss', 'rdf', 'atom']);
  });
});

describe('plain-text titles', () => {
  it('adjacent CDATA sections join into one title', async () => {
    const rss = '<rss version="2.0"><channel><title>T</title><item><title><![CDATA[人工]]><![CDATA[智能]]></title></item></channel></rss>';
    expect((await parseFeed(rss, ctx(DOC))).items[0]?.title).toBe('人工智能');
  });

  it('Atom type="text" is literal: brackets and escaped entities stay as written', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>1</id>
      <title type="text">a &lt;b&gt; &amp;amp; c</title></entry></feed>`;
    const feed = await parseFeed(atom, ctx(DOC));
    expect(feed.items[0]?.title).toBe('a <b> &amp; c');
  });
});

describe('which date an item gets, and its flag', () => {
  const item = (dates: string) =>
    `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><item><title>x</title>${dates}</item></channel></rss>`;
  const cases = [
    { name: 'pubDate', dates: '<pubDate>Thu, 04 Jul 2024 07:21:00 GMT</pubDate>', publishedAt: '2024-07-04T07:21:00.000Z', flag: null },
    { name: 'only dc:date: used as published', dates: '<dc:date>2024-07-04T07:21:00Z</dc:date>', publishedAt: '2024-07-04T07:21:00.000Z', flag: null },
    { name: 'bad pubDate, good dc:date: dc:date', dates: '<pubDate>soon</pubDate><dc:date>2024-07-04T07:21:00Z</dc:date>', publishedAt: '2024-07-04T07:21:00.000Z', flag: null },
    { name: 'far-future pubDate only', dates: '<pubDate>Wed, 01 Jan 2031 00:00:00 GMT</pubDate>', publishedAt: null, flag: 'future' },
    { name: 'unparseable dc:date only', dates: '<dc:date>上周</dc:date>', publishedAt: null, flag: 'unparseable' },
    { name: 'no date at all', dates: '', publishedAt: null, flag: 'missing' },
  ] as const;
  it.each(cases)('$name', async ({ dates, publishedAt, flag }) => {
    const feed = await parseFeed(item(dates), ctx(DOC));
    expect(feed.items[0]).toMatchObject({ publishedAt, dateFlag: flag });
  });
});
