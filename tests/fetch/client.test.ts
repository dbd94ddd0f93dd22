import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_OPTIONS, fetchDocument } from '../../src/fetch/client.ts';
import { FetchError } from '../../src/fetch/errors.ts';
import type { FetchOptions, FetchRequest } from '../../src/fetch/types.ts';
import { USER_AGENT } from '../../src/version.ts';
import type { FaultServer } from '../helpers/fault-server.ts';
import {
  FEED_ETAG,
  FEED_LAST_MODIFIED,
  FEED_XML,
  refusedPort,
  startFaultServer,
  startRawServer,
  startSilentServer,
} from '../helpers/fault-server.ts';

const opts: FetchOptions = { ...DEFAULT_FETCH_OPTIONS, timeoutMs: 2_000, maxBytes: 1024 * 1024 };
let srv: FaultServer;
beforeAll(async () => {
  srv = await startFaultServer();
});
afterAll(() => srv.close());

const get = (path: string, extra: Partial<FetchRequest> = {}, o: Partial<FetchOptions> = {}) =>
  fetchDocument({ url: srv.url(path), ...extra }, { ...opts, ...o });

async function failure(p: Promise<unknown>): Promise<FetchError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  return err as FetchError;
}

describe('a plain fetch', () => {
  it('returns the decoded body, validators, content type and charset', async () => {
    const out = await get('/feed');
    expect(out.status).toBe('ok');
    if (out.status !== 'ok') return;
    expect(out.text).toBe(FEED_XML);
    expect(out.charset).toBe('utf-8');
    expect(out.etag).toBe(FEED_ETAG);
    expect(out.lastModified).toBe(FEED_LAST_MODIFIED);
    expect(out.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(out.finalUrl).toBe(srv.url('/feed'));
    expect(out.permanentRedirectTo).toBeNull();
  });

  it('names huiju in the User-Agent and asks for compression', async () => {
    const out = await get('/echo');
    if (out.status !== 'ok') throw new Error('expected ok');
    const seen = JSON.parse(out.text) as { headers: Record<string, string> };
    expect(seen.headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^huiju\/\d+\.\d+\.\d+ \(\+https?:\/\//);
    expect(seen.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('POSTs a JSON body for API sources', async () => {
    const out = await get('/echo', { method: 'POST', body: '{"page":1}' });
    if (out.status !== 'ok') throw new Error('expected ok');
    const seen = JSON.parse(out.text) as { method: string; body: string; headers: Record<string, string> };
    expect(seen).toMatchObject({ method: 'POST', body: '{"page":1}' });
    expect(seen.headers['content-type']).toBe('application/json');
  });

  it('returns the content type of an HTML page so the parse stage can say "not a feed"', async () => {
    const out = await get('/html');
    expect(out.status === 'ok' && out.contentType).toBe('text/html; charset=utf-8');
  });
});

describe('a wrong Content-Type', () => {
  it.each(['text/plain', 'application/octet-stream', 'text/html; charset=utf-8'])(
    'a feed served as %s still arrives, with that type reported',
    async (type) => {
      const out = await get(`/feed?set-content-type=${encodeURIComponent(type)}`);
      if (out.status !== 'ok') throw new Error('expected a document');
      expect(out.contentType).toBe(type);
      expect(out.text).toBe(FEED_XML);
    },
  );
});

describe('conditional GET', () => {
  const cases: [string, Partial<FetchRequest>][] = [
    ['matching ETag', { etag: FEED_ETAG }],
    ['matching Last-Modified', { lastModified: FEED_LAST_MODIFIED }],
    ['both validators', { etag: FEED_ETAG, lastModified: FEED_LAST_MODIFIED }],
  ];
  it.each(cases)('%s → not-modified, validators sent', async (_name, validators) => {
    const before = srv.requests.length;
    const out = await get('/feed', validators);
    expect(out.status).toBe('not-modified');
    const sent = srv.requests[before]?.headers;
    if (validators.etag) expect(sent?.['if-none-match']).toBe(validators.etag);
    if (validators.lastModified) expect(sent?.['if-modified-since']).toBe(validators.lastModified);
  });

  it('a stale ETag gets the full document', async () => {
    expect((await get('/feed', { etag: '"old"' })).status).toBe('ok');
  });
});

describe('HTTP errors', () => {
  it.each([500, 404, 410])('HTTP %i', async (code) => {
    const err = await failure(get(`/status/${code}`));
    expect(err).toMatchObject({ kind: 'http-status', message: `HTTP ${code}`, details: { status: code } });
  });

  it('429 carries Retry-After in seconds', async () => {
    const err = await failure(get('/status/429?set-retry-after=120'));
    expect(err.details).toMatchObject({ status: 429, retryAfterMs: 120_000 });
  });

  it('503 carries Retry-After as an HTTP date, measured on the server clock', async () => {
    const date = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const at = 'Wed, 01 Jan 2025 00:10:00 GMT';
    const err = await failure(get(`/status/503?set-retry-after=${encodeURIComponent(at)}&set-date=${encodeURIComponent(date)}`));
    expect(err.details).toMatchObject({ status: 503, retryAfterMs: 600_000 });
  });

  it('passes Cache-Control max-age on a success as a hint', async () => {
    const out = await get('/feed?set-cache-control=public,max-age=900');
    expect(out.cache).toEqual({ maxAgeMs: 900_000, retryAfterMs: null });
  });
});

describe('compression', () => {
  it.each(['gzip', 'deflate', 'deflate-raw', 'br', 'gzip,br'])('%s is decompressed', async (coding) => {
    const out = await get(`/encoded/${coding}`);
    expect(out.status === 'ok' && out.text).toBe(FEED_XML);
  });

  it('a gzip bomb stops at the cap on the DECOMPRESSED size', async () => {
    const err = await failure(get('/gzip-bomb?mb=32', {}, { maxBytes: 1024 * 1024 }));
    expect(err).toMatchObject({ kind: 'too-large', message: 'response larger than 1 MB' });
  });

  it('a corrupt gzip body is a clear error', async () => {
    const err = await failure(get('/corrupt-gzip'));
    expect(err).toMatchObject({ kind: 'bad-response', message: 'could not decompress the gzip body' });
  });

  it('an unknown Content-Encoding is a clear error', async () => {
    const err = await failure(get('/feed?set-content-encoding=zstd'));
    expect(err).toMatchObject({ kind: 'bad-response', message: 'unsupported Content-Encoding "zstd"' });
  });
});

describe('size cap and timeouts', () => {
  it('an endless body is cut off at the cap and the connection closed', async () => {
    const err = await failure(get('/endless', {}, { maxBytes: 256 * 1024 }));
    expect(err).toMatchObject({ kind: 'too-large', message: 'response larger than 256 KB' });
    await expect.poll(() => srv.stats.endlessClosed).toBeGreaterThan(0);
  });

  it('a declared Content-Length over the cap is refused before reading', async () => {
    srv.route('/big', (_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.write('x');
    });
    const err = await failure(get('/big'));
    expect(err.kind).toBe('too-large');
  });

  it('slow headers hit the total timeout', async () => {
    const err = await failure(get('/slow-headers?ms=5000', {}, { timeoutMs: 200 }));
    expect(err).toMatchObject({ kind: 'timeout', message: 'timed out after 0.2 s' });
  });

  it('a body that trickles forever hits the total timeout', async () => {
    const err = await failure(get('/slow-body?ms=20', {}, { timeoutMs: 300 }));
    expect(err).toMatchObject({ kind: 'timeout', message: 'timed out after 0.3 s' });
  });

  it('a TLS handshake that never completes hits the connect timeout', async () => {
    const silent = await startSilentServer();
    try {
      const err = await failure(
        fetchDocument({ url: `https://127.0.0.1:${silent.port}/` }, { ...opts, connectTimeoutMs: 200, timeoutMs: 5_000 }),
      );
      expect(err).toMatchObject({ kind: 'timeout', message: 'connection timed out after 0.2 s' });
    } finally {
      await silent.close();
    }
  });

  it("the caller's signal aborts with kind 'aborted'", async () => {
    const ctl = new AbortController();
    const p = get('/slow-headers?ms=5000', {}, { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 50);
    expect((await failure(p)).kind).toBe('aborted');
  });
});

describe('redirects', () => {
  it('follows a relative Location', async () => {
    const out = await get('/relative/a/b');
    expect(out.finalUrl).toBe(srv.url('/feed'));
    expect(out.permanentRedirectTo).toBeNull();
  });

  it('reports a chain of only 301/308 as a permanent move', async () => {
    const out = await get('/hops/301,308');
    expect(out.status).toBe('ok');
    expect(out.permanentRedirectTo).toBe(srv.url('/hops/'));
  });

  it('a temporary hop in the chain means no permanent move', async () => {
    expect((await get('/hops/301,302')).permanentRedirectTo).toBeNull();
  });

  it('at most maxRedirects hops', async () => {
    expect((await get('/hops/302,302,302', {}, { maxRedirects: 3 })).status).toBe('ok');
    const err = await failure(get('/hops/302,302,302,302', {}, { maxRedirects: 3 }));
    expect(err.kind).toBe('too-many-redirects');
    expect(err.message).toMatch(/^more than 3 redirects/);
  });

  it('detects a loop', async () => {
    const err = await failure(get('/loop/a'));
    expect(err).toMatchObject({ kind: 'redirect-loop', message: `redirect loop at ${srv.url('/loop/a')}` });
  });

  it('a 303 after POST continues as GET without the body', async () => {
    const out = await get(`/to?status=303&url=${encodeURIComponent('/echo')}`, { method: 'POST', body: '{}' });
    if (out.status !== 'ok') throw new Error('expected ok');
    expect(JSON.parse(out.text)).toMatchObject({ method: 'GET', body: '' });
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const err = await failure(get(`/to?url=${encodeURIComponent('file:///etc/passwd')}`));
    expect(err).toMatchObject({ kind: 'invalid-url', message: 'only http and https URLs can be fetched, not file' });
  });
});

describe('network failures', () => {
  it('connection reset', async () => {
    const err = await failure(get('/reset'));
    expect(err).toMatchObject({ kind: 'network', message: `connection reset by ${srv.host}:${srv.port}` });
  });

  it('connection reset in the middle of the body', async () => {
    const err = await failure(get('/truncated'));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/^connection (reset|closed early) by 127\.0\.0\.1:\d+$/);
  });

  it.each([
    ['not HTTP at all', 'HELLO THERE\r\n\r\n'],
    ['a 100 KB header', `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
  ])('a malformed response: %s', async (_name, raw) => {
    const server = await startRawServer(raw);
    try {
      const err = await failure(fetchDocument({ url: `http://127.0.0.1:${server.port}/` }, opts));
      expect(err).toMatchObject({ kind: 'network', message: `malformed HTTP response from 127.0.0.1:${server.port}` });
    } finally {
      await server.close();
    }
  });

  it('a self-signed certificate is refused with a TLS sentence', async () => {
    const dir = path.resolve(import.meta.dirname, 'fixtures/tls');
    const tls = { key: fs.readFileSync(path.join(dir, 'self-signed.key')), cert: fs.readFileSync(path.join(dir, 'self-signed.crt')) };
    const secure = await startFaultServer({ tls });
    try {
      expect(secure.origin).toMatch(/^https:/);
      const err = await failure(fetchDocument({ url: secure.url('/feed') }, opts));
      expect(err.kind).toBe('network');
      expect(err.message).toMatch(/^TLS problem with 127\.0\.0\.1:\d+: self[- ]signed certificate/);
    } finally {
      await secure.close();
    }
  });

  it('connection refused', async () => {
    const port = await refusedPort();
    const err = await failure(fetchDocument({ url: `http://127.0.0.1:${port}/` }, opts));
    expect(err).toMatchObject({ kind: 'network', message: `connection refused by 127.0.0.1:${port}` });
  });

  it.each([
    ['not a URL', 'not a url'],
    ['ftp', 'ftp://example.com/feed'],
  ])('invalid URL: %s', async (_name, url) => {
    expect((await failure(fetchDocument({ url }, opts))).kind).toBe('invalid-url');
  });
});

describe('resources', () => {
  const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

  it('leaves no socket open after successes and every kind of failure', async () => {
    await expect.poll(openSockets).toBe(0);
    const paths = ['/feed', '/encoded/br', '/status/500', '/endless', '/gzip-bomb?mb=8', '/loop/a', '/reset', '/truncated'];
    const slow = ['/slow-headers?ms=5000', '/slow-body?ms=10'];
    await Promise.allSettled([
      ...paths.map((p) => get(p, {}, { maxBytes: 512 * 1024 })),
      ...slow.map((p) => get(p, {}, { timeoutMs: 150 })),
    ]);
    // Client and server ends both close once the client lets go.
    await expect.poll(openSockets).toBe(0);
  });
});
