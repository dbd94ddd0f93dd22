import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServe, tempDir, waitFor, writeConfig, type Served } from '../helpers/cli.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';
import { AI_ITEMS, TAGS } from '../http/harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-results');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

let feeds: FixtureServer;
let huiju: Served;
let context: BrowserContext;
let page: Page;
/** Console errors, including CSP violations: the page must work under its own policy. */
const consoleErrors: string[] = [];

const wire = (outlet: string) =>
  rss(outlet, [
    { title: '上海34款大模型通过备案 人工智能产业规模逾3800亿元', link: `http://www.news.cn/tech/20240704/abc.html?from=${outlet}`, description: '截至今年6月中旬，上海市已有34款大模型通过备案。', date: '2024-07-07T07:21:00Z' },
  ]);

describe.skipIf(!hasChromium)('the web page in a real browser (Debian chromium)', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    feeds = await startFixtureServer({
      '/ai.xml': { body: rss('AI 新闻', AI_ITEMS) },
      '/xinhua.xml': { body: wire('xinhua') },
      '/jfdaily.xml': { body: wire('jfdaily') },
      '/down': { status: 503, body: 'down' },
    });
    const dir = tempDir();
    const config = writeConfig(dir, {
      sources: [
        { id: 'ai-news', name: 'AI 新闻网', url: `${feeds.url}/ai.xml` },
        { id: 'xinhua', name: '新华网', url: `${feeds.url}/xinhua.xml`, priority: 10 },
        { id: 'jfdaily', name: '解放日报', url: `${feeds.url}/jfdaily.xml` },
        { id: 'down', name: '暂时打不开的源', url: `${feeds.url}/down` },
      ],
      tags: TAGS,
      outputs: [{ id: 'ai', title: 'AI 产业要闻', tags: ['ai'] }],
    });
    huiju = await startServe(['--config', config, '--db', join(dir, 'huiju.db')], { env: { LOG_LEVEL: 'warn' } });
    await waitFor(async () => {
      const sources = (await (await fetch(`${huiju.url}/api/sources`)).json()) as { status: string }[];
      return sources.every((s) => s.status !== 'pending');
    });
    context = await chromium.launchPersistentContext(tempDir('huiju-chromium-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
      viewport: { width: 390, height: 844 }, // a phone
      locale: 'zh-CN',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await huiju?.stop();
    await feeds?.close();
  });

  const titles = () => page.locator('#stories article h2').allTextContents();

  it('shows the latest stories with their outlets, tags and subscribe links', async () => {
    await page.goto(`${huiju.url}/`);
    await page.screenshot({ path: join(ARTIFACTS, 'web-home.png'), fullPage: true });
    expect(await titles()).toHaveLength(AI_ITEMS.length + 1);
    const wireStory = page.locator('article', { hasText: '上海34款大模型通过备案' });
    expect(await wireStory.locator('[data-outlet]').allTextContents()).toEqual(['新华网', '解放日报']);
    await expect.poll(() => wireStory.locator('.outlets strong').textContent()).toBe('2 家媒体报道');
    expect(await page.locator('a[href="/feeds/ai.xml"]').count()).toBe(1);
    // The stylesheet loaded (the CSP allows it): chips are laid out as pills, not inline text.
    expect(await page.locator('#tags .chip').first().evaluate('(el) => getComputedStyle(el).borderRadius')).not.toBe('0px');
    // Nothing is wider than the phone's screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('filters by a tag chip: only stories with that tag remain', async () => {
    await page.locator('#tags .chip[data-tag="compute"]').click();
    await page.waitForURL(/tag=compute/);
    expect(await titles()).toEqual(['国产算力芯片出货量增长']);
    const shown = await page.locator('#stories article').count();
    expect(shown).toBeGreaterThan(0);
    expect(await page.locator('#stories article:has(.chip[data-tag="compute"])').count()).toBe(shown);
    expect(await page.locator('#tags .chip.on').getAttribute('data-tag')).toBe('compute');
    // Clicking the active chip clears the filter.
    await page.locator('#tags .chip.on').click();
    await page.waitForURL((u) => !u.search.includes('tag='));
    expect(await titles()).toHaveLength(AI_ITEMS.length + 1);
  });

  it('searches from the search box, with matches highlighted', async () => {
    await page.locator('input[name="q"]').fill('具身智能');
    await page.locator('form.search button').click();
    await page.waitForURL(/q=/);
    expect(await titles()).toEqual(['具身智能机器人亮相世界人工智能大会']);
    expect(await page.locator('#stories mark').first().textContent()).toBe('具身智能');
    await page.screenshot({ path: join(ARTIFACTS, 'web-search.png'), fullPage: true });
  });

  it('shows each source’s health at /sources', async () => {
    await page.locator('nav a[href="/sources"]').click();
    await page.waitForURL(/\/sources$/);
    expect(await page.locator('[data-source="ai-news"] .status').textContent()).toBe('正常');
    expect(await page.locator('[data-source="down"] .status').textContent()).toBe('出错');
    expect(await page.locator('[data-source="down"] dd.error').textContent()).toMatch(/HTTP 503/);
    await page.screenshot({ path: join(ARTIFACTS, 'web-sources.png'), fullPage: true });
  });

  it('pages on with 更多 and reads well on a desktop screen too', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${huiju.url}/?limit=3`);
    expect(await titles()).toHaveLength(3);
    await page.locator('a.more').click();
    await page.waitForURL(/cursor=/);
    const second = await titles();
    expect(second).toHaveLength(3);
    expect(second).not.toContain('上海34款大模型通过备案 人工智能产业规模逾3800亿元');
    await page.goto(`${huiju.url}/`);
    await page.screenshot({ path: join(ARTIFACTS, 'web-desktop.png') });
  });

  it('ran under its Content-Security-Policy without a single violation', () => {
    expect(consoleErrors).toEqual([]);
  });
});
