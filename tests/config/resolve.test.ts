import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { retentionOptionsFrom } from '../../src/scheduler/retention-job.ts';
import { ROOT } from '../helpers/cli.ts';

function config(raw: unknown): Config {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const source = (id: string, fields: Record<string, unknown> = {}) => ({ id, name: id, url: `http://example.com/${id}.xml`, ...fields });

describe('the loaded config is resolved once', () => {
  const c = config({
    defaults: { schedule: '*/10 * * * *', timezone: 'Europe/Berlin' },
    dedup: { windowDays: 2, hostAliases: { 'm.a.example': 'www.a.example' }, foldMobilePrefixes: true },
    sources: [source('plain'), source('own', { schedule: '0 * * * *', timezone: 'Asia/Tokyo', priority: 7 })],
  });

  it('fills in each source’s schedule and time zone from defaults when it sets none', () => {
    expect(c.sources.map((s) => [s.id, s.schedule, s.timezone])).toEqual([
      ['plain', '*/10 * * * *', 'Europe/Berlin'],
      ['own', '0 * * * *', 'Asia/Tokyo'],
    ]);
  });

  it('answers each source’s priority, 0 for a source it does not have', () => {
    expect([c.priorityOf('own'), c.priorityOf('plain'), c.priorityOf('gone')]).toEqual([7, 0, 0]);
    expect(retentionOptionsFrom(c, new Date(0)).priorityOf('own')).toBe(7);
  });

  it('gives the dedup options in the form the matcher takes', () => {
    expect(c.dedupOptions).toEqual({
      windowMs: 2 * 24 * 3600_000,
      url: { hostAliases: { 'm.a.example': 'www.a.example' }, foldMobilePrefixes: true },
    });
  });

  it('still spreads and serialises as a valid feeds.json', () => {
    const again = config({ ...c, outputs: [] });
    expect(again.sources).toEqual(c.sources);
    expect(again.priorityOf('own')).toBe(7);
    expect(config(JSON.parse(JSON.stringify(c))).dedupOptions).toEqual(c.dedupOptions);
  });

  it('has the HTTP limits’ defaults in place (no second default elsewhere)', () => {
    expect(config({}).http).toEqual({ trustProxy: 0, rateLimit: { perMinute: 120, burst: 60, exemptLoopback: true } });
  });
});

/** Source files outside src/config, as paths relative to the repository and their text. */
function sources(dir = join(ROOT, 'src')): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e): [string, string][] => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === join(ROOT, 'src', 'config') ? [] : sources(path);
    return e.name.endsWith('.ts') ? [[relative(ROOT, path), readFileSync(path, 'utf8')]] : [];
  });
}

describe('nothing else resolves config values again', () => {
  it.each<[string, RegExp]>([
    ['a source’s schedule or time zone from defaults', /\?\?\s*(config|cfg|opts\.config|deps\.config)\.defaults\.(schedule|timezone)/],
    ['a priority map', /\.map\(\(\w+\) => \[\w+\.id, \w+\.priority\]\)/],
    ['the dedup window from days', /dedup\.windowDays\s*\*/],
    ['a second default for the HTTP limits', /http\?\.(rateLimit|trustProxy)/],
  ])('%s', (_what, pattern) => {
    expect(sources().filter(([, text]) => pattern.test(text)).map(([path]) => path)).toEqual([]);
  });
});
