import { registry } from '../metrics.ts';
import { startHttpServer } from '../http/server.ts';
import type { Store } from '../store/store.ts';

export interface HealthServerOptions {
  host: string;
  port: number;
  store: Store;
  role: string;
  /** More to say in the answer (a worker: whether it leads). */
  details?: () => Record<string, unknown>;
}

/**
 * `/healthz` for a process that serves nothing else (a worker), so an orchestrator can check it as it checks a web
 * replica: 200 while its database answers, 503 once it does not. `/metrics`: this process's own counters (its fetches
 * and what they stored, in Prometheus's format); the stored totals are on any web replica's /metrics. Else a 404.
 */
export async function startHealthServer(opts: HealthServerOptions) {
  const { server, port } = await startHttpServer((req, res) => {
    if (req.method === 'GET' && req.url === '/metrics') {
      void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text));
      return;
    }
    if (req.method !== 'GET' || req.url !== '/healthz') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    opts.store.ping().then(
      () => answer(200, { status: 'ok', database: 'ok' }),
      (err: unknown) => answer(503, { status: 'unavailable', database: (err as Error).message }),
    );
    function answer(status: number, body: Record<string, unknown>) {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ...body, role: opts.role, ...opts.details?.() }));
    }
  }, opts.host, opts.port);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
