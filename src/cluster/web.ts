import type { Server } from 'node:http';
import type { Config } from '../config/schema.ts';
import { formatProblems } from '../config/load.ts';
import { watchConfig } from '../config/watch.ts';
import { createApp } from '../http/app.ts';
import { fetchOptionsFromConfig } from '../fetch/options.ts';
import { createPush } from '../push/start.ts';
import type { Logger } from '../log.ts';
import { nextCronRun } from '../scheduler/next-run.ts';
import { startHttpServer } from '../http/server.ts';
import type { Store } from '../store/store.ts';

export interface WebOptions {
  store: Store;
  config: Config;
  configFile: string;
  host: string;
  port: number;
  log: Logger;
}

/**
 * `huiju web`: the HTTP server alone, with nothing of its own to keep. Every answer is built from PostgreSQL, and the
 * response cache is keyed on the database's data version (one row every write moves, whichever process wrote), so any
 * replica answers what any other would, and an ETag one gave is honoured by all.
 */
export async function startWeb(opts: WebOptions) {
  const { store, log } = opts;
  let config = opts.config;
  const nextRun = (id: string) => {
    const source = config.sources.find((s) => s.id === id);
    return source ? nextCronRun(source) : null;
  };
  // Push for its routes only (never started): POST /websub takes subscriptions and verifies their callbacks, and the
  // callbacks sources' hubs verify and push to are answered here. Delivery, subscription renewal and digests are the
  // workers' (cluster/worker.ts, cluster/leader-duties.ts).
  // Hub discovery (subscriber.sync) runs on the leader, not here: no proxy settings needed.
  const push = createPush({ store, config: () => config, log, fetchOptions: () => fetchOptionsFromConfig(config.fetch, undefined, {}) });
  const app = createApp({ store, config: () => config, log, nextRun, startedAt: new Date(), push });
  let server: Server;
  let port: number;
  try {
    ({ server, port } = await startHttpServer(app, opts.host, opts.port));
  } catch (err) {
    await store.close();
    throw err;
  }
  log.info({ url: `http://${opts.host}:${port}/` }, 'huiju web is serving');

  const watcher = watchConfig(opts.configFile, {
    onChange: (next) => {
      config = next;
      log.info({ sources: config.sources.length }, 'config reloaded');
    },
    onInvalid: (problems) => log.error({ problems }, `feeds.json is invalid; keeping the last good config:\n${formatProblems(problems)}`),
  });

  return {
    port,
    server,
    async close(): Promise<void> {
      watcher.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), 5_000).unref();
      await closed;
      clearTimeout(timer);
      // Callback verifications in flight finish before the store closes.
      await push.stop();
      await store.close();
    },
  };
}
