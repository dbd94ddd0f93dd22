import type { Server } from 'node:http';
import type { Config } from '../../src/config/schema.ts';
import { DEFAULT_FETCH_OPTIONS } from '../../src/fetch/client.ts';
import { createApp } from '../../src/http/app.ts';
import { silentLogger } from '../../src/log.ts';
import { createPush, type Push } from '../../src/push/start.ts';
import type { TestStore } from '../helpers/store.ts';

export interface Running {
  url: string;
  hub: string;
  push: Push;
  t: TestStore;
  close(): Promise<void>;
}

/** huiju's HTTP app with push running, in this process, on a free port; the config is read through `conf` each time. */
export async function startHuiju(t: TestStore, conf: () => Config): Promise<Running> {
  const push = createPush({ store: t.store, config: conf, log: silentLogger, fetchOptions: () => DEFAULT_FETCH_OPTIONS, hubPollMs: 100, subscriberSyncMs: 3_600_000 });
  const app = createApp({ store: t.store, config: conf, log: silentLogger, startedAt: new Date(), push });
  const server: Server = await new Promise((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  push.start();
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await push.stop();
  };
  return { url, hub: `${url}/websub`, push, t, close };
}

export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
