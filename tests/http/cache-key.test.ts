import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { item, startInProcess, watched, type InProcess } from './in-process.ts';

const config = {
  sources: [{ id: 'a', name: 'A 新闻', url: 'http://a.example/feed.xml' }],
  tags: [{ id: 'ai', label: '人工智能', keywords: ['人工智能', '大模型'] }],
  outputs: [{ id: 'ai', title: 'AI', tags: ['ai'] }],
};

const items = {
  a: [
    item({ title: '大模型进入落地期', url: 'http://a.example/1.html', summary: '人工智能大模型应用增多。', publishedAt: '2024-07-01T02:00:00.000Z' }),
    item({ title: '城市马拉松周末开跑', url: 'http://a.example/2.html', summary: '两万名跑者参加。', publishedAt: '2024-07-02T02:00:00.000Z' }),
  ],
};

let app: InProcess | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('the response cache key', () => {
  it.each<[string, string[]]>([
    ['a feed', ['/feed.xml', '/feed.xml?x=1', '/feed.xml?x=2', '/feed.xml?utm_source=reader&_=1700000000']],
    ['a named output', ['/feeds/ai.atom?nocache=1', '/feeds/ai.atom?nocache=2', '/feeds/ai.atom']],
    ['the API listing', ['/api/items?tag=ai&limit=5', '/api/items?limit=5&tag=ai', '/api/items?tag=ai&limit=5&x=1', '/api/items?x=2&limit=5&tag=ai']],
    ['the web page', ['/?tag=ai', '/?tag=ai&fbclid=abc', '/?fbclid=def&tag=ai']],
    ['a search', ['/api/items?q=大模型', '/api/items?q=大模型&x=1', `/api/items?q=${encodeURIComponent(' 大模型 ')}`]],
  ])('leaves unknown parameters and parameter order out: %s is built once', async (_name, paths) => {
    const store = watched();
    app = await startInProcess({ config, items, wrap: store.wrap });
    const bodies = [];
    for (const path of paths) {
      const res = await app.get(encodeURI(decodeURI(path)));
      expect(res.status, path).toBe(200);
      bodies.push(await res.text());
    }
    expect(store.calls()).toBe(1);
    expect(new Set(bodies).size).toBe(1);
  });

  it('still tells different filters apart', async () => {
    const store = watched();
    app = await startInProcess({ config, items, wrap: store.wrap });
    for (const path of ['/api/items', '/api/items?tag=ai', '/api/items?limit=1', '/api/items?sort=date&q=%E5%A4%A7', '/api/items?q=%E5%A4%A7']) {
      expect((await app.get(path)).status, path).toBe(200);
    }
    expect(store.calls()).toBe(5);
  });

  it('gives links in a feed without the parameters it ignored', async () => {
    app = await startInProcess({ config, items });
    const body = await (await app.get('/feed.atom?x=1&tag=ai&_=2')).text();
    expect(body).toContain(`href="${app.url}/feed.atom?tag=ai"`);
    expect(body).not.toMatch(/x=1|_=2/);
  });
});

/**
 * The load comes from a worker thread: a client on the server's own thread would be held up by the very work it
 * measures, and could never send faster than the server answers.
 */
const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { url, n } = workerData;
  const started = performance.now();
  const searches = Array.from({ length: n }, (_, i) =>
    fetch(url + '/api/items?q=' + encodeURIComponent('词' + i)).then(async (res) => ({
      status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text(), at: performance.now() - started,
    })),
  );
  await new Promise((r) => setTimeout(r, 50));
  const health = await fetch(url + '/healthz');
  const healthAt = performance.now() - started;
  parentPort.postMessage({ health: health.status, healthAt, results: await Promise.all(searches) });
})();
`;

interface Load {
  health: number;
  healthAt: number;
  results: { status: number; retryAfter: string | null; body: string; at: number }[];
}

function load(url: string, n: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD, { eval: true, workerData: { url, n } });
    worker.once('message', (m: Load) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('many uncached listings at once', () => {
  it('builds a bounded number at a time, answers the rest 503 with Retry-After, and /healthz stays prompt', async () => {
    // Each listing holds the event loop 40 ms, as an embedded engine's slow search does.
    const store = watched(40);
    app = await startInProcess({ config, items, wrap: store.wrap });
    const { health, healthAt, results } = await load(app.url, 80);
    expect(health).toBe(200);
    const refused = results.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(r.body)).toEqual({ error: expect.stringMatching(/busy/) });
    }
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(8);
    expect(results.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    // Not a timing bound (BENCHMARKS.md has the figure): /healthz is not kept waiting behind every search.
    const lastSearch = Math.max(...results.map((r) => r.at));
    expect(healthAt).toBeLessThan(lastSearch);
    expect(store.calls()).toBeLessThan(80);
  });
});
