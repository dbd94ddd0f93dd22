/**
 * A local HTTP server that misbehaves on request, for tests of the fetcher and of everything that drives it
 * (the CLI, the scheduler). Listens on 127.0.0.1, port chosen by the OS. Routes:
 *
 *   /feed                 small UTF-8 RSS with ETag "v1" and a Last-Modified; 304 when either validator matches.
 *                         Any `set-<header>=<value>` query parameter is added as a response header (any route).
 *   /status/<code>        that status with a short body (add ?set-retry-after=120 for 429/503).
 *   /slow-headers?ms=N    waits N ms before the response head.
 *   /slow-body?ms=N       sends the head, then one byte every N ms, forever.
 *   /endless              an endless 64 KB-chunk body (respecting back-pressure); see `stats.endless*`.
 *   /encoded/<coding>     /feed's body as gzip | deflate (zlib) | deflate-raw | br, or several: gzip,br.
 *   /gzip-bomb?mb=N       N MB of zeros (default 64), gzipped (a few dozen KB on the wire).
 *   /corrupt-gzip         Content-Encoding: gzip over bytes that are not gzip.
 *   /html                 an HTML page advertising /feed, as text/html.
 *   /hops/<s1>,<s2>,…     redirects with status s1 to /hops/<s2>,…, then serves /feed (relative Locations).
 *   /relative/a/b         302 to "../../feed".
 *   /loop/a, /loop/b      redirect to each other.
 *   /to?url=U&status=S    redirects (302 by default) to U.
 *   /reset                resets the TCP connection instead of answering.
 *   /truncated            sends the head and half the body, then resets the connection.
 *   /fixture/<name>?ct=T  a file from the fixtures dir as bytes, Content-Type T (default application/xml).
 *   /echo                 JSON of the request: method, headers, body.
 * `route(path, handler)` adds or overrides an exact-path route.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { rss } from './rss.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FaultServer {
  origin: string;
  host: string;
  port: number;
  url(path: string): string;
  requests: RecordedRequest[];
  stats: { endlessBytesSent: number; endlessClosed: number };
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export const FEED_ETAG = '"v1"';
export const FEED_LAST_MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';
export const FEED_XML = rss('故障服务器', [{ title: '人工智能新闻', link: 'http://example.com/1' }]);

const DEFAULT_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/feeds/cn');

export interface FaultServerOptions {
  /** Address to listen on; any 127.x.y.z works on Linux (a second "host" for redirect tests). */
  host?: string;
  fixturesDir?: string;
  /** Serve HTTPS with this key and certificate instead of HTTP. */
  tls?: { key: Buffer | string; cert: Buffer | string };
}

export async function startFaultServer(opts: FaultServerOptions = {}): Promise<FaultServer> {
  const host = opts.host ?? '127.0.0.1';
  const fixturesDir = opts.fixturesDir ?? DEFAULT_FIXTURES;
  const custom = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const stats = { endlessBytesSent: 0, endlessClosed: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const listener: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers });
    for (const [k, v] of url.searchParams) if (k.startsWith('set-')) res.setHeader(k.slice(4), v);
    const handler = custom.get(url.pathname) ?? builtIn(url.pathname);
    Promise.resolve(handler(req, res, url)).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(599);
      res.end(String(err));
    });
  };
  const server = opts.tls ? https.createServer(opts.tls, listener) : http.createServer(listener);

  function builtIn(p: string): Handler {
    const seg = p.split('/').filter(Boolean);
    switch (seg[0]) {
      case 'feed':
        return serveFeed;
      case 'status':
        return (_req, res) => {
          res.writeHead(Number(seg[1]), { 'content-type': 'text/plain' });
          res.end(`status ${seg[1]}\n`);
        };
      case 'slow-headers':
        return (_req, res, url) => later(Number(url.searchParams.get('ms') ?? 5000), () => serveFeed(_req, res));
      case 'slow-body':
        return (_req, res, url) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          const ms = Number(url.searchParams.get('ms') ?? 50);
          const drip = () => {
            if (res.destroyed) return;
            res.write('<');
            later(ms, drip);
          };
          drip();
        };
      case 'endless':
        return (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          res.on('close', () => stats.endlessClosed++);
          const pump = () => {
            while (!res.destroyed) {
              stats.endlessBytesSent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
          };
          pump();
        };
      case 'encoded':
        return (_req, res) => {
          const codings = (seg[1] ?? 'gzip').split(',');
          const body = codings.reduce<Buffer>((buf, c) => compress(c, buf), Buffer.from(FEED_XML));
          const header = codings.map((c) => (c === 'deflate-raw' ? 'deflate' : c)).join(', ');
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': header });
          res.end(body);
        };
      case 'gzip-bomb':
        return (_req, res, url) => {
          const mb = Number(url.searchParams.get('mb') ?? 64);
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
          res.end(gzipBomb(mb));
        };
      case 'corrupt-gzip':
        return (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
          res.end('this is not gzip at all, just text pretending to be');
        };
      case 'html':
        return (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            '<!doctype html><html><head><title>首页</title>' +
              '<link rel="alternate" type="application/rss+xml" href="/feed"></head><body>新闻</body></html>',
          );
        };
      case 'hops':
        return (_req, res) => {
          const [first, ...rest] = (seg[1] ?? '').split(',').filter(Boolean);
          if (!first) return serveFeed(_req, res);
          res.writeHead(Number(first), { location: rest.length ? `/hops/${rest.join(',')}` : '/hops/' });
          res.end();
        };
      case 'relative':
        return (_req, res) => {
          res.writeHead(302, { location: '../../feed' });
          res.end();
        };
      case 'loop':
        return (_req, res) => {
          res.writeHead(302, { location: seg[1] === 'a' ? '/loop/b' : '/loop/a' });
          res.end();
        };
      case 'to':
        return (_req, res, url) => {
          res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('url') ?? '/' });
          res.end();
        };
      case 'reset':
        return (req) => void req.socket.resetAndDestroy();
      case 'truncated':
        return (req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(FEED_XML.length * 2) });
          res.write(FEED_XML.slice(0, 40), () => later(20, () => req.socket.resetAndDestroy()));
        };
      case 'fixture':
        return (_req, res, url) => {
          const bytes = fs.readFileSync(path.join(fixturesDir, path.basename(seg[1] ?? '')));
          res.writeHead(200, { 'content-type': url.searchParams.get('ct') ?? 'application/xml' });
          res.end(bytes);
        };
      case 'echo':
        return async (req, res) => {
          const chunks: Buffer[] = [];
          for await (const c of req) chunks.push(c as Buffer);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() }));
        };
      default:
        return (_req, res) => {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('no such route\n');
        };
    }
  }

  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const origin = `${opts.tls ? 'https' : 'http'}://${host}:${port}`;
  return {
    origin,
    host,
    port,
    url: (p) => origin + p,
    requests,
    stats,
    route: (p, handler) => void custom.set(p, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveFeed(req: IncomingMessage, res: ServerResponse): void {
  const validators = { etag: FEED_ETAG, 'last-modified': FEED_LAST_MODIFIED };
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  if ((inm !== undefined && inm === FEED_ETAG) || (inm === undefined && ims === FEED_LAST_MODIFIED)) {
    res.writeHead(304, validators);
    return void res.end();
  }
  // A `set-content-type` query parameter (a wrong type, say) wins over the feed's own.
  if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
  res.writeHead(200, validators);
  res.end(FEED_XML);
}

function compress(coding: string, buf: Buffer): Buffer {
  switch (coding) {
    case 'gzip':
      return zlib.gzipSync(buf);
    case 'deflate':
      return zlib.deflateSync(buf);
    case 'deflate-raw':
      return zlib.deflateRawSync(buf);
    case 'br':
      return zlib.brotliCompressSync(buf);
    default:
      throw new Error(`unknown coding ${coding}`);
  }
}

const bombs = new Map<number, Buffer>();
function gzipBomb(mb: number): Buffer {
  let bomb = bombs.get(mb);
  if (!bomb) {
    bomb = zlib.gzipSync(Buffer.alloc(mb * 1024 * 1024), { level: 9 });
    bombs.set(mb, bomb);
  }
  return bomb;
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
export async function refusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never says a word (a TLS handshake to it never completes). */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that answers every connection with these raw bytes and hangs up: for broken HTTP. */
export async function startRawServer(response: string | Buffer): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.resume(); // read (and drop) the request, or the client's FIN is never seen and close() waits forever
    s.end(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
