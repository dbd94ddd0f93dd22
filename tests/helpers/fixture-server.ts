import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export interface Route {
  status?: number;
  headers?: Record<string, string>;
  /** Body text or bytes; a function is called per request (to change a feed between fetches). */
  body?: string | Buffer | ((req: IncomingMessage) => string | Buffer);
}

export interface FixtureServer {
  url: string;
  /** Requests seen, in order: `GET /path`. */
  hits: string[];
  /** Request bodies seen, in order, as text (`POST /path {"a":1}`). */
  bodies: string[];
  routes: Map<string, Route>;
  close(): Promise<void>;
}

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A real HTTP server on 127.0.0.1 serving fixed routes; anything else is a 404. */
export async function startFixtureServer(routes: Record<string, Route>): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const hits: string[] = [];
  const bodies: string[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    hits.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length) bodies.push(`${req.method} ${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
    const route = table.get(req.url ?? '');
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = typeof route.body === 'function' ? route.body(req) : (route.body ?? '');
    res.writeHead(route.status ?? 200, { 'content-type': 'application/rss+xml', ...route.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    bodies,
    routes: table,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
