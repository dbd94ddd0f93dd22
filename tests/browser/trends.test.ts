import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServe, tempDir, waitFor, writeConfig, type Served } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-results');
const hasChromium = existsSync(CHROMIUM);

const DAY = 24 * 3600_000;
const TOPICS = ['算力', '大模型', '具身智能', 'DeepSeek'];
/** Two weeks of stories, a few a day on rotating topics, so the chart has lines to draw. */
const ITEMS = Array.from({ length: 40 }, (_, n) => {
  const topic = TOPICS[n % TOPICS.length]!;
  return {
    title: `第${n}号${topic}项目签约落地`,
    link: `http://news.example/${n}.html`,
    description: `${topic}相关的第${n}号项目近日签约，第${n * 17}号园区将承接建设，预计${n % 5 + 1}年内投产。`,
    date: new Date(Date.now() - (n % 14) * DAY - n * 60_000),
  };
});

let feeds: FixtureServer;
let huiju: Served;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

describe.skipIf(!hasChromium)('/trends in a real browser (Debian chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    feeds = await startFixtureServer({ '/news.xml': { body: rss('新闻', ITEMS) } });
    const dir = tempDir();
    const config = writeConfig(dir, {
      sources: [{ id: 'news', name: '新闻网', url: `${feeds.url}/news.xml` }],
      tags: [
        { id: 'ai', label: '人工智能', keywords: ['大模型', '算力', '具身智能'] },
        { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型'] },
        { id: 'compute', label: '算力', parent: 'ai', keywords: ['算力'] },
        { id: 'embodied', label: '具身智能', parent: 'ai', keywords: ['具身智能'] },
        { id: 'deepseek', label: 'DeepSeek', parent: 'llm', keywords: ['DeepSeek'] },
      ],
      trends: { companies: ['deepseek'] },
      // Published an hour ago (UTC), for the 24 hours before: the home page links it.
      outputs: [{ id: 'daily', title: 'AI 每日摘要', tags: ['ai'], digest: { time: new Date(Date.now() - 3600_000).toISOString().slice(11, 16), timezone: 'UTC' } }],
    });
    huiju = await startServe(['--config', config, '--db', join(dir, 'huiju.db')], { env: { LOG_LEVEL: 'warn' } });
    await waitFor(async () => ((await (await fetch(`${huiju.url}/api/items`)).json()) as { items: unknown[] }).items.length > 0);
    context = await chromium.launchPersistentContext(tempDir('huiju-chromium-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
      viewport: { width: 1000, height: 900 },
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await huiju?.stop();
    await feeds?.close();
  });

  it('draws the chart with uPlot under the page’s CSP, with no console error', async () => {
    await page.goto(`${huiju.url}/trends`);
    await page.locator('#trend-chart[data-ready="true"] canvas').waitFor();
    // A legend entry per charted tag, and the canvas has a size.
    expect(await page.locator('#trend-chart .u-legend .u-series').count()).toBeGreaterThan(2);
    const box = await page.locator('#trend-chart canvas').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(200);
    expect(await page.locator('ol.companies li[data-tag="deepseek"]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'trends.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('the home page switches to 热门 and links the daily digest, which opens as a page', async () => {
    await page.goto(`${huiju.url}/`);
    await page.locator('nav.order a[data-sort="hot"]').click();
    await page.waitForURL(/sort=hot/);
    expect(await page.locator('nav.order a[aria-current]').textContent()).toContain('热门');
    // The digest job of `huiju serve` publishes once the start-up fetches are done.
    await waitFor(async () => {
      await page.reload();
      return (await page.locator('section.digests a[data-digest="daily"]').count()) > 0;
    }, 70_000);
    await page.screenshot({ path: join(ARTIFACTS, 'home-hot.png'), fullPage: true });
    await page.locator('section.digests a[data-digest="daily"]').click();
    await page.waitForURL(/\/digests\/daily\//);
    expect(await page.locator('section.digest ol li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'digest.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
