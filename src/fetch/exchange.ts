import http from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressPolicy } from './address-guard.ts';
import { assertAddressAllowed, guardedLookup } from './address-guard.ts';
import { FetchError, formatSeconds, networkError, proxyError } from './errors.ts';
import { proxyAuthorization, proxyLabel } from './proxy.ts';
import type { Hop } from './redirects.ts';

export interface ExchangeOptions {
  headers: Record<string, string>;
  policy: AddressPolicy;
  connectTimeoutMs: number;
  /** Aborts the exchange; its reason (a FetchError) is what the caller sees. */
  signal: AbortSignal;
  /**
   * An HTTP proxy to go through (proxy.ts decides which). The policy still judges the TARGET: its name is resolved
   * and every address checked here before the proxy hears of it. The proxy itself is the operator's and may sit on a
   * private address.
   */
  proxy?: URL | null;
}

/** How the request reaches the target: a guarded socket of its own, an absolute-URI request to a proxy, or a tunnel. */
type Route = { kind: 'direct' } | { kind: 'forward'; proxy: URL } | { kind: 'tunnel'; proxy: URL; socket: net.Socket };

const bare = (host: string) => host.replace(/^\[|\]$/g, '');

/**
 * One HTTP request/response head on a fresh socket (no pooling: every connection goes through the guarded
 * lookup). Resolves when the response head arrives; the body is left unread for the caller.
 */
export async function openExchange(hop: Hop, opts: ExchangeOptions): Promise<IncomingMessage> {
  const host = bare(hop.url.hostname);
  // An IP literal never goes through `lookup`, so it is checked here (the URL parser already normalised it).
  if (net.isIP(host)) assertAddressAllowed(host, opts.policy);
  opts.signal.throwIfAborted();
  const proxy = opts.proxy;
  if (!proxy) return send(hop, opts, { kind: 'direct' }, opts.connectTimeoutMs);

  const deadline = Date.now() + opts.connectTimeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  // The name is resolved and judged here; the proxy resolves it again to connect (so that a proxy reached because
  // local DNS answers wrongly for overseas hosts still works), which is why every address of the name is checked.
  if (!net.isIP(host)) await withDeadline(checkedResolve(host, opts.policy), left(), opts, hop.url.host);
  if (hop.url.protocol === 'http:') return send(hop, opts, { kind: 'forward', proxy }, left());
  const socket = await openTunnel(hop.url, proxy, opts, left());
  return send(hop, opts, { kind: 'tunnel', proxy, socket }, left());
}

/** Every address of `host`, checked against the policy as a direct connection's lookup would check it. */
function checkedResolve(host: string, policy: AddressPolicy): Promise<void> {
  return new Promise((resolve, reject) => {
    guardedLookup(policy)(host, { all: true }, (err) => (err ? reject(err) : resolve()));
  });
}

function connectTimeout(ms: number): FetchError {
  return new FetchError('timeout', `connection timed out after ${formatSeconds(ms)}`);
}

/** `work`, failed by the connect deadline or the caller's abort, whichever comes first. */
function withDeadline<T>(work: Promise<T>, ms: number, opts: ExchangeOptions, host: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => done(connectTimeout(opts.connectTimeoutMs)), ms);
    const onAbort = () => done(opts.signal.reason as Error);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    function done(err: Error | null, value?: T): void {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      if (err) reject(err instanceof FetchError ? err : networkError(err, host));
      else resolve(value as T);
    }
    work.then(
      (value) => done(null, value),
      (err: Error) => done(err),
    );
  });
}

function proxyClient(proxy: URL): typeof http | typeof https {
  return proxy.protocol === 'https:' ? https : http;
}

function proxyTarget(proxy: URL): { host: string; port: number } {
  return { host: bare(proxy.hostname), port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80) };
}

export function proxyRefused(proxy: URL, status: number): FetchError {
  const why = status === 407 ? ' (proxy authentication required)' : '';
  return new FetchError('network', `the proxy at ${proxyLabel(proxy)} refused the request: HTTP ${status}${why}`, { status });
}

/** A CONNECT tunnel through the proxy to the target's host and port: a socket the target's TLS runs over. */
function openTunnel(url: URL, proxy: URL, opts: ExchangeOptions, timeoutMs: number): Promise<net.Socket> {
  const authority = `${url.hostname}:${url.port || 443}`;
  const auth = proxyAuthorization(proxy);
  const req = proxyClient(proxy).request({
    ...proxyTarget(proxy),
    method: 'CONNECT',
    path: authority,
    headers: { host: authority, 'user-agent': opts.headers['user-agent'] ?? '', ...(auth ? { 'proxy-authorization': auth } : {}) },
    agent: false,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => req.destroy(connectTimeout(opts.connectTimeoutMs)), timeoutMs);
    const onAbort = () => req.destroy(opts.signal.reason as Error);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
    };
    req.once('connect', (res: IncomingMessage, socket: net.Socket, head: Buffer) => {
      settle();
      if (res.statusCode !== 200) {
        socket.destroy();
        return reject(proxyRefused(proxy, res.statusCode ?? 0));
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    // A proxy that answers CONNECT with an ordinary response (and no tunnel).
    req.once('response', (res: IncomingMessage) => {
      settle();
      res.destroy();
      reject(proxyRefused(proxy, res.statusCode ?? 0));
    });
    req.on('error', (err) => {
      settle();
      reject(opts.signal.aborted ? (opts.signal.reason as Error) : proxyError(err, proxyLabel(proxy), url.host));
    });
    req.end();
  });
}

function request(hop: Hop, headers: Record<string, string>, route: Route, policy: AddressPolicy): ClientRequest {
  if (route.kind === 'direct') {
    const client = hop.url.protocol === 'https:' ? https : http;
    return client.request(hop.url, { method: hop.method, headers, agent: false, lookup: guardedLookup(policy) });
  }
  if (route.kind === 'forward') {
    // An absolute-URI request to the proxy; its credentials go to the proxy only (it drops the header).
    const auth = proxyAuthorization(route.proxy);
    return proxyClient(route.proxy).request({
      ...proxyTarget(route.proxy),
      method: hop.method,
      path: hop.url.href,
      headers: { ...headers, host: hop.url.host, ...(auth ? { 'proxy-authorization': auth } : {}) },
      agent: false,
    });
  }
  // TLS with the target, end to end, over the tunnel: the certificate is checked against the target's name.
  const host = bare(hop.url.hostname);
  const socket = route.socket;
  return https.request(hop.url, {
    method: hop.method,
    headers,
    createConnection: () => tls.connect({ socket, host, ...(net.isIP(host) ? {} : { servername: host }) }),
  });
}

function send(hop: Hop, opts: ExchangeOptions, route: Route, connectTimeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
    const req = request(hop, headers, route, opts.policy);
    const onAbort = () => req.destroy(opts.signal.reason as Error);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => opts.signal.removeEventListener('abort', onAbort);

    req.once('socket', (socket) => {
      const connectTimer = setTimeout(() => req.destroy(connectTimeout(opts.connectTimeoutMs)), connectTimeoutMs);
      const connectedEvent = socket instanceof tls.TLSSocket ? 'secureConnect' : 'connect';
      socket.once(connectedEvent, () => {
        clearTimeout(connectTimer);
        // Belt and braces: the address the socket really reached (through a proxy, that is the proxy).
        try {
          if (route.kind === 'direct' && socket.remoteAddress) assertAddressAllowed(socket.remoteAddress, opts.policy);
        } catch (err) {
          req.destroy(err as Error);
        }
      });
      socket.once('close', () => clearTimeout(connectTimer));
    });
    req.once('response', (res) => {
      cleanup();
      // A later abort (total timeout while reading the body) must still tear the response down.
      opts.signal.addEventListener('abort', () => res.destroy(opts.signal.reason as Error), { once: true });
      resolve(res);
    });
    // `on`, not `once`: a second socket error after the first must not become an uncaught exception.
    req.on('error', (err) => {
      cleanup();
      if (opts.signal.aborted) return reject(opts.signal.reason as Error);
      reject(route.kind === 'forward' ? proxyError(err, proxyLabel(route.proxy), hop.url.host) : networkError(err, hop.url.host));
    });
    req.end(hop.body);
  });
}
