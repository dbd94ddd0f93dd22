import { afterEach, describe, expect, it } from 'vitest';
import { readOpml } from '../../src/config/opml-import.ts';
import { startInProcess, type InProcess } from './in-process.ts';

let app: InProcess | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('GET /opml', () => {
  it('exports each source’s group as a folder (a nested outline), and reads back the same', async () => {
    const sources = [
      { id: 'qbitai', name: '量子位', url: 'https://www.qbitai.com/feed', group: 'AI 产业' },
      { id: 'people', name: '人民网', url: 'http://www.people.com.cn/rss/politics.xml' },
      { id: 'jiqizhixin', name: '机器之心', url: 'https://www.jiqizhixin.com/rss', group: 'AI 产业' },
      { id: 'chinanews', name: '中新网', url: 'https://www.chinanews.com.cn/rss/scroll-news.xml', group: '新闻' },
      {
        id: 'scraped',
        name: '列表页',
        url: 'https://list.example/',
        type: 'html',
        group: '新闻',
        html: { item: 'li', title: 'a' },
      },
    ];
    app = await startInProcess({ config: { sources } });
    const res = await app.get('/opml');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/<body><outline text="AI 产业" title="AI 产业"><outline type="rss" text="量子位"[^>]*\/><outline type="rss" text="机器之心"[^>]*\/><\/outline>/);
    expect(readOpml(body).map((f) => [f.title, f.xmlUrl, f.group])).toEqual([
      ['量子位', 'https://www.qbitai.com/feed', 'AI 产业'],
      ['机器之心', 'https://www.jiqizhixin.com/rss', 'AI 产业'],
      ['人民网', 'http://www.people.com.cn/rss/politics.xml', undefined],
      ['中新网', 'https://www.chinanews.com.cn/rss/scroll-news.xml', '新闻'],
    ]);
  });
});
