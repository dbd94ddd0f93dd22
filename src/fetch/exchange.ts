import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressPolicy } from './address-guard.ts';
import { assertAddressAllowed, guardedLookup } from './address-guard.ts';
import { FetchError, formatSeconds, networkError } from './errors.ts';
import type { Hop } from './redirects.ts';

export interface ExchangeOptions {
  headers: Record<string, string>;
  policy: AddressPolicy;
  connectTimeoutMs: number;
  /** Aborts the exchange; its reason (a FetchError) is what the caller sees. */
  signal: AbortSignal;
}

/**
 * One HTTP request/response head on a fresh socket (no pooling: every connection goes through the guarded
 * lookup). Resolves when the response head arrives; the body is left unread for the caller.
 */
export function openExchange(hop: Hop, opts: ExchangeOptions): Promise<IncomingMessage> {
  const host = hop.url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal never goes through `lookup`, so it is checked here (the URL parser already normalised it).
  if (net.isIP(host)) assertAddressAllowed(host, opts.policy);
  opts.signal.throwIfAborted();

  return new Promise((resolve, reject) => {
    const client = hop.url.protocol === 'https:' ? https : http;
    const headers = { ...opts.headers };
    if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
    const req = client.request(hop.url, {
      method: hop.method,
      headers,
      agent: false,
      lookup: guardedLookup(opts.policy),
    });
    const onAbort = () => req.destroy(opts.signal.reason as Error);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => opts.signal.removeEventListener('abort', onAbort);

    req.once('socket', (socket) => {
      const connectTimer = setTimeout(
        () => req.destroy(new FetchError('timeout', `connection timed out after ${formatSeconds(opts.connectTimeoutMs)}`)),
        opts.connectTimeoutMs,
      );
      const connectedEvent = hop.url.protocol === 'https:' ? 'secureConnect' : 'connect';
      socket.once(connectedEvent, () => {
        clearTimeout(connectTimer);
        // Belt and braces: the address the socket really reached.
        try {
          if (socket.remoteAddress) assertAddressAllowed(socket.remoteAddress, opts.policy);
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
      reject(opts.signal.aborted ? (opts.signal.reason as Error) : networkError(err, hop.url.host));
    });
    req.end(hop.body);
  });
}
