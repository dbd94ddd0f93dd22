import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Config } from '../../src/config/schema.ts';
import { createApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { listenLocally, testConfig } from '../helpers/app.ts';
import { runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer, type Route } from '../helpers/fixture-server.ts';
import { openTestStore, type TestStore } from '../helpers/store.ts';

export interface Harness {
  url: string;
  store: Store;
  /** The app's database underneath, for tests that change rows behind the store's back (see TestStore.sql). */
  db: TestStore;
  feeds: FixtureServer;
  config: Config;
  /** Replace the running config (as a reload would). */
  setConfig(raw: unknown): void;
  /**
   * One fetch cycle of every enabled source: `huiju fetch` in a child process, the real pipeline writing the same
   * database the app reads (as when `huiju fetch` runs beside `huiju serve`).
   */
  refresh(): Promise<void>;
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** huiju's HTTP side in-process: local feed server → `huiju fetch` → a database of the engine under test → createApp on port 0. */
export async function startHarness(routes: Record<string, Route>, rawConfig: (feedsUrl: string) => unknown): Promise<Harness> {
  const feeds = await startFixtureServer(routes);
  const dir = tempDir('huiju-http-');
  let raw = rawConfig(feeds.url);
  let config = testConfig(raw);
  const db = await openTestStore();
  const app = createApp({ store: db.store, config: () => config, log: silentLogger, startedAt: new Date() });
  const { url, close } = await listenLocally(app);
  const h: Harness = {
    url,
    store: db.store,
    db,
    feeds,
    get config() {
      return config;
    },
    setConfig(next) {
      config = testConfig(next);
      raw = next;
    },
    async refresh() {
      const res = await runCli(['fetch', '--config', writeConfig(dir, raw), '--db', db.location]);
      if (res.code !== 0) throw new Error(`huiju fetch failed (${res.code}):\n${res.stderr}`);
    },
    get: (path, init) => fetch(`${url}${path}`, init),
    async close() {
      await close();
      await feeds.close();
      await db.close();
    },
  };
  await h.refresh();
  return h;
}

/** Stories for search and filter tests: titles and bodies chosen so ranking and short terms can be checked. */
export const AI_ITEMS = [
  { title: '大模型产业报告：大模型进入落地期', description: '报告称，大模型正在进入规模化落地阶段，大模型应用增多。', date: '2024-07-01T02:00:00Z' },
  { title: '某公司发布新一代办公软件', description: '新产品接入了大模型能力，可自动撰写文档。', date: '2024-07-05T02:00:00Z' },
  { title: '国产算力芯片出货量增长', description: '多家厂商的算力芯片出货量同比增长，智算中心建设提速。', date: '2024-07-03T02:00:00Z' },
  { title: '具身智能机器人亮相世界人工智能大会', description: '多款具身智能机器人在展会上演示抓取与行走。', date: '2024-07-04T02:00:00Z' },
  { title: '城市马拉松周末开跑', description: '两万名跑者参加，交通管制信息发布。', date: '2024-07-06T02:00:00Z' },
  { title: 'AI 眼镜新品发布', description: 'AI 眼镜支持实时翻译。', date: '2024-07-02T02:00:00Z' },
].map((i, n) => ({ ...i, link: `http://news.example/${n + 1}.html` }));

export const TAGS = [
  { id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型', 'AI', '具身智能', '算力'] },
  { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型'] },
  { id: 'compute', label: '算力', parent: 'ai', keywords: ['算力', '智算'] },
  { id: 'robot', label: '具身智能', parent: 'ai', keywords: ['具身智能', '机器人'] },
];

/** A raw request, for what fetch() will not send (a Host header, a GET with a body). */
export function rawGet(
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
