import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir, waitFor, writeConfig, type Served } from '../helpers/cli.ts';
import { rss } from '../helpers/rss.ts';

const SOURCES = 14;

/** Feeds that take a while to answer, so that every source's fetch is in flight at once. */
let feeds: Server;
let feedsUrl: string;
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  feeds = createServer((req, res) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(`feed ${req.url}`, [{ title: `news from ${req.url}`, link: `http://news.example${req.url}/1.html`, date: '2024-07-04T08:00:00Z' }]));
    }, 1500);
  });
  await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  feedsUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
});

afterAll(async () => {
  feeds.closeAllConnections();
  await new Promise<void>((resolve) => feeds.close(() => resolve()));
});

describe('huiju serve starting with more than ten sources', () => {
  let huiju: Served | undefined;
  afterAll(async () => {
    await huiju?.stop();
  });

  it('logs nothing but JSON lines: no MaxListenersExceededWarning while every fetch is in flight', { timeout: 120_000 }, async () => {
    const dir = tempDir('huiju-startup-');
    const config = writeConfig(dir, {
      fetch: { concurrency: 32, perSiteConcurrency: 32 },
      sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `s${i}`, name: `源 ${i}`, url: `${feedsUrl}/feed/${i}` })),
    });
    huiju = await startServe(['--config', config, '--db', join(dir, 'huiju.db')], { readyWithinMs: 60_000 });
    const served = huiju;
    await waitFor(async () => {
      const sources = (await (await fetch(`${served.url}/api/sources`)).json()) as { status: string }[];
      return sources.every((s) => s.status === 'ok');
    }, 60_000);
    expect(mostInFlight).toBeGreaterThan(10);
    expect(await huiju.stop()).toBe(0);
    const lines = huiju.output().split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(SOURCES);
    const notJson = lines.filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    expect(huiju.output()).not.toMatch(/MaxListenersExceededWarning/);
  });
});
