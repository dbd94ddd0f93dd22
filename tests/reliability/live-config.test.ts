import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, tempDir, waitFor, writeConfig, type Served } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';
import { logLines } from './logs.ts';

interface ApiSource {
  id: string;
  status: string;
  itemCount: number;
}

const chipNews = rss(
  '芯片观察',
  [
    { title: '国产芯片流片成功', link: 'http://chips.example/1.html', description: '一款用于大模型训练的芯片完成流片。', date: '2026-04-19T08:00:00+08:00' },
    { title: '算力中心扩容', link: 'http://chips.example/2.html', description: '新增智算芯片一万片。', date: '2026-04-19T09:00:00+08:00' },
  ],
  { link: 'http://chips.example/' },
);

let feeds: FixtureServer;
let huiju: Served;
let dir: string;
let database: TestDatabase;
const tags = [{ id: 'ai', label: '人工智能', keywords: ['大模型', 'AI'] }];
const meituan = () => ({ id: 'meituan', name: '美团技术团队', url: `${feeds.url}/meituan.xml` });
const chips = (over: object = {}) => ({ id: 'chips', name: '芯片观察', url: `${feeds.url}/chips.xml`, ...over });
const write = (config: unknown) => writeConfig(dir, config);

const json = async <T>(path: string) => (await (await fetch(`${huiju.url}${path}`)).json()) as T;
const sources = () => json<ApiSource[]>('/api/sources');
const logsSince = (mark: number) => logLines(huiju.output().slice(mark));

beforeAll(async () => {
  feeds = await startFixtureServer({
    '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') },
    '/chips.xml': { body: chipNews },
  });
  dir = tempDir('huiju-live-config-');
  const config = write({ sources: [meituan()], tags });
  database = await newDatabase();
  huiju = await startServe(['--config', config, '--db', database.location]);
  await waitFor(async () => (await sources()).every((s) => s.status === 'ok'));
});

afterAll(async () => {
  await huiju?.stop();
  await feeds?.close();
  await database?.drop();
});

// The steps build on each other, like an operator editing the file over a day.
describe('editing feeds.json while huiju serve runs', () => {
  it('adds a source: it is scheduled, fetched at once and listed', async () => {
    expect((await sources()).map((s) => s.id)).toEqual(['meituan']);
    const mark = huiju.output().length;
    write({ sources: [meituan(), chips()], tags });
    const listed = await waitFor(async () => (await sources()).find((s) => s.id === 'chips' && s.status === 'ok'));
    expect(listed.itemCount).toBe(2);
    expect(feeds.hits).toContain('GET /chips.xml');
    const lines = logsSince(mark);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'source scheduled', source: 'chips' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'config reloaded', sources: 2 }));
  });

  it('keeps the last good config when an edit is invalid, and logs every problem with its JSON path', async () => {
    const mark = huiju.output().length;
    write({ sources: [{ ...meituan(), colour: 'red' }, chips({ url: 'not a url', schedule: 'every minute' })], tags });
    const error = await waitFor(async () => logsSince(mark).find((l) => /feeds\.json is invalid/.test(l.msg)));
    expect(error.msg).toMatch(/sources\[0\] \(id "meituan"\): unknown key "colour"/);
    expect(error.msg).toMatch(/sources\[1\] \(id "chips"\)\.url: must be an absolute http\(s\) URL/);
    expect(error.msg).toMatch(/sources\[1\] \(id "chips"\)\.schedule: is not a valid cron expression/);
    expect(error.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'sources[1].url' }), expect.objectContaining({ path: 'sources[0]' })]),
    );
    // `huiju check` names the same problems as the running service.
    const check = await runCli(['check', '--config', join(dir, 'feeds.json')]);
    expect(check.code).toBe(2);
    const problems = (text: string) => text.split('\n').filter((l) => /^ {2}\S/.test(l)).sort();
    expect(problems(check.stderr)).toEqual(problems(error.msg));
    expect(problems(check.stderr)).toHaveLength(3);
    const after = await sources();
    expect(after.map((s) => s.id)).toEqual(['meituan', 'chips']);
    expect(after.every((s) => s.status === 'ok')).toBe(true);
    expect((await fetch(`${huiju.url}/healthz`)).status).toBe(200);
  });

  it('keeps the last good config when the file is not even JSON', async () => {
    const mark = huiju.output().length;
    write('{ "sources": [ ');
    const error = await waitFor(async () => logsSince(mark).find((l) => /feeds\.json is invalid/.test(l.msg)));
    expect(error.msg).toMatch(/\(file\): .*not valid JSON/);
    expect((await sources()).map((s) => s.id)).toEqual(['meituan', 'chips']);
  });

  it('applies the fixed file: removes a source and reschedules another', async () => {
    const mark = huiju.output().length;
    write({ sources: [chips({ schedule: '*/5 * * * *' })], tags });
    await waitFor(async () => (await sources()).length === 1);
    expect((await sources()).map((s) => s.id)).toEqual(['chips']);
    const lines = logsSince(mark);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'source unscheduled', source: 'meituan' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'source rescheduled', source: 'chips', schedule: '*/5 * * * *' }));
  });

  it('re-tags stored items when the tag rules change', async () => {
    expect((await fetch(`${huiju.url}/api/items?tag=chip`)).status).toBe(400); // no such tag yet
    const aiBefore = await json<{ items: { title: string }[] }>('/api/items?tag=ai&source=chips');
    expect(aiBefore.items.map((i) => i.title)).toEqual(['国产芯片流片成功']);

    const mark = huiju.output().length;
    write({ sources: [chips({ schedule: '*/5 * * * *' })], tags: [...tags, { id: 'chip', label: '芯片', keywords: ['芯片'] }] });
    // The new rules take effect at once; the stored items are re-tagged just after, in the background.
    await waitFor(async () => logsSince(mark).find((l) => l.msg === 'tag rules changed: re-tagged stored items'));
    const chip = await json<{ items: { title: string; tags: string[] }[] }>('/api/items?tag=chip');
    expect(chip.items.map((i) => i.title).sort()).toEqual(['国产芯片流片成功', '算力中心扩容']);
    expect(chip.items.find((i) => i.title === '国产芯片流片成功')!.tags).toEqual(['ai', 'chip']);
  });
});
