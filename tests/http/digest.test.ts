import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueDigest } from '../../src/publish/digest.ts';
import { rss, type RssItem } from '../helpers/rss.ts';
import { startHarness, type Harness } from './harness.ts';

/** The digest the tests read: published at 00:00 UTC each day for the 24 hours before. */
const DIGEST = { time: '00:00', timezone: 'UTC', top: 20 };
const due = dueDigest({ ...DIGEST, keep: 30 }, new Date());
const hoursBeforeDue = (h: number) => new Date(due.at.getTime() - h * 3600_000);

const STORY = {
  a: { title: '国产大模型发布新版本 推理能力大幅提升', date: hoursBeforeDue(5) },
  b: { title: '多地出台算力券政策支持智算中心建设', date: hoursBeforeDue(4) },
  c: { title: '某高校开设人工智能通识课程', date: hoursBeforeDue(3) },
  // Before the window, and after it (published after the digest's time): in neither.
  early: { title: '具身智能产业联盟成立 五十家企业加入', date: hoursBeforeDue(30) },
  late: { title: '人形机器人半程马拉松在京举行', date: new Date(due.at.getTime() + 60_000) },
};

const copy = (outlet: string, s: { title: string; date: Date }, key: string): RssItem => ({
  title: s.title,
  link: `http://${outlet}.example.cn/${key}.html`,
  description: `${s.title}。记者从有关方面获悉，相关工作正在推进，多家单位参与其中，详细情况将于近期公布。`,
  date: s.date,
});

let people = [copy('people', STORY.a, 'a'), copy('people', STORY.b, 'b')];
let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    {
      '/xinhua.xml': { body: rss('新华网', [copy('xinhua', STORY.a, 'a'), copy('xinhua', STORY.b, 'b'), copy('xinhua', STORY.early, 'early')]) },
      '/people.xml': { body: () => rss('人民网', people) },
      '/jfdaily.xml': { body: rss('解放日报', [copy('jfdaily', STORY.a, 'a'), copy('jfdaily', STORY.c, 'c'), copy('jfdaily', STORY.late, 'late')]) },
    },
    (url) => ({
      sources: [
        { id: 'xinhua', name: '新华网', url: `${url}/xinhua.xml` },
        { id: 'people', name: '人民网', url: `${url}/people.xml` },
        { id: 'jfdaily', name: '解放日报', url: `${url}/jfdaily.xml` },
      ],
      outputs: [
        { id: 'all', title: '全部' },
        { id: 'daily', title: 'AI 每日摘要', digest: DIGEST },
      ],
    }),
  );
}, 60_000);

afterAll(() => h?.close());

interface JsonFeed {
  items: { id: string; title: string; url: string; content_html: string; date_published: string; date_modified: string }[];
}

describe('the daily digest', () => {
  let first: string;

  it('publishes one entry for the day: the window’s stories by coverage, with their outlets', async () => {
    const res = await h.get('/feeds/daily.json');
    expect(res.status).toBe(200);
    first = await res.text();
    const feed = JSON.parse(first) as JsonFeed;
    expect(feed.items).toHaveLength(1);
    const entry = feed.items[0]!;
    expect(entry.id).toBe(`urn:huiju:digest:daily:${due.day}`);
    expect(entry.title).toBe(`AI 每日摘要 · ${due.day}`);
    expect(entry.date_published).toBe(due.at.toISOString());
    expect(entry.url).toBe(`${h.url}/digests/daily/${due.day}`);
    const order = [STORY.a, STORY.b, STORY.c].map((s) => entry.content_html.indexOf(s.title));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(entry.content_html).not.toContain(STORY.early.title);
    expect(entry.content_html).not.toContain(STORY.late.title);
    expect(entry.content_html).toContain('3 家媒体报道');
    expect(entry.content_html).toContain('http://jfdaily.example.cn/a.html');
  });

  it('sort=hot ranks by outlets in the API (paged by cursor), the feeds and the page', async () => {
    const page1 = (await (await h.get('/api/items?sort=hot&limit=2')).json()) as { items: { title: string }[]; next: string };
    expect(page1.items.map((i) => i.title)).toEqual([STORY.a.title, STORY.b.title]);
    const page2 = (await (await h.get(`/api/items?sort=hot&limit=2&cursor=${page1.next}`)).json()) as { items: { title: string }[] };
    // One outlet each, newest first; `early` is more than 24 hours before the newest story.
    expect(page2.items.map((i) => i.title)).toEqual([STORY.late.title, STORY.c.title]);
    expect((await h.get(`/api/items?limit=2&cursor=${page1.next}`)).status).toBe(400);
    const feed = (await (await h.get('/feed.json?sort=hot')).json()) as JsonFeed;
    expect(feed.items.map((i) => i.title).slice(0, 2)).toEqual([STORY.a.title, STORY.b.title]);
    const html = await (await h.get('/?sort=hot')).text();
    expect(html.indexOf(STORY.a.title)).toBeLessThan(html.indexOf(STORY.late.title));
    expect(html).toContain('aria-current="true">热门');
  });

  it('never changes once published, whatever arrives for its day later', async () => {
    // Another outlet now carries story c (in the window): the stories' coverage changes, the published digest does not.
    people = [...people, copy('people', STORY.c, 'c')];
    await h.refresh();
    const story = (await (await h.get('/api/items?q=通识课程')).json()) as { items: { duplicates: unknown[] }[] };
    expect(story.items[0]!.duplicates).toHaveLength(1);
    expect(await (await h.get('/feeds/daily.json')).text()).toBe(first);
  });

  it('is served as RSS and Atom with the same entry id, and on its own page and the home page', async () => {
    const rssBody = await (await h.get('/feeds/daily.xml')).text();
    expect(rssBody).toContain(`<guid isPermaLink="false">urn:huiju:digest:daily:${due.day}</guid>`);
    const atom = await (await h.get('/feeds/daily.atom')).text();
    expect(atom).toContain(`<id>urn:huiju:digest:daily:${due.day}</id>`);
    const page = await h.get(`/digests/daily/${due.day}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.indexOf(STORY.a.title)).toBeLessThan(html.indexOf(STORY.c.title));
    expect(html).toContain('data-outlet="jfdaily"');
    expect(await (await h.get('/')).text()).toContain(`href="/digests/daily/${due.day}"`);
    expect((await h.get('/digests/daily/1999-01-01')).status).toBe(404);
    expect((await h.get('/digests/all/2024-01-01')).status).toBe(404);
  });

  // A real reader: python3-feedparser, when installed (Debian package), reads RSS and Atom as one entry. (Its 6.0
  // does not read JSON Feed: the JSON Feed entry is checked field by field above.)
  // The first Python that has it: a Debian package lands in /usr/bin's, which a pyenv python3 on PATH does not see.
  const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import feedparser'], { encoding: 'utf8' }).status === 0);
  it.skipIf(!python)('reads as one entry in a real feed reader (feedparser), as RSS and as Atom', async () => {
    for (const ext of ['xml', 'atom']) {
      const body = await (await h.get(`/feeds/daily.${ext}`)).text();
      const script = 'import sys, json, feedparser; d = feedparser.parse(sys.stdin.read()); print(json.dumps([d.bozo, [(e.get("id"), e.get("title")) for e in d.entries]]))';
      const out = spawnSync(python!, ['-c', script], { input: body, encoding: 'utf8' });
      // bozo is feedparser's flag for a document it had to repair.
      const [bozo, entries] = JSON.parse(out.stdout) as [boolean, [string, string][]];
      expect(bozo, `${ext}: ${out.stderr}`).toBe(false);
      expect(entries).toEqual([[`urn:huiju:digest:daily:${due.day}`, `AI 每日摘要 · ${due.day}`]]);
    }
  });
});
