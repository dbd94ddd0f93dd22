import type { IncomingMessage } from 'node:http';
import { USER_AGENT } from '../version.ts';
import { readCappedBody } from './body.ts';
import { parseCacheHints } from './cache-hints.ts';
import { decodeBody } from './charset.ts';
import { FetchError, formatSeconds, networkError } from './errors.ts';
import { openExchange, proxyRefused } from './exchange.ts';
import { proxyFor } from './proxy.ts';
import { isRedirect, nextHop, parseFetchUrl, RedirectChain } from './redirects.ts';
import type { Hop } from './redirects.ts';
import type { FetchOptions, FetchOutcome, FetchRequest } from './types.ts';

export const DEFAULT_FETCH_OPTIONS: FetchOptions = {
  userAgent: USER_AGENT,
  timeoutMs: 20_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  denyPrivateNetworks: false,
};

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** One conditional request for a source: redirects followed, body capped, decompressed and decoded. */
export async function fetchDocument(req: FetchRequest, opts: FetchOptions): Promise<FetchOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new FetchError('timeout', `timed out after ${formatSeconds(opts.timeoutMs)}`)),
    opts.timeoutMs,
  );
  const onCallerAbort = () => controller.abort(new FetchError('aborted', 'fetch aborted (shutting down)'));
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    if (opts.signal?.aborted) onCallerAbort();
    return await run(req, opts, controller.signal);
  } catch (err) {
    if (controller.signal.aborted) throw controller.signal.reason as FetchError;
    // Whatever escaped (a socket error mid-body, say) still leaves as a FetchError with a sentence.
    throw networkError(err, hostOf(req.url));
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
}

async function run(req: FetchRequest, opts: FetchOptions, signal: AbortSignal): Promise<FetchOutcome> {
  const start = parseFetchUrl(req.url);
  const chain = new RedirectChain(start, opts.maxRedirects);
  const policy = { denyPrivateNetworks: opts.denyPrivateNetworks, allowedAddresses: opts.allowedAddresses };
  let headers = requestHeaders(req, opts);
  let hop: Hop = { url: start, method: req.method ?? 'GET', body: req.body };

  for (;;) {
    // Decided per hop: a redirect may lead to a host NO_PROXY lists, or away from one.
    const proxy = proxyFor(hop.url, opts.proxy, req.proxy);
    const res = await openExchange(hop, {
      headers,
      policy,
      connectTimeoutMs: opts.connectTimeoutMs ?? opts.timeoutMs,
      signal,
      proxy,
    });
    if (proxy && res.statusCode === 407) {
      res.destroy();
      throw proxyRefused(proxy, 407);
    }
    const location = res.headers.location;
    if (!isRedirect(res.statusCode ?? 0) || !location) return finish(res, hop.url, chain, req, opts);
    res.destroy();
    const next = nextHop(hop, res.statusCode ?? 0, location);
    chain.follow(res.statusCode ?? 0, next.url);
    if (next.url.origin !== hop.url.origin) headers = withoutCredentials(headers);
    if (next.body === undefined) headers = withoutBodyHeaders(headers);
    hop = next;
  }
}

async function finish(
  res: IncomingMessage,
  finalUrl: URL,
  chain: RedirectChain,
  req: FetchRequest,
  opts: FetchOptions,
): Promise<FetchOutcome> {
  const status = res.statusCode ?? 0;
  const cache = parseCacheHints(res.headers);
  const moved = { finalUrl: finalUrl.href, permanentRedirectTo: chain.permanentRedirectTo, cache };
  if (status === 304) {
    res.destroy(); // a 304 has no body worth reading
    return { status: 'not-modified', ...moved };
  }
  if (status < 200 || status > 299) {
    res.destroy();
    throw new FetchError('http-status', `HTTP ${status}`, { status, retryAfterMs: cache.retryAfterMs });
  }
  const body = await readCappedBody(res, opts.maxBytes);
  const contentType = res.headers['content-type'] ?? null;
  const { text, charset } = decodeBody(body, contentType, req.encoding ?? null);
  return {
    status: 'ok',
    ...moved,
    contentType,
    etag: headerValue(res.headers.etag),
    lastModified: headerValue(res.headers['last-modified']),
    body,
    text,
    charset,
  };
}

function requestHeaders(req: FetchRequest, opts: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  if (req.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  return headers;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.includes(k)));
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'content-type'));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const headerValue = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);
