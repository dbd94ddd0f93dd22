/**
 * `huiju db copy`: a SQLite database huiju really filled (fetched feeds with wire copies merged into stories, tags, a
 * failing source, retention that left tombstones) copied into a fresh PostgreSQL database, which must then serve the
 * same feeds and API; run again; killed part-way and resumed; refused where it would mix two databases.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { main } from '../../src/cli.ts';
import { progressLine, progressReporter } from '../../src/cli/copy-progress.ts';
import { copyDatabase, type TableProgress } from '../../src/store/copy/copy.ts';
import { openStore } from '../../src/store/open.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { listenLocally, testConfig } from '../helpers/app.ts';
import { ROOT, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { ingestContext, ingestParsed } from '../helpers/ingest.ts';
import { parsedItem } from '../helpers/items.ts';
import { rss } from '../helpers/rss.ts';

const ADMIN_URL = process.env.HUIJU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DAY = 24 * 3600_000;

const TAGS = [
  { id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型', 'AI'] },
  { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型'] },
  { id: 'chip', label: '芯片', keywords: ['芯片', '算力'] },
];

/** Today's wire stories: xinhua first, then two outlets carrying them (same URL with tracking, or the same headline). */
const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3600_000).toISOString();
const STORIES = [
  { slug: 'llm-report', title: '大模型产业报告：大模型进入落地期', description: '报告称，大模型正在进入规模化落地阶段。', date: hoursAgo(3) },
  { slug: 'chips', title: '国产算力芯片出货量同比增长四成', description: '多家厂商的算力芯片出货量增长，智算中心建设提速。', date: hoursAgo(5) },
  { slug: 'robots', title: '人形机器人企业完成新一轮融资', description: '融资将用于具身智能与 AI 大模型研发。', date: hoursAgo(7) },
  { slug: 'policy', title: '人工智能产业新政发布，涉及数据与算力', description: '新政支持人工智能与实体经济融合。', date: hoursAgo(9) },
  { slug: 'weather', title: '多地迎来降温天气', description: '气象台发布寒潮预警。', date: hoursAgo(11) },
];
const xinhuaUrl = (slug: string) => `http://www.news.cn/tech/20260101/${slug}.html`;

let server: FixtureServer;
let dir: string;
let sqliteFile: string;
let config: Config;
let admin: pg.Client;
const databases: string[] = [];

/** A fresh, empty PostgreSQL database; dropped when the file is done. */
async function newPgDatabase(): Promise<string> {
  const name = `huiju_t_${process.pid}_copy_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await admin.connect().catch((err: Error) => {
    throw new Error(`PostgreSQL does not answer at ${ADMIN_URL}: these tests need it (${err.message})`);
  });
  server = await startFixtureServer({
    '/xinhua.xml': { body: rss('新华网', STORIES.map((s) => ({ title: s.title, link: xinhuaUrl(s.slug), description: s.description, date: s.date }))) },
    '/jfdaily.xml': {
      body: rss('解放日报', [
        { title: STORIES[0]!.title, link: `${xinhuaUrl('llm-report')}?utm_source=jfdaily`, description: '转载自新华网。', date: STORIES[0]!.date },
        { title: STORIES[1]!.title, link: 'https://www.jfdaily.com/news/chips-1.html', description: STORIES[1]!.description, date: STORIES[1]!.date },
      ]),
    },
    '/thepaper.xml': {
      body: rss('澎湃新闻', [
        { title: STORIES[3]!.title, link: 'https://www.thepaper.cn/newsDetail_forward_1', description: STORIES[3]!.description, date: STORIES[3]!.date },
        { title: '澎湃独家：一家芯片初创公司的三年', link: 'https://www.thepaper.cn/newsDetail_forward_2', description: '芯片设计不易。', date: hoursAgo(2) },
      ]),
    },
    '/chinanews.xml': { body: fixture('feeds/cn/chinanews-scroll-news-2026-04-19.xml') },
    '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') },
    '/500': { status: 500, body: 'oops' },
  });
  dir = tempDir('huiju-copy-');
  sqliteFile = join(dir, 'data', 'huiju.db');
  const raw = {
    sources: [
      { id: 'xinhua', name: '新华网', url: `${server.url}/xinhua.xml`, priority: 10 },
      { id: 'jfdaily', name: '解放日报', url: `${server.url}/jfdaily.xml` },
      { id: 'thepaper', name: '澎湃新闻', url: `${server.url}/thepaper.xml` },
      { id: 'chinanews', name: '中国新闻网', url: `${server.url}/chinanews.xml` },
      { id: 'meituan', name: '美团技术团队', url: `${server.url}/meituan.xml` },
      { id: 'failing', name: 'Failing', url: `${server.url}/500` },
      { id: 'archive', name: '旧闻', url: `${server.url}/archive.xml`, enabled: false },
    ],
    tags: TAGS,
    retention: { days: 90 },
  };
  config = testConfig(raw);
  const configFile = writeConfig(dir, raw);

  // Items huiju first saw 200 days ago: retention removes them and leaves tombstones. One is the first copy of a story
  // xinhua carries today, so that story loses a copy and keeps the rest.
  const store = await openStore(sqliteFile);
  const ctx = ingestContext(store, { tagger: compileTagger(config.tags), priorities: { xinhua: 10 } });
  const archived = [
    parsedItem({ guid: 'a1', url: xinhuaUrl('policy'), title: STORIES[3]!.title, summary: '旧稿。', publishedAt: STORIES[3]!.date }),
    ...Array.from({ length: 7 }, (_, i) =>
      parsedItem({ guid: `old-${i}`, title: `旧闻第${i + 1}条：人工智能的早年`, summary: '很久以前的人工智能新闻。', publishedAt: new Date(now - (200 + i) * DAY).toISOString() }),
    ),
  ];
  await ingestParsed(ctx, 'archive', archived, new Date(now - 200 * DAY));
  // A published daily digest: copied as it was published.
  const at = new Date(now - DAY);
  await store.publishDigest({ outputId: 'daily', day: at.toISOString().slice(0, 10), publishedAt: at.toISOString(), since: new Date(now - 2 * DAY).toISOString(), stories: [] });
  await store.close();

  const fetched = await runCli(['fetch', '--config', configFile, '--db', sqliteFile]);
  expect(fetched.code, fetched.stderr).toBe(0);
  expect(fetched.stdout).toMatch(/^failing {2}FAILED/m);
  const pruned = await runCli(['prune', '--config', configFile, '--db', sqliteFile]);
  expect(pruned.code, pruned.stderr).toBe(0);
  expect(pruned.stdout).toMatch(/^pruned 8 items/);

  // What the copy must carry: merged stories, tags, a failing source's state, tombstones.
  const db = new Database(sqliteFile, { readonly: true });
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  expect(one('SELECT count(*) FROM stories WHERE item_count > 1')).toBeGreaterThanOrEqual(2);
  expect(one('SELECT count(*) FROM items WHERE matched_item_id IS NOT NULL')).toBeGreaterThanOrEqual(2);
  expect(one('SELECT count(*) FROM item_tags')).toBeGreaterThan(5);
  expect(one('SELECT count(*) FROM tombstones')).toBe(8);
  expect(one("SELECT consecutive_failures FROM sources WHERE id = 'failing'")).toBe(1);
  expect(one('SELECT min(id) FROM items')).toBeGreaterThan(1); // ids with a gap at the start: kept as they are
  db.close();
}, 180_000);

afterAll(async () => {
  await server?.close();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin?.end();
});

const TABLES: Record<string, string> = {
  sources: 'SELECT * FROM sources ORDER BY id',
  stories: 'SELECT * FROM stories ORDER BY id',
  items: 'SELECT * FROM items ORDER BY id',
  item_tags: 'SELECT * FROM item_tags ORDER BY item_id, tag',
  story_tags: 'SELECT * FROM story_tags ORDER BY story_id, tag',
  tombstones: 'SELECT * FROM tombstones ORDER BY source_id, item_key',
  digests: 'SELECT * FROM digests ORDER BY output_id, day',
  meta: "SELECT * FROM meta WHERE key NOT LIKE 'copy\\_%' ESCAPE '\\' ORDER BY key",
};

/** Every row of every table huiju keeps, and the search text, as plain values. */
async function sqliteRows(): Promise<Record<string, unknown[]>> {
  const db = new Database(sqliteFile, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(TABLES)) out[table] = db.prepare(sql).all();
    out.search = db.prepare('SELECT rowid AS item_id, title, body FROM items_fts ORDER BY rowid').all();
    return out;
  } finally {
    db.close();
  }
}

const INT8 = 20;
async function pgRows(url: string): Promise<Record<string, unknown[]>> {
  const types = { getTypeParser: ((oid: number, format?: 'text') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser };
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(TABLES)) out[table] = (await client.query(sql)).rows;
    out.search = (await client.query('SELECT item_id, title, body FROM item_search ORDER BY item_id')).rows;
    return out;
  } finally {
    await client.end();
  }
}

async function pgValue(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

/** The HTTP app on a database, as `huiju serve` runs it. */
async function serveOn(location: string) {
  const store = await openStore(location);
  const app = createApp({ store, config: () => config, log: silentLogger, startedAt: new Date(now) });
  const { url, close } = await listenLocally(app);
  return {
    get: async (path: string) => {
      const res = await fetch(`${url}${path}`);
      // Each server writes its own address into absolute links: the same address for both, for comparing.
      const body = (await res.text()).replaceAll(url, 'http://huiju.test');
      return { status: res.status, type: res.headers.get('content-type'), lastModified: res.headers.get('last-modified'), body };
    },
    close: async () => {
      await close();
      await store.close();
    },
  };
}

/** Generation times aside: the moment a document was built, which two servers never share. */
const withoutGenerationTimes = (body: string) =>
  body
    .replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/g, '<lastBuildDate/>')
    .replace(/(<feed[^>]*>[\s\S]*?)<updated>[^<]*<\/updated>/, '$1<updated/>')
    .replace(/"generatedAt":"[^"]*"/g, '"generatedAt":""');

/** A document split before each entry (RSS item, Atom entry, JSON object in a list). */
const entries = (body: string) => body.split(/(?=<item>|<entry>|\{"id":)/);

const PATHS = [
  '/feed.xml',
  '/feed.atom',
  '/feed.json',
  '/feed.xml?tag=ai',
  '/api/items',
  '/api/items?limit=5',
  '/feed.xml?q=%E5%A4%A7%E6%A8%A1%E5%9E%8B', // 大模型, newest first: the search entries were carried over
  '/api/items?source=jfdaily',
  '/api/sources',
  '/api/tags',
];

async function expectSameService(pgUrl: string) {
  const a = await serveOn(sqliteFile);
  const b = await serveOn(pgUrl);
  try {
    for (const path of PATHS) {
      const [x, y] = [await a.get(path), await b.get(path)];
      expect(x.status, path).toBe(200);
      expect({ path, status: y.status, type: y.type, lastModified: y.lastModified }).toEqual({ path, status: x.status, type: x.type, lastModified: x.lastModified });
      // Entry by entry, so a difference shows as the entries that differ.
      expect(entries(withoutGenerationTimes(y.body)), path).toEqual(entries(withoutGenerationTimes(x.body)));
    }
    // The API's search ranks by relevance, which each engine scores its own way (FTS5's bm25, PostgreSQL's ts_rank):
    // the same stories with the same snippets, in an order of the engine's.
    const search = async (server: typeof a) => {
      const { items } = JSON.parse((await server.get('/api/items?q=%E5%A4%A7%E6%A8%A1%E5%9E%8B&limit=100')).body) as { items: { id: number }[] };
      return items.sort((p, q) => p.id - q.id);
    };
    const found = await search(a);
    expect(found.length).toBeGreaterThan(3);
    expect(await search(b)).toEqual(found);
    const first = JSON.parse((await a.get('/api/items?limit=1')).body).items[0].id as number;
    const [x, y] = [await a.get(`/api/items/${first}`), await b.get(`/api/items/${first}`)];
    expect(y.body).toBe(x.body);
  } finally {
    await a.close();
    await b.close();
  }
}

// Every case runs the CLI or a copy at least once; a busy machine makes a CLI start take seconds.
describe('huiju db copy', { timeout: 120_000 }, () => {
  /** The CLI in-process, for the cases that end before any copying: what it prints and its exit status. */
  const cli = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  it('copies every table, ids kept, and PostgreSQL then serves the same feeds and API', async () => {
    const copied = await newPgDatabase();
    const res = await runCli(['db', 'copy', '--from', sqliteFile, '--to', copied]);
    expect(res.code, res.stderr).toBe(0);
    // Not a terminal: one line a table, then the summary.
    expect(res.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^copied sources 6\/6 \(100%\)/), // the disabled source was never fetched: no state
      expect.stringMatching(/^copied stories \d+\/\d+ \(100%\)/),
      expect.stringMatching(/^copied items \d+\/\d+ \(100%\) [\d,]+\/s$/),
      expect.stringMatching(/^copied tombstones 8\/8 \(100%\)/),
      expect.stringMatching(/^built the search index in [\d.]+ s$/),
      expect.stringMatching(/^copied digests 1\/1 \(100%\)/),
      expect.stringMatching(/^copied meta values \d+\/\d+ \(100%\)/),
    ]);
    expect(res.stdout).toMatch(/ → postgres:\/\/postgres@127\.0\.0\.1:5432\/huiju_t_\S+ in [\d.]+ s: \d+ stories \(\d+ tags\), \d+ items/);

    expect(await pgRows(copied)).toEqual(await sqliteRows());
    // The planner has statistics of the copied rows, not those of the empty tables it started from.
    for (const table of ['stories', 'items', 'story_tags', 'item_grams']) {
      expect(await pgValue(copied, `SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = '${table}'`), table).toBe(true);
    }
    await expectSameService(copied);
  });

  it('leaves the sequences past the highest id, and then refuses to copy over what PostgreSQL stored since', async () => {
    const target = await newPgDatabase();
    await copyDatabase({ from: sqliteFile, to: target });
    const maxItem = Number(await pgValue(target, 'SELECT max(id) FROM items'));
    const maxStory = Number(await pgValue(target, 'SELECT max(id) FROM stories'));
    const store = await openStore(target);
    try {
      const ctx = ingestContext(store, { tagger: compileTagger(config.tags) });
      await ingestParsed(ctx, 'thepaper', [parsedItem({ guid: 'after-copy', title: '复制之后的新稿件', publishedAt: new Date().toISOString() })], new Date());
    } finally {
      await store.close();
    }
    expect(Number(await pgValue(target, "SELECT id FROM items WHERE item_key = 'guid:after-copy'"))).toBe(maxItem + 1);
    expect(Number(await pgValue(target, "SELECT story_id FROM items WHERE item_key = 'guid:after-copy'"))).toBe(maxStory + 1);

    // Copying again would put the file's source state and meta over what huiju has stored there since.
    const res = await cli(['db', 'copy', '--from', sqliteFile, '--to', target]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^huiju db copy: \S+ already holds other data \(stories up to id \d+; \S+ has up to \d+\): copy into an empty database$/);
  });

  it('run again, inserts nothing twice and says so', async () => {
    const target = await newPgDatabase();
    const first = await runCli(['db', 'copy', '--from', sqliteFile, '--to', target]);
    expect(first.code, first.stderr).toBe(0);
    const before = await pgRows(target);
    const again = await runCli(['db', 'copy', '--from', sqliteFile, '--to', target]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/nothing new: every story, item and tombstone was already there/);
    expect(again.stderr).not.toMatch(/warning/);
    expect(await pgRows(target)).toEqual(before);
  });

  it('killed part-way (mid-transaction), resumes where it stopped and ends identical', async () => {
    const target = await newPgDatabase();
    // A child process that copies 5 rows a batch and dies by SIGKILL inside the third batch of items, before its commit.
    const script = `
      const { copyDatabase } = await import(${JSON.stringify(join(ROOT, 'src/store/copy/copy.ts'))});
      await copyDatabase({ from: process.argv[1], to: process.argv[2], batchSize: 5,
        beforeCommit: (table, n) => { if (table === 'items' && n === 3) process.kill(process.pid, 'SIGKILL'); } });`;
    const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, sqliteFile, target], { cwd: ROOT });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('exit', (code, sig) => (sig ? resolve(sig) : reject(new Error(`exited ${code}: ${stderr}`))));
    });
    expect(signal).toBe('SIGKILL');

    const source = await sqliteRows();
    const stories = source.stories!.length;
    expect(Number(await pgValue(target, 'SELECT count(*) FROM stories'))).toBe(stories);
    expect(Number(await pgValue(target, 'SELECT count(*) FROM items'))).toBe(10); // two batches committed, the third not
    const tenth = (source.items![9] as { id: number }).id;
    expect(await pgValue(target, "SELECT value FROM meta WHERE key = 'copy_items_upto'")).toBe(JSON.stringify([tenth]));
    // The search index is built once at the end of a copy into an empty database: the killed run never got there.
    expect(await pgValue(target, "SELECT to_regclass('item_grams_gin')::text")).toBeNull();

    const seen: TableProgress[] = [];
    const report = await copyDatabase({ from: sqliteFile, to: target, batchSize: 7, onProgress: (p) => seen.push(p) });
    expect(report.resumed).toBe(true);
    expect(report.sourceChanged).toBe(false);
    expect(report.tables.stories.copied).toBe(0);
    expect(report.tables.items).toEqual({ total: source.items!.length, copied: source.items!.length - 10 });
    // Progress starts from what the killed run had done.
    expect(seen.find((p) => p.table === 'items')).toMatchObject({ done: 10, copied: 0, finished: false });
    expect(seen.filter((p) => p.table === 'items').at(-1)).toMatchObject({ done: source.items!.length, finished: true });
    expect(seen.filter((p) => p.table === 'search index').map((p) => p.finished)).toEqual([false, true]);
    expect(await pgValue(target, "SELECT to_regclass('item_grams_gin')::text")).toBe('item_grams_gin');
    expect(await pgRows(target)).toEqual(source);
    await expectSameService(target);
  });

  it('a batch that fails is rolled back with its cursor, and the next run picks it up', async () => {
    const target = await newPgDatabase();
    await expect(
      copyDatabase({
        from: sqliteFile,
        to: target,
        batchSize: 4,
        beforeCommit: (table, n) => {
          if (table === 'stories' && n === 2) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(Number(await pgValue(target, 'SELECT count(*) FROM stories'))).toBe(4);
    expect(Number(await pgValue(target, 'SELECT count(*) FROM items'))).toBe(0);
    await copyDatabase({ from: sqliteFile, to: target, batchSize: 4 });
    expect(await pgRows(target)).toEqual(await sqliteRows());
  });

  it('warns when huiju wrote to the file between an interrupted copy and its resumption', async () => {
    const file = join(tempDir('huiju-copy-changed-'), 'huiju.db');
    copyFileSync(sqliteFile, file);
    const target = await newPgDatabase();
    const stopAtItems = (table: string) => {
      if (table === 'items') throw new Error('interrupted');
    };
    await expect(copyDatabase({ from: file, to: target, batchSize: 10, beforeCommit: stopAtItems })).rejects.toThrow('interrupted');
    const store = await openStore(file);
    try {
      const ctx = ingestContext(store, { tagger: compileTagger(config.tags) });
      await ingestParsed(ctx, 'thepaper', [parsedItem({ guid: 'meanwhile', title: '复制中途抓到的新稿件', publishedAt: new Date().toISOString() })], new Date());
    } finally {
      await store.close();
    }
    const res = await cli(['db', 'copy', '--from', file, '--to', target]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/^warning: \S+ changed since this copy began; rows copied before then are as they were\. For an exact copy, stop huiju and copy into an empty database\.$/m);
    // What was appended is copied all the same.
    expect(Number(await pgValue(target, "SELECT count(*) FROM items WHERE item_key = 'guid:meanwhile'"))).toBe(1);
  });

  it('refuses, in one line, a target that already holds another database’s data, and writes nothing', async () => {
    const target = await newPgDatabase();
    const store = await openStore(target);
    try {
      const ctx = ingestContext(store, { tagger: compileTagger(config.tags) });
      await ingestParsed(ctx, 'other', [parsedItem({ guid: 'x', title: '另一个数据库的稿件', publishedAt: new Date().toISOString() })], new Date());
    } finally {
      await store.close();
    }
    const res = await runCli(['db', 'copy', '--from', sqliteFile, '--to', target]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^huiju db copy: postgres:\/\/\S+ already holds other data \(.*\): copy into an empty database$/),
    ]);
    expect(Number(await pgValue(target, 'SELECT count(*) FROM items'))).toBe(1);
    expect(Number(await pgValue(target, 'SELECT count(*) FROM sources'))).toBe(0);
  });

  it.each([
    ['a file that does not exist', () => join(dir, 'missing.db'), /^huiju db copy: \S+missing\.db does not exist$/],
    ['a directory', () => dir, /^huiju db copy: \S+ is not a file/],
    ['a file that is not SQLite', () => writeConfig(dir, 'not a database', 'junk.db'), /^huiju db copy: \S+junk\.db is not a huiju database \(not a SQLite file\)$/],
    [
      'a SQLite file that is not huiju’s',
      () => {
        const file = join(dir, 'other.db');
        new Database(file).exec('CREATE TABLE IF NOT EXISTS t (x)');
        return file;
      },
      /^huiju db copy: \S+other\.db is not a huiju database \(none of its tables\)$/,
    ],
  ])('refuses %s as the source, naming it', async (_name, file, message) => {
    const res = await cli(['db', 'copy', '--from', file(), '--to', 'postgres://postgres@127.0.0.1:5432/never_created']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(message);
  });

  it('says in one line when the target cannot be reached', async () => {
    const res = await cli(['db', 'copy', '--from', sqliteFile, '--to', 'postgres://postgres:secret@127.0.0.1:9/huiju']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^huiju db copy: cannot reach PostgreSQL at 127\.0\.0\.1:9\/huiju: connect ECONNREFUSED$/);
  });

  it.each([
    [['db'], /^usage: huiju db copy/],
    [['db', 'move'], /^unknown db command "move"/],
    [['db', 'copy', '--from', 'x.db'], /needs --from and --to/],
    [['db', 'copy', '--from', 'postgres://h/db', '--to', 'x.db'], /--from is a file, --to a postgres:\/\/ URL/],
  ])('huiju %j is a usage error (exit 2)', async (args, message) => {
    const res = await cli(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  it('is in the usage text', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/huiju db copy --from FILE --to URL\n\s+copy a SQLite database into PostgreSQL/);
  });
});

describe('the progress line', () => {
  const p = (over: Partial<TableProgress>): TableProgress => ({ table: 'items', done: 0, total: 0, copied: 0, finished: false, ...over });

  it.each([
    ['under way', p({ done: 120_000, total: 450_000, copied: 120_000 }), 14_286, 'copying items 120,000/450,000 (26%) 8,400/s'],
    ['resumed, nothing copied yet', p({ done: 200_000, total: 450_000 }), 10, 'copying items 200,000/450,000 (44%)'],
    ['finished after a resume', p({ done: 450_000, total: 450_000, copied: 250_000, finished: true }), 25_000, 'copied items 450,000/450,000 (100%), 250,000 new 10,000/s'],
    ['an empty table', p({ table: 'tombstones', finished: true }), 3, 'copied tombstones 0/0 (100%)'],
    ['meta', p({ table: 'meta', done: 2, total: 2, copied: 2, finished: true }), 1_000, 'copied meta values 2/2 (100%) 2/s'],
  ])('%s', (_name, progress, ms, line) => {
    expect(progressLine(progress, ms)).toBe(line);
  });

  it('is redrawn in place on a terminal, at most every 100 ms, and ends each table with a newline', () => {
    let t = 0;
    const written: string[] = [];
    const report = progressReporter({ isTTY: true, write: (s: string) => written.push(s) }, () => t);
    report(p({ total: 30 }));
    t = 50;
    report(p({ done: 10, total: 30, copied: 10 })); // too soon after the last: not drawn
    t = 200;
    report(p({ done: 20, total: 30, copied: 20 }));
    t = 250;
    report(p({ done: 30, total: 30, copied: 30, finished: true }));
    expect(written).toEqual([
      '\rcopying items 0/30 (0%)\x1b[K',
      '\rcopying items 20/30 (66%) 100/s\x1b[K',
      '\rcopied items 30/30 (100%) 120/s\x1b[K\n',
    ]);
  });

  it('is one line a table when not on a terminal', () => {
    const written: string[] = [];
    const report = progressReporter({ write: (s: string) => written.push(s) }, () => 0);
    report(p({ total: 30 }));
    report(p({ done: 30, total: 30, copied: 30 }));
    report(p({ done: 30, total: 30, copied: 30, finished: true }));
    expect(written).toEqual(['copied items 30/30 (100%)\n']);
  });
});
