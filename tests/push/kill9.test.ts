import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServe, tempDir, waitFor, writeConfig } from '../helpers/cli.ts';
import { startFixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';
import { newDatabase, TEST_ENGINE } from '../helpers/store.ts';

/**
 * A receiver as the generic webhook's contract asks one to be: it drops a delivery whose Idempotency-Key it has
 * already accepted. The first request is held without an answer, so huiju is killed while it waits.
 */
async function startReceiver() {
  const seen: { key: string; titles: string[] }[] = [];
  const accepted = new Set<string>();
  const held: ServerResponse[] = [];
  let holdNext = true;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const key = String(req.headers['idempotency-key']);
    seen.push({ key, titles: body.stories.map((s: { title: string }) => s.title) });
    if (holdNext) {
      holdNext = false;
      held.push(res);
      return;
    }
    accepted.add(key);
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    seen,
    accepted,
    close: () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const TITLES = ['智谱发布 GLM-5 大模型', '月之暗面完成新一轮融资', '华为昇腾芯片算力提升', 'DeepSeek 开源推理模型', '百度文心大模型更新'];

// On PostgreSQL a killed dispatcher's claim is freed by its lease (two minutes; covered in outbox.test.ts), not at the
// next start: other processes may be dispatching. This test restarts at once, so it runs where restart frees claims.
describe.skipIf(TEST_ENGINE === 'postgres')('kill -9 during delivery', () => {
  it('then restart: every story is delivered, and none is accepted twice', async () => {
    const receiver = await startReceiver();
    const now = Date.now();
    const feeds = await startFixtureServer({
      '/ai.xml': { body: rss('AI', TITLES.map((title, i) => ({ title, link: `https://news.example/${i}`, description: `${title}，人工智能行业动态。`, date: new Date(now - (i + 1) * 60_000) }))) },
    });
    const dir = tempDir('huiju-kill9-');
    const db = await newDatabase();
    const configFile = writeConfig(dir, {
      sources: [{ id: 'ai', name: '机器之心', url: `${feeds.url}/ai.xml`, schedule: '*/5 * * * *' }],
      tags: [{ id: 'ai', label: '人工智能', keywords: ['人工智能'] }],
      outputs: [{ id: 'ai', title: 'AI 要闻', notify: [{ id: 'team', type: 'webhook', url: receiver.url, digestAfter: 50 }] }],
    });
    try {
      const first = await startServe(['--config', configFile, '--db', db.location]);
      // The first delivery arrives and is held: huiju is waiting for the answer when it is killed.
      await waitFor(async () => receiver.seen.length >= 1, 30_000);
      first.child.kill('SIGKILL');
      await first.stop();
      expect(receiver.accepted.size).toBe(0);
      const inFlight = receiver.seen[0]!.key;

      const second = await startServe(['--config', configFile, '--db', db.location]);
      try {
        await waitFor(async () => receiver.accepted.size >= TITLES.length, 30_000);
        // Nothing more comes once everything is accepted.
        await new Promise((r) => setTimeout(r, 1500));
        const status = (await (await fetch(`${second.url}/api/notifications`)).json()) as { channels: unknown[] };
        expect(status.channels[0]).toMatchObject({ id: 'team', sent: TITLES.length, queued: 0, failed: 0 });
      } finally {
        await second.stop();
      }
      const titles = receiver.seen.flatMap((s) => s.titles);
      expect(new Set(titles)).toEqual(new Set(TITLES));
      // The only key seen twice is the one in flight at the kill, sent again under the same key; each key once accepted.
      const repeated = receiver.seen.map((s) => s.key).filter((k, i, all) => all.indexOf(k) !== i);
      expect(repeated).toEqual([inFlight]);
      expect(receiver.accepted.size).toBe(TITLES.length);
      expect(receiver.seen).toHaveLength(TITLES.length + 1);
    } finally {
      await receiver.close();
      await feeds.close();
      await db.drop();
    }
  });
});
