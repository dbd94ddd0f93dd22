import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, tempDir, waitFor, writeConfig } from '../helpers/cli.ts';
import { fixture } from '../helpers/fixture-server.ts';
import { newDatabase, TEST_ENGINE } from '../helpers/store.ts';
import { checkDatabase } from './consistency.ts';
import { logLines } from './logs.ts';

/** A feed server that holds every request until told to answer (or for ever), so a fetch is in flight on demand. */
async function startSlowServer(body: Buffer) {
  const waiting: ServerResponse[] = [];
  let requests = 0;
  const server: Server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    requests++;
    waiting.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    answerAfter(ms: number) {
      setTimeout(() => {
        for (const res of waiting.splice(0)) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
      }, ms);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Last opened, first closed: the service before its database.
  for (const close of closers.splice(0).reverse()) await close();
});

async function serveWithSlowSource() {
  const slow = await startSlowServer(fixture('feeds/cn/meituan-tech-rss.xml'));
  closers.push(slow.close);
  const dir = tempDir('huiju-shutdown-');
  const database = await newDatabase();
  closers.push(database.drop);
  const db = database.location;
  const config = writeConfig(dir, { sources: [{ id: 'slow', name: 'Slow', url: `${slow.url}/feed.xml` }] });
  const huiju = await startServe(['--config', config, '--db', db]);
  closers.push(() => huiju.stop('SIGKILL'));
  await waitFor(async () => slow.requests() > 0);
  return { slow, huiju, db };
}

async function timedStop(stop: () => Promise<number | null>) {
  const started = Date.now();
  const code = await stop();
  return { code, ms: Date.now() - started };
}

describe('graceful shutdown', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s, lets an in-flight fetch finish, stores it, closes the database and exits 0', async (signal) => {
    const { slow, huiju, db } = await serveWithSlowSource();
    slow.answerAfter(1_000); // answers while the service is shutting down
    const { code, ms } = await timedStop(() => huiju.stop(signal));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    const logs = logLines(huiju.output());
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal }));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'fetched', source: 'slow', new: 10 }));
    const report = await checkDatabase(db);
    expect(report.integrity).toBe('ok');
    expect(report.broken).toEqual({});
    expect(report.itemsPerSource).toEqual({ slow: 10 });
    // SQLite: the WAL was checkpointed and removed by a clean close.
    if (TEST_ENGINE === 'sqlite') expect(existsSync(`${db}-wal`)).toBe(false);
  });

  it('aborts a fetch that does not finish in time and still exits 0 within 10 s', async () => {
    const { huiju, db } = await serveWithSlowSource(); // never answers
    const { code, ms } = await timedStop(() => huiju.stop('SIGTERM'));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    const report = await checkDatabase(db);
    expect(report.integrity).toBe('ok');
    expect(report.broken).toEqual({});
    expect(report.counts.items).toBe(0);
    // Aborted by our own shutdown: nothing was stored for it.
    expect(logLines(huiju.output()).filter((l) => l.msg === 'fetched')).toEqual([]);
  }, 45_000); // start-up, the fetch, and a shutdown of up to 10 s, on a loaded machine
});

describe('graceful shutdown with sources waiting for a fetch slot', () => {
  it('does not start fetches that were still queued when the signal came', async () => {
    const slow = await startSlowServer(fixture('feeds/cn/meituan-tech-rss.xml'));
    closers.push(slow.close);
    const dir = tempDir('huiju-shutdown-');
    const database = await newDatabase();
    closers.push(database.drop);
    const config = writeConfig(dir, {
      fetch: { concurrency: 1 },
      sources: ['one', 'two', 'three'].map((id) => ({ id, name: id, url: `${slow.url}/${id}.xml` })),
    });
    const huiju = await startServe(['--config', config, '--db', database.location]);
    closers.push(() => huiju.stop('SIGKILL'));
    await waitFor(async () => slow.requests() > 0);
    slow.answerAfter(500);
    const { code, ms } = await timedStop(() => huiju.stop('SIGTERM'));
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(slow.requests()).toBe(1);
    expect(logLines(huiju.output()).filter((l) => l.msg === 'fetched')).toHaveLength(1);
  });
});
