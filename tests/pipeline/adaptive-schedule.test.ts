/**
 * `fetch.adaptiveSchedule`: a source that publishes rarely is polled less often than its schedule, from what the
 * store holds of its last week. The real refresh (fetch over HTTP from a local server, parse, store) decides it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.ts';
import { createLimiter } from '../../src/fetch/limiter.ts';
import { fetchOptionsFromConfig, limiterOptionsFromConfig } from '../../src/fetch/options.ts';
import { silentLogger } from '../../src/log.ts';
import { refreshSource } from '../../src/pipeline/refresh.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { testConfig } from '../helpers/app.ts';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { rss } from '../helpers/rss.ts';
import { openTestStore } from '../helpers/store.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Two weeks after the first fetch, on the hour. */
const FIRST = new Date('2026-03-01T00:00:00Z');
const LATER = new Date(FIRST.getTime() + 14 * DAY);

/** An RSS document with one item per publication time. */
const feed = (times: readonly Date[]) =>
  rss('t', times.map((t, i) => ({ title: `第${i}条：某地召开第${i}次产业发展工作会议`, guid: `g${t.getTime()}`, date: t })), { link: 'http://example.cn/' });
const hoursBefore = (at: Date, ...hours: number[]) => hours.map((h) => new Date(at.getTime() - h * HOUR));

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({
    // Lists the same two items at both fetches: nothing published since the first week.
    '/silent.xml': { body: feed(hoursBefore(FIRST, 1, 30)) },
    // Its first fetch lists a backlog; by the second it has published every 12 hours for a week.
    '/daily.xml': {
      body: (() => {
        let n = 0;
        return () => feed(n++ === 0 ? hoursBefore(FIRST, 1, 2, 3) : hoursBefore(LATER, 1, 13, 25, 37, 49, 61, 73, 85, 97, 109, 121, 133, 145, 157));
      })(),
    },
  });
});
afterAll(() => server.close());

async function setup(adaptiveSchedule: boolean) {
  const config: Config = testConfig({
    sources: [
      { id: 'silent', name: 'silent', url: `${server.url}/silent.xml` },
      { id: 'daily', name: 'daily', url: `${server.url}/daily.xml` },
    ],
    fetch: { adaptiveSchedule },
  });
  const { store } = await openTestStore();
  const refresh = async (id: string, at: Date) => {
    const source = config.sources.find((s) => s.id === id)!;
    const deps = {
      store,
      config,
      tagger: compileTagger([]),
      fetchOptions: fetchOptionsFromConfig(config.fetch),
      limiter: createLimiter(limiterOptionsFromConfig(config.fetch)),
      log: silentLogger,
      now: () => at,
    };
    expect((await refreshSource(source, deps)).ok).toBe(true);
    return Date.parse((await store.getSourceState(id)).nextFetchAt!) - at.getTime();
  };
  return { refresh };
}

describe('fetch.adaptiveSchedule', () => {
  it('stretches the poll of a source to a quarter of its typical gap, once it has been followed for a week', async () => {
    const { refresh } = await setup(true);
    // The first fetch knows nothing of the rate: the schedule (every 15 minutes) holds.
    expect(await refresh('silent', FIRST)).toBe(15 * 60_000);
    expect(await refresh('daily', FIRST)).toBe(15 * 60_000);
    // Nothing in the last week: a week's gap, a quarter of it capped at maxIntervalHours.
    expect(await refresh('silent', LATER)).toBe(24 * HOUR);
    // Fourteen items in the last week: one every 12 hours, checked every 3.
    expect(await refresh('daily', LATER)).toBe(3 * HOUR);
  });

  it('is off by default: the schedule holds however quiet the source', async () => {
    const { refresh } = await setup(false);
    await refresh('silent', FIRST);
    expect(await refresh('silent', LATER)).toBe(15 * 60_000);
  });
});
