import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../src/config/load.ts';
import { ROOT, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { join } from 'node:path';

const source = { id: 'xinhua', name: '新华网', url: 'http://example.com/feed.xml' };

describe('feeds.json validation', () => {
  const cases: { name: string; config: unknown; problems: [string, RegExp][] }[] = [
    { name: 'unknown top-level key', config: { sourcs: [] }, problems: [['(root)', /unknown key "sourcs"/]] },
    { name: 'unknown source key', config: { sources: [{ ...source, ulr: 'x' }] }, problems: [['sources[0]', /unknown key "ulr"/]] },
    { name: 'id not a slug', config: { sources: [{ ...source, id: 'Xin Hua' }] }, problems: [['sources[0].id', /slug/]] },
    { name: 'relative url', config: { sources: [{ ...source, url: '/feed.xml' }] }, problems: [['sources[0].url', /absolute http/]] },
    { name: 'ftp url', config: { sources: [{ ...source, url: 'ftp://example.com/f' }] }, problems: [['sources[0].url', /absolute http/]] },
    { name: 'bad cron', config: { sources: [{ ...source, schedule: 'every minute' }] }, problems: [['sources[0].schedule', /cron/]] },
    { name: 'bad timezone', config: { defaults: { timezone: 'Beijing' } }, problems: [['defaults.timezone', /IANA/]] },
    {
      name: 'duplicate source id',
      config: { sources: [source, { ...source, url: 'http://example.com/2' }] },
      problems: [['sources[1].id', /duplicate id "xinhua"/]],
    },
    {
      name: 'unknown parent tag',
      config: { tags: [{ id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型'] }] },
      problems: [['tags[0].parent', /unknown tag "ai"/]],
    },
    {
      name: 'output naming an unknown tag',
      config: { outputs: [{ id: 'ai', title: 'AI', tags: ['ai'] }] },
      problems: [['outputs[0].tags[0]', /unknown tag "ai"/]],
    },
    {
      name: 'tags that are their own ancestors',
      config: {
        tags: [
          { id: 'a', label: 'A', parent: 'b', keywords: ['x'] },
          { id: 'b', label: 'B', parent: 'a', keywords: ['y'] },
        ],
      },
      problems: [['tags', /its own ancestor/]],
    },
    { name: 'enabled not boolean', config: { sources: [{ ...source, enabled: 'yes' }] }, problems: [['sources[0].enabled', /boolean/]] },
    { name: 'html source without selectors', config: { sources: [{ ...source, type: 'html' }] }, problems: [['sources[0].html', /required/]] },
  ];

  it.each(cases)('$name', ({ config, problems }) => {
    const result = validateConfig(config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const [path, message] of problems) {
      expect(result.problems.some((p) => p.path === path && message.test(p.message)), `${path} ~ ${message}`).toBe(true);
    }
  });

  it('reports every problem at once, not only the first', () => {
    const result = validateConfig({ sources: [{ ...source, id: 'A' }, { ...source, id: 'b', url: 'nope' }], extra: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.length).toBeGreaterThanOrEqual(3);
  });

  it('fills in defaults', () => {
    const result = validateConfig({ sources: [source] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.defaults).toEqual({ schedule: '*/15 * * * *', timezone: 'Asia/Shanghai' });
    expect(result.config.sources[0]).toMatchObject({ type: 'feed', enabled: true, priority: 0 });
    expect(result.config.fetch.timeoutSeconds).toBe(20);
  });

  it('explains a file that is not JSON, or missing', () => {
    const dir = tempDir();
    const broken = loadConfig(writeConfig(dir, '{ "sources": [ }'));
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]!.message).toMatch(/not valid JSON/);
    const missing = loadConfig(join(dir, 'nope.json'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems[0]!.message).toMatch(/cannot read .*ENOENT/);
  });

  it('accepts the shipped feeds.json', () => {
    const result = loadConfig(join(ROOT, 'feeds.json'));
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    const ids = result.config.sources.map((s) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(result.config.tags.some((t) => t.id === 'ai')).toBe(true);
    expect(result.config.outputs.some((o) => o.id === 'ai')).toBe(true);
  });
});

describe('huiju check', () => {
  it('exits 0 on a valid config and says what it holds', async () => {
    const dir = tempDir();
    const r = await runCli(['check', '--config', writeConfig(dir, { sources: [source] })]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is valid: 1 sources/);
  });

  it('exits 2 and prints every problem with its JSON path', async () => {
    const dir = tempDir();
    const r = await runCli(['check', '--config', writeConfig(dir, { sources: [{ ...source, url: 'x', colour: 1 }] })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sources\[0\] \(id "xinhua"\)\.url: must be an absolute http\(s\) URL/);
    expect(r.stderr).toMatch(/sources\[0\] \(id "xinhua"\): unknown key "colour"/);
  });

  it('reads HUIJU_CONFIG when --config is not given', async () => {
    const dir = tempDir();
    const r = await runCli(['check'], { env: { HUIJU_CONFIG: writeConfig(dir, { sources: [source, { ...source, id: 'two' }] }) } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 sources/);
  });

  it('exits 2 on an unknown command', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
