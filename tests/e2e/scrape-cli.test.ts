import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { SourceConfig } from '../../src/config/schema.ts';
import { ROOT, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { connectSql, fileDatabases } from '../helpers/store.ts';

let server: FixtureServer;
let shipped: Map<string, SourceConfig>;

const scrapeFixture = (name: string) => fixture(`../scrape/fixtures/${name}`);

/** Where `huiju fetch --db` stores: a database of the engine under test, dropped when the file is done. */
const database = fileDatabases();

beforeAll(async () => {
  const config = loadConfig(join(ROOT, 'feeds.json'));
  if (!config.ok) throw new Error('shipped feeds.json is invalid');
  shipped = new Map(config.config.sources.map((s) => [s.id, s]));
  server = await startFixtureServer({});
  const local = (buf: Buffer) => buf.toString('utf8').replaceAll('https://www.jfdaily.com', server.url);
  server.routes.set('/news/list?section=2', { body: local(scrapeFixture('jfdaily-list-section2.html')), headers: { 'content-type': 'text/html; charset=utf-8' } });
  server.routes.set('/redesigned', { body: scrapeFixture('jfdaily-list-redesigned.html'), headers: { 'content-type': 'text/html' } });
  server.routes.set('/contentapi/nodeCont/getByChannelId', { body: scrapeFixture('thepaper-channel-119908.json'), headers: { 'content-type': 'application/json' } });
  const article = scrapeFixture('jfdaily-article.html');
  for (const id of ['765432', '765401', '765399', '745357']) {
    server.routes.set(`/news/detail?id=${id}`, { body: article, headers: { 'content-type': 'text/html' } });
    server.routes.set(`/wx/detail.do?id=${id}`, { body: article, headers: { 'content-type': 'text/html' } });
  }
});
afterAll(async () => {
  await server.close();
});

describe('sources without feeds, through the real CLI', () => {
  it('reads a 解放日报 list page by its shipped selectors and each new article once', async () => {
    const dir = tempDir();
    const db = await database();
    const jfdaily = { ...shipped.get('jfdaily-finance')!, url: `${server.url}/news/list?section=2` };
    const config = writeConfig(dir, { sources: [jfdaily] });

    const first = await runCli(['fetch', '--config', config, '--db', db]);
    expect(first.stdout.trim()).toMatch(/^jfdaily-finance {2}new [1-9]\d* {2}updated 0 {2}unchanged 0$/);
    const articleHits = () => server.hits.filter((h) => /detail/.test(h)).length;
    const afterFirst = articleHits();
    expect(afterFirst).toBeGreaterThan(0);

    const stored = connectSql(db);
    const rows = await stored.sql<{ title: string; url: string; content_html: string | null; published_at: string }>(
      'SELECT title, url, content_html, published_at FROM items',
    );
    await stored.close();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.url.startsWith(server.url))).toBe(true);
    expect(rows.some((r) => (r.content_html ?? '').length > 50)).toBe(true);

    const second = await runCli(['fetch', '--config', config, '--db', db]);
    expect(second.stdout).toMatch(/new 0 {2}updated 0 {2}unchanged [1-9]/);
    expect(articleHits()).toBe(afterFirst); // stored items' articles are never fetched again
  });

  it('POSTs to a JSON API with the configured body and maps its fields', async () => {
    const dir = tempDir();
    const db = await database();
    const { json, ...rest } = shipped.get('thepaper-tech')!;
    const { article: _article, ...listOnly } = json!;
    const config = writeConfig(dir, {
      sources: [{ ...rest, url: `${server.url}/contentapi/nodeCont/getByChannelId`, json: listOnly }],
    });
    const r = await runCli(['fetch', '--config', config, '--db', db]);
    expect(r.stdout.trim()).toMatch(/^thepaper-tech {2}new [1-9]/);
    expect(server.bodies.some((b) => b.startsWith('POST /contentapi/nodeCont/getByChannelId') && b.includes('"channelId":"119908"'))).toBe(true);
    const stored = connectSql(db);
    const [first] = await stored.sql<{ url: string }>("SELECT title, url FROM items WHERE title LIKE '世界人工智能大会%'");
    await stored.close();
    expect(first!.url).toBe('https://www.thepaper.cn/newsDetail_forward_27981234');
  });

  it('fails a source whose page layout changed with a message naming the selector', async () => {
    const dir = tempDir();
    const jfdaily = { ...shipped.get('jfdaily-finance')!, url: `${server.url}/redesigned` };
    const r = await runCli(['fetch', '--config', writeConfig(dir, { sources: [jfdaily] }), '--db', await database()]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^jfdaily-finance {2}FAILED {2}0 items matched selector "div\.chengshi div\.chengshi_wz"/);
  });
});
