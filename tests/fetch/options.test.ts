import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import { DEFAULT_FETCH_OPTIONS } from '../../src/fetch/client.ts';
import { fetchOptionsFromConfig, limiterOptionsFromConfig, scheduleBoundsFromConfig } from '../../src/fetch/options.ts';
import { DEFAULT_SCHEDULE_BOUNDS } from '../../src/fetch/schedule-policy.ts';

describe('options from feeds.json', () => {
  const parsed = validateConfig({});
  if (!parsed.ok) throw new Error('an empty config should be valid');
  const fetchCfg = parsed.config.fetch;

  it("the config defaults are the fetch stage's defaults", () => {
    expect(fetchOptionsFromConfig(fetchCfg)).toEqual(DEFAULT_FETCH_OPTIONS);
    expect(scheduleBoundsFromConfig(fetchCfg)).toEqual(DEFAULT_SCHEDULE_BOUNDS);
    expect(limiterOptionsFromConfig(fetchCfg)).toEqual({ global: 16, perSite: 2 });
  });

  it('converts units', () => {
    const cfg = { ...fetchCfg, timeoutSeconds: 7.5, minIntervalMinutes: 1, maxIntervalHours: 2 };
    expect(fetchOptionsFromConfig(cfg).timeoutMs).toBe(7_500);
    expect(scheduleBoundsFromConfig(cfg)).toEqual({ minIntervalMs: 60_000, maxIntervalMs: 7_200_000 });
  });
});
