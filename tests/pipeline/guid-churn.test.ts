/**
 * Issue 17.7: a source whose GUIDs change on every fetch (same link, same title) added an item per story per fetch:
 * 240 items for 20 stories after 12 fetches. The real refresh (fetch over HTTP from a local server, parse, store), on
 * the engine under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createLimiter } from '../../src/fetch/limiter.ts';
import { fetchOptionsFromConfig, limiterOptionsFromConfig } from '../../src/fetch/options.ts';
import pino from 'pino';
import { silentLogger, type Logger } from '../../src/log.ts';
import { churnTolerance } from '../../src/pipeline/item-keying.ts';
import { refreshSource } from '../../src/pipeline/refresh.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';
import { connectSql, newDatabase } from '../helpers/store.ts';

/** Twenty stories about twenty different things: none is a near-duplicate of another. */
const TOPICS = [
  '智谱发布新一代基座模型', '寒武纪公布季度财报', '上海出台算力补贴细则', '百度文心开放插件生态', '华为昇腾芯片量产提速',
  '月之暗面完成新一轮融资', '阿里云下调推理服务价格', '深圳举办机器人产业大会', '商汤推出医疗影像助手', '字节跳动开源视频生成框架',
  '北京发布自动驾驶测试报告', '科大讯飞升级翻译耳机', '腾讯混元接入企业微信', '小米公布具身智能路线图', '教育部规范校园生成式工具',
  '中芯国际扩建成熟制程产线', '美团上线无人机配送新航线', '国家数据局征求数据标注意见', '蔚来发布智能座舱系统', '清华团队提出稀疏注意力算法',
];
const STORIES = TOPICS.length;
const FIRST = Date.parse('2026-03-02T08:00:00Z');
/** The twenty stories, newest first; `guid` minted per request. */
const stories = (guid: (i: number) => string) =>
  Array.from({ length: STORIES }, (_, i) => ({
    title: TOPICS[i]!,
    link: `https://news.example.cn/a/${1000 + i}.html`,
    guid: guid(i),
    description: `${TOPICS[i]}。详情见原文。`,
    date: new Date(FIRST - i * 3_600_000),
  }));

let server: FixtureServer;
let fetches = 0;
let stableFetches = 0;
beforeAll(async () => {
  server = await startFixtureServer({
    // A CMS that stamps a fresh id on every render.
    '/churn.xml': { body: () => rss('churn', stories((i) => `urn:uuid:${++fetches}-${i}-${Math.random().toString(36).slice(2)}`)) },
    // Stable GUIDs, but one story re-issued under a new GUID once: within FreshRSS's tolerance, not churn.
    '/stable.xml': { body: () => rss('stable', stories((i) => (i === 3 && ++stableFetches > 1 ? 'reissued-3' : `stable-${i}`))) },
  });
});
afterAll(() => server.close());

function configFor(): Config {
  const result = validateConfig({
    sources: [
      { id: 'churn', name: 'churn', url: `${server.url}/churn.xml` },
      { id: 'stable', name: 'stable', url: `${server.url}/stable.xml` },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

async function refresh(store: Store, config: Config, id: string, at: number, log: Logger = silentLogger) {
  const result = await refreshSource(config.sources.find((s) => s.id === id)!, {
    store,
    config,
    tagger: compileTagger([]),
    fetchOptions: fetchOptionsFromConfig(config.fetch),
    limiter: createLimiter(limiterOptionsFromConfig(config.fetch)),
    log,
    now: () => new Date(at),
  });
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result;
}

describe('GUID churn', () => {
  it('a source whose GUIDs change on every fetch is keyed on link and title: 20 stories stay 20 items after 12 fetches, and stay so after a restart', async () => {
    const database = await newDatabase();
    const config = configFor();
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    let store = await openStore(database.location);
    const sql = connectSql(database.location);
    try {
      for (let n = 0; n < 12; n++) await refresh(store, config, 'churn', FIRST + n * 15 * 60_000, log);
      expect(await sql.value('SELECT count(*) FROM items')).toBe(STORIES);
      expect(await sql.value('SELECT count(*) FROM stories')).toBe(STORIES);
      expect(await sql.value('SELECT max(item_count) FROM stories')).toBe(1);
      expect((await store.listStories({ limit: 100 }, { content: false })).length).toBe(STORIES);
      expect((await store.listSourceStates()).get('churn')!.itemCount).toBe(STORIES);
      // The decision is stored with the source, and said once in the log.
      expect(await sql.value("SELECT item_keying FROM sources WHERE id = 'churn'")).toBe('link-title');
      const switched = lines.map((l) => JSON.parse(l) as { msg: string; source: string; rekeyed: number }).filter((l) => /keyed on link and title/.test(l.msg));
      expect(switched).toEqual([expect.objectContaining({ source: 'churn', rekeyed: STORIES })]);

      // Another process (a restart) keys the source the same way: still nothing new.
      await store.close();
      store = await openStore(database.location);
      const again = await refresh(store, config, 'churn', FIRST + 12 * 15 * 60_000);
      expect(again).toMatchObject({ counts: { new: 0, updated: 0, unchanged: STORIES } });
      expect(await sql.value('SELECT count(*) FROM items')).toBe(STORIES);
    } finally {
      await sql.close();
      await store.close();
      await database.drop();
    }
  });

  it('a source with stable GUIDs, one story re-issued under a new one, stays keyed by GUID', async () => {
    const database = await newDatabase();
    const config = configFor();
    const store = await openStore(database.location);
    const sql = connectSql(database.location);
    try {
      for (let n = 0; n < 3; n++) await refresh(store, config, 'stable', FIRST + n * 15 * 60_000);
      expect(churnTolerance(STORIES)).toBe(1);
      expect(await sql.value("SELECT item_keying FROM sources WHERE id = 'stable'")).toBe('guid');
      // The re-issued story is a new item (a GUID is the feed's word), joined to its story by dedup.
      expect(await sql.value('SELECT count(*) FROM items')).toBe(STORIES + 1);
      expect(await sql.value('SELECT count(*) FROM stories')).toBe(STORIES);
    } finally {
      await sql.close();
      await store.close();
      await database.drop();
    }
  });
});
