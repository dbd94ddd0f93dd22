/**
 * A worker whose health port is taken stops at once with one line, having started nothing: it used to become the
 * scheduler leader with its store already closed, and log failures until it was killed.
 */
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { newDatabase, type TestDatabase } from '../helpers/store.ts';

describe('huiju worker on a port already in use', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });

  it('exits 1 naming the port, and leaves no process behind', async () => {
    db = await newDatabase('postgres');
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const dir = tempDir();
      const config = writeConfig(dir, { sources: [{ id: 'a', name: 'A', url: 'http://127.0.0.1:9/feed.xml' }] });
      const r = await runCli(['worker', '--config', config, '--db', db.location, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(
        `huiju worker: port ${port} on 127.0.0.1 is already in use: stop whatever holds it, or choose another port with --port (env PORT)`,
      );
    } finally {
      holder.close();
    }
  });
});
