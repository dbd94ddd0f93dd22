import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { fileDatabases } from '../helpers/store.ts';

/** How long the slow feed takes to answer at least. */
const SLOW_MS = 2_000;
/** How long it waits at most for the fast source's line (this machine can be slow to fetch and store anything). */
const SLOW_CAP_MS = 90_000;

let feeds: FixtureServer;
/** A feed that answers after SLOW_MS (the fixture server answers at once); `answered` says when it has. */
let slow: Server;
let slowUrl = '';
let slowAnswered = false;
/** Lets the slow feed answer: called when the fast source's line is seen. */
let release = () => {};
let config = '';

beforeAll(async () => {
  feeds = await startFixtureServer({
    '/fast.xml': { body: fixture('feeds/cn/people-politics-2020-08-25.trimmed.xml') },
    '/500': { status: 500, body: 'oops' },
  });
  slow = createServer((_req, res) => {
    // ~2 s, or longer until the test lets it go: a loaded machine can take more than 2 s over the fast source alone.
    const released = new Promise<void>((resolve) => (release = resolve));
    const atLeast = new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    const atMost = new Promise((resolve) => setTimeout(resolve, SLOW_CAP_MS));
    void Promise.race([Promise.all([released, atLeast]), atMost]).then(() => {
      slowAnswered = true;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('feeds/cn/meituan-tech-rss.xml'));
    });
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow.xml`;
  // The slow source first: lines in config order would put it first too.
  config = writeConfig(tempDir(), {
    fetch: { timeoutSeconds: 120 },
    sources: [
      { id: 'slow', name: 'Slow', url: slowUrl },
      { id: 'fast', name: 'Fast', url: `${feeds.url}/fast.xml` },
      { id: 'failing', name: 'Failing', url: `${feeds.url}/500` },
    ],
  });
});
const database = fileDatabases();
afterAll(async () => {
  await feeds?.close();
  slow?.closeAllConnections();
  await new Promise<void>((resolve) => (slow ? slow.close(() => resolve()) : resolve()));
});

describe('huiju fetch reports as it goes', () => {
  it('prints each source as it finishes, not when the whole cycle is done', { timeout: 240_000 }, async () => {
    slowAnswered = false;
    const child = spawn(process.execPath, [BIN, 'fetch', '--config', config, '--db', await database()], {
      env: { ...process.env, LOG_LEVEL: 'error' },
    });
    /** Each stdout line with whether the slow feed had answered when it arrived. */
    const seen: { line: string; slowAnswered: boolean }[] = [];
    let pending = '';
    child.stdout.on('data', (d) => {
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        seen.push({ line, slowAnswered });
        if (line.startsWith('fast ')) release();
      }
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0); // a full cycle with a failure still exits 0
    expect(seen).toHaveLength(3);
    // The fast source's line is out while the slow feed has not even answered (the slow one is first in the config).
    const fast = seen.findIndex((s) => s.line.startsWith('fast '));
    const slowLine = seen.findIndex((s) => s.line.startsWith('slow '));
    expect(seen[fast]).toEqual({ line: 'fast  new 6  updated 0  unchanged 0', slowAnswered: false });
    expect(seen[slowLine]).toMatchObject({ line: expect.stringMatching(/^slow {2}new [1-9]\d* {2}updated 0 {2}unchanged 0$/), slowAnswered: true });
    expect(fast).toBeLessThan(slowLine);
    expect(seen.filter((s) => /^failing {2}FAILED {2}.*HTTP 500$/.test(s.line))).toHaveLength(1);
  });

  it('exits 1 when a source named with --source fails, 0 when it does not', { timeout: 300_000 }, async () => {
    const db = await database();
    const failed = await runCli(['fetch', '--source', 'failing', '--config', config, '--db', db]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^failing {2}FAILED {2}.*HTTP 500\n$/);
    const mixed = await runCli(['fetch', '--source', 'fast', '--source', 'failing', '--config', config, '--db', db]);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout.trim().split('\n')).toHaveLength(2);
    const fine = await runCli(['fetch', '--source', 'fast', '--config', config, '--db', db]);
    expect(fine.code).toBe(0);
    expect(fine.stdout).toBe('fast  new 0  updated 0  unchanged 6\n');
  });

  it('keeps piped output to one line per source: no progress, no summary, failures logged as JSON', { timeout: 240_000 }, async () => {
    const r = await runCli(['fetch', '--source', 'failing', '--config', config, '--db', await database()], { env: { LOG_LEVEL: 'warn' } });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/fetching|sources?:/);
    expect(r.stderr).toMatch(/"msg":"fetch failed"/);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('on a terminal: a progress line redrawn in place, each failure once, and a summary', { timeout: 240_000 }, async () => {
    const db = await database();
    const command = [process.execPath, BIN, 'fetch', '--config', config, '--db', db].map((a) => `'${a}'`).join(' ');
    const { LOG_LEVEL: _level, ...env } = process.env; // the default level, as when an operator runs huiju by hand
    // Asynchronously: the feed servers run in this process and must keep answering.
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('fast  new')) release();
    });
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    // Progress: redrawn with a carriage return, and counting up while the slow source holds the cycle.
    expect(out).toMatch(/\rfetching 0\/3 sources, 0\.\d s/);
    expect(out).toMatch(/\rfetching 3\/3 sources, 1 failing, \d+\.\d s/);
    // Cleared before each result line: a result line starts at the left margin of a clean line.
    expect(out).toMatch(/\r\x1b\[Kfast {2}new 6 {2}updated 0 {2}unchanged 0\r?\n/);
    // The failure is printed once, as its result line; no "fetch failed" warning beside it.
    expect(out.match(/HTTP 500/g)).toHaveLength(1);
    expect(out).not.toMatch(/fetch failed/);
    expect(out).toMatch(/\r\x1b\[K3 sources: 2 ok, 1 failed, \d+ new, 0 updated in \d+\.\d s\r?\n/);
  });
});
