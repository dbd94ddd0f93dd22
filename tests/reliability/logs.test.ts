import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { fileDatabases } from '../helpers/store.ts';
import { logLines } from './logs.ts';

let feeds: FixtureServer;
let config: string;
let dir: string;
const IDS = ['good', 'http-500', 'refused'];

beforeAll(async () => {
  feeds = await startFixtureServer({
    '/good.xml': { body: fixture('feeds/cn/chinanews-scroll-news-2026-04-19.xml') },
    '/500': { status: 500, body: 'oops' },
  });
  dir = tempDir('huiju-logs-');
  config = writeConfig(dir, {
    sources: [
      { id: 'good', name: 'Good', url: `${feeds.url}/good.xml` },
      { id: 'http-500', name: 'Broken', url: `${feeds.url}/500` },
      { id: 'refused', name: 'Nobody home', url: 'http://127.0.0.1:9/feed.xml' },
    ],
  });
});
/** A database of its own for each run, so every run fetches (and logs) the same. */
const freshDatabase = fileDatabases();
afterAll(async () => {
  await feeds?.close();
});

const fetchWith = async (level: string) =>
  runCli(['fetch', '--config', config, '--db', await freshDatabase()], { env: { LOG_LEVEL: level } });

describe('logs of huiju fetch', () => {
  it('are JSON lines on stderr, and every fetch line names its source', async () => {
    const { code, stdout, stderr } = await fetchWith('info');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^good {2}new 30/m); // CLI output stays on stdout
    const raw = stderr.split('\n').filter(Boolean);
    const lines = logLines(stderr);
    expect(lines).toHaveLength(raw.length); // nothing but JSON
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(line).toEqual(expect.objectContaining({ level: expect.any(Number), time: expect.any(Number), msg: expect.any(String) }));
      expect(IDS).toContain(line.source);
    }
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'fetched', source: 'good', level: 30, new: 30 }));
    const failed = lines.filter((l) => l.msg === 'fetch failed');
    expect(failed.map((l) => l.source).sort()).toEqual(['http-500', 'refused']);
    expect(failed.find((l) => l.source === 'http-500')).toMatchObject({ level: 40, err: 'HTTP 500', failures: 1 });
  });

  it.each([
    ['warn', [40]],
    ['error', []],
    ['silent', []],
  ])('honour LOG_LEVEL=%s', async (level, levels) => {
    const { code, stderr } = await fetchWith(level);
    expect(code).toBe(0);
    expect([...new Set(logLines(stderr).map((l) => l.level))]).toEqual(levels);
    if (!levels.length) expect(stderr).toBe('');
  });

  it('accept LOG_LEVEL in capitals, and refuse an unknown level with a plain message', async () => {
    const upper = await fetchWith('WARN');
    expect(upper.code).toBe(0);
    expect([...new Set(logLines(upper.stderr).map((l) => l.level))]).toEqual([40]);
    const bad = await fetchWith('verbose');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent; got "verbose"\n');
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('are readable lines, not JSON, on a terminal', async () => {
    // `script` gives the child a pseudo-terminal, as when an operator runs huiju by hand.
    const db = await freshDatabase();
    const command = [process.execPath, BIN, 'fetch', '--config', config, '--db', db].map((a) => `'${a}'`).join(' ');
    // Asynchronously: the feed server runs in this process and must keep answering.
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, LOG_LEVEL: 'info', NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(out).not.toMatch(/^\{"level"/m);
    expect(out).toMatch(/INFO.*fetched/);
    expect(out).toMatch(/WARN.*fetch failed/);
    expect(out).toMatch(/source: "http-500"/);
  });
});
