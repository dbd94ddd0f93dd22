import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFetch, recordIngest } from '../../src/metrics.ts';
import { rss } from '../helpers/rss.ts';
import { startHarness, TAGS, type Harness } from './harness.ts';

let h: Harness;
const story = (outlet: string, more = '') =>
  rss(outlet, [
    { title: '上海34款大模型通过备案', link: `http://www.news.cn/tech/abc.html?from=${outlet}`, description: `上海市已有34款大模型通过备案。${more}`, date: '2024-07-03T23:21:00Z' },
  ]);

// Only 解放日报's copy mentions 浦东 (see the search snippets below); its URL makes it a copy of 新华网's story.
const routes = { '/xinhua.xml': { body: story('xinhua') }, '/jfdaily.xml': { body: story('jfdaily', '浦东新区发布配套政策。') }, '/down': { status: 503 } };

beforeAll(async () => {
  h = await startHarness(routes, (feeds) => ({
    sources: [
      { id: 'xinhua', name: '新华网', url: `${feeds}/xinhua.xml`, priority: 10 },
      { id: 'jfdaily', name: '解放日报', url: `${feeds}/jfdaily.xml` },
      { id: 'down', name: '坏掉的源', url: `${feeds}/down` },
    ],
    tags: TAGS,
  }));
});
afterAll(() => h?.close());

const scrape = async () => {
  const res = await h.get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};
/** The value of the sample `name{a="x",…}` whatever order prom-client writes the labels in (app="huiju" is on all). */
const value = (text: string, series: string) => {
  const want = (s: string) => {
    const m = s.match(/^(\w+)(?:\{(.*)\})?$/)!;
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => `${l[1]}=${l[2]}`).filter((l) => l !== 'app=huiju');
    return { name: m[1], labels: labels.sort().join(',') };
  };
  const target = want(series);
  for (const line of text.split('\n')) {
    const at = line.lastIndexOf(' ');
    if (line.startsWith('#') || at < 0) continue;
    const got = want(line.slice(0, at));
    if (got.name === target.name && got.labels === target.labels) return Number(line.slice(at + 1));
  }
  return undefined;
};

describe('GET /metrics', () => {
  it('reports what is stored, read from the database at scrape time', async () => {
    const text = await scrape();
    expect(value(text, 'huiju_stories{app="huiju"}')).toBe(1);
    expect(value(text, 'huiju_items{source="xinhua"}')).toBe(1);
    expect(value(text, 'huiju_items{source="jfdaily"}')).toBe(1);
    expect(value(text, 'huiju_items{source="down"}')).toBe(0);
    expect(value(text, 'huiju_merged_items{rule="canonical-url"}')).toBe(1);
    expect(value(text, 'huiju_tag_stories{tag="llm"}')).toBe(1);
    expect(value(text, 'huiju_tag_stories{tag="robot"}')).toBe(0);
    expect(value(text, 'huiju_source_consecutive_failures{source="down"}')).toBe(1);
    expect(value(text, 'huiju_source_consecutive_failures{source="xinhua"}')).toBe(0);
    expect(value(text, 'huiju_source_last_success_timestamp_seconds{source="xinhua"}')).toBeGreaterThan(1.7e9);
  });

  it('records fetches and ingests through the functions the pipeline calls', async () => {
    recordFetch('xinhua', 'ok', 0.3);
    recordFetch('down', 'error', 1.5);
    recordIngest('xinhua', { new: 4, updated: 1, unchanged: 7 });
    const text = await scrape();
    expect(value(text, 'huiju_fetches_total{source="down",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'huiju_fetch_duration_seconds_count{source="xinhua"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'huiju_fetch_duration_seconds_bucket{le="0.5",source="xinhua"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'huiju_items_ingested_total{source="xinhua",kind="new"}')).toBeGreaterThanOrEqual(4);
    expect(value(text, 'huiju_items_ingested_total{source="xinhua",kind="unchanged"}')).toBeGreaterThanOrEqual(7);
  });

  it('times HTTP requests by route pattern, not by URL', async () => {
    await h.get('/feeds/nope.xml');
    await h.get('/api/items?q=大模型');
    await h.get('/api/items?q=通过');
    const text = await scrape();
    expect(value(text, 'huiju_http_request_duration_seconds_count{method="GET",route="/api/items",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(value(text, 'huiju_http_request_duration_seconds_count{method="GET",route="/feeds/:file",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/route="\/api\/items\?/);
    expect(text).toMatch(/^huiju_process_cpu_seconds_total/m);
  });
});

// Here because this file's fixture is a story two outlets carried.
describe('search snippets', () => {
  it('come from the copy that matched when it is not the one shown', async () => {
    // Only 解放日报's copy (not the representative 新华网 one) mentions 浦东.
    const { items } = (await (await h.get('/api/items?q=浦东新区')).json()) as { items: { source: string; snippet: string }[] };
    expect(items).toHaveLength(1);
    expect(items[0]!.source).toBe('xinhua');
    expect(items[0]!.snippet).toContain('<mark>浦东新区</mark>发布配套政策');
  });
});
