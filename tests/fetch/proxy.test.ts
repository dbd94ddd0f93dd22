/**
 * Issue 17.18: fetching through an HTTP proxy, from HTTPS_PROXY / HTTP_PROXY / NO_PROXY or per source, while the
 * address guard still judges the TARGET (resolved and checked before anything is handed to the proxy). The proxy here
 * is a small CONNECT + forward proxy on loopback, written for the test.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_OPTIONS, fetchDocument } from '../../src/fetch/client.ts';
import type { FetchError } from '../../src/fetch/errors.ts';
import { proxyFor, proxySettingsFromEnv, type ProxySettings } from '../../src/fetch/proxy.ts';
import type { FetchOptions, FetchRequest } from '../../src/fetch/types.ts';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.ts';

interface TestProxy {
  url: string;
  port: number;
  /** `CONNECT host:port` or `GET http://…`, with the Proxy-Authorization each came with. */
  seen: { line: string; auth: string | undefined }[];
  close(): Promise<void>;
}

/** A forward (absolute-URI) and CONNECT proxy on 127.0.0.1; with `auth`, it wants `Proxy-Authorization: auth`. */
async function startProxy(auth?: string): Promise<TestProxy> {
  const seen: TestProxy['seen'] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push({ line: `${req.method} ${req.url}`, auth: req.headers['proxy-authorization'] });
    if (auth && req.headers['proxy-authorization'] !== auth) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' });
      res.end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(req.url!, { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push({ line: `CONNECT ${req.url}`, auth: req.headers['proxy-authorization'] });
    sockets.add(client);
    if (auth && req.headers['proxy-authorization'] !== auth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host, port] = [req.url!.slice(0, req.url!.lastIndexOf(':')).replace(/^\[|\]$/g, ''), Number(req.url!.split(':').pop())];
    const upstream = net.connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('which proxy a URL goes through', () => {
  const env = (vars: Record<string, string>): ProxySettings => proxySettingsFromEnv(vars);
  const via = (url: string, settings: ProxySettings, perSource?: string) => proxyFor(new URL(url), settings, perSource)?.href ?? null;

  it('HTTPS_PROXY for https, HTTP_PROXY for http (and for https when HTTPS_PROXY is unset)', () => {
    const both = env({ HTTPS_PROXY: 'http://s.proxy:3128', HTTP_PROXY: 'http://p.proxy:8080' });
    expect(via('https://openai.com/blog/rss.xml', both)).toBe('http://s.proxy:3128/');
    expect(via('http://feeds.bbci.co.uk/news/rss.xml', both)).toBe('http://p.proxy:8080/');
    const httpOnly = env({ HTTP_PROXY: 'http://p.proxy:8080' });
    expect(via('https://openai.com/', httpOnly)).toBe('http://p.proxy:8080/');
    expect(via('http://a.example/', env({ HTTPS_PROXY: 'http://s.proxy:3128' }))).toBeNull();
    expect(via('https://a.example/', env({}))).toBeNull();
  });

  it('the lower-case variables win, as curl and undici read them', () => {
    expect(via('http://a.example/', env({ http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:1' }))).toBe('http://lower:1/');
  });

  it.each([
    ['https://localhost/', null],
    ['https://news.internal.example/', null],
    ['https://internal.example/', null],
    ['https://notinternal.example/', 'http://p:1/'],
    ['http://10.1.2.3/', null],
    ['http://11.1.2.3/', 'http://p:1/'],
    ['https://x.corp/', null],
    ['https://example.org:8443/', null],
    ['https://example.org/', 'http://p:1/'],
    ['http://[::1]:8080/', null],
  ])('NO_PROXY=localhost,.internal.example,10.0.0.0/8,*.corp,example.org:8443,::1: %s → %s', (url, want) => {
    const settings = env({ HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', NO_PROXY: 'localhost, .internal.example,10.0.0.0/8 *.corp,example.org:8443,::1' });
    expect(via(url, settings)).toBe(want);
  });

  it('NO_PROXY=* turns the environment proxy off', () => {
    expect(via('https://a.example/', env({ HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }))).toBeNull();
  });

  it("a source's own proxy beats the environment and NO_PROXY; \"direct\" bypasses every proxy", () => {
    const settings = env({ HTTPS_PROXY: 'http://env:1', NO_PROXY: 'a.example' });
    expect(via('https://a.example/', settings, 'http://mine:7890')).toBe('http://mine:7890/');
    expect(via('https://b.example/', settings, 'direct')).toBeNull();
  });

  it('refuses a proxy URL it cannot use, in words, without its password', () => {
    const bad = (p: string) => {
      try {
        proxyFor(new URL('https://a.example/'), {}, p);
        return null;
      } catch (err) {
        return err as FetchError;
      }
    };
    expect(bad('socks5://user:secret@127.0.0.1:1080')).toMatchObject({ kind: 'invalid-url', message: 'proxy socks5://127.0.0.1:1080 is not an http:// or https:// proxy' });
    expect(bad('not a url')?.kind).toBe('invalid-url');
  });
});

describe('fetching through a proxy', () => {
  let target: FaultServer;
  let trusted: FaultServer;
  let proxy: TestProxy;
  const opts: FetchOptions = { ...DEFAULT_FETCH_OPTIONS, timeoutMs: 5_000 };
  const get = (req: FetchRequest, o: Partial<FetchOptions> = {}) => fetchDocument(req, { ...opts, ...o });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected the fetch to fail');
      },
      (e: unknown) => e as FetchError,
    );

  beforeAll(async () => {
    target = await startFaultServer();
    trusted = await startFaultServer({ host: '127.0.0.2' });
    proxy = await startProxy();
  });
  afterAll(async () => {
    await Promise.all([target.close(), trusted.close(), proxy.close()]);
  });
  beforeEach(() => {
    proxy.seen.length = 0;
  });

  it("goes through a source's proxy (an absolute-URI request for an http URL)", async () => {
    const out = await get({ url: target.url('/feed'), proxy: proxy.url });
    expect(out.status).toBe('ok');
    expect(proxy.seen.map((s) => s.line)).toEqual([`GET ${target.url('/feed')}`]);
    expect(target.requests.at(-1)!.headers.host).toBe(`127.0.0.1:${target.port}`);
  });

  it('goes through the environment proxy, and past it for NO_PROXY hosts', async () => {
    expect((await get({ url: target.url('/feed') }, { proxy: { httpProxy: proxy.url } })).status).toBe('ok');
    expect(proxy.seen).toHaveLength(1);
    expect((await get({ url: target.url('/feed') }, { proxy: { httpProxy: proxy.url, noProxy: '127.0.0.1' } })).status).toBe('ok');
    expect(proxy.seen).toHaveLength(1);
    expect((await get({ url: target.url('/feed'), proxy: 'direct' }, { proxy: { httpProxy: proxy.url } })).status).toBe('ok');
    expect(proxy.seen).toHaveLength(1);
  });

  it('tunnels https with CONNECT, TLS end to end with the target', async () => {
    const dir = path.resolve(import.meta.dirname, 'fixtures/tls');
    const tls = { key: fs.readFileSync(path.join(dir, 'self-signed.key')), cert: fs.readFileSync(path.join(dir, 'self-signed.crt')) };
    const secure = await startFaultServer({ tls });
    try {
      const err = await failure(get({ url: `https://localhost:${secure.port}/feed`, proxy: proxy.url }));
      expect(proxy.seen.map((s) => s.line)).toEqual([`CONNECT localhost:${secure.port}`]);
      // The target's own (self-signed) certificate reached huiju through the tunnel, and was judged as without one.
      expect(err).toMatchObject({ kind: 'network' });
      expect(err.message).toMatch(new RegExp(`^TLS problem with localhost:${secure.port}: self[- ]signed certificate`));
    } finally {
      await secure.close();
    }
  });

  it('follows a redirect through the proxy, and judges every hop', async () => {
    const to = encodeURIComponent(target.url('/feed'));
    expect((await get({ url: target.url(`/to?url=${to}`), proxy: proxy.url })).status).toBe('ok');
    expect(proxy.seen.map((s) => s.line)).toEqual([`GET ${target.url(`/to?url=${to}`)}`, `GET ${target.url('/feed')}`]);
    proxy.seen.length = 0;
    const err = await failure(get({ url: target.url(`/to?url=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`), proxy: proxy.url }));
    expect(err).toMatchObject({ kind: 'blocked-address', message: 'refused: 169.254.169.254 is a link-local address' });
    expect(proxy.seen).toHaveLength(1);
  });

  describe('the address guard judges the target, not the proxy', () => {
    it.each([
      ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address'],
      ['https://169.254.169.254/', 'refused: 169.254.169.254 is a link-local address'],
      ['http://[::ffff:a9fe:a9fe]/', 'refused: ::ffff:a9fe:a9fe is a link-local address'],
      ['http://[::a9fe:a9fe]/', 'refused: ::a9fe:a9fe is a link-local address'],
    ])('%s is refused before the proxy hears of it', async (url, message) => {
      const err = await failure(get({ url, proxy: proxy.url }));
      expect(err).toMatchObject({ kind: 'blocked-address', message });
      expect(proxy.seen).toEqual([]);
    });

    it('a name is resolved and checked by huiju first (localhost with private networks denied)', async () => {
      for (const url of [`http://localhost:${target.port}/feed`, `https://localhost:${target.port}/feed`]) {
        const err = await failure(get({ url, proxy: proxy.url }, { denyPrivateNetworks: true }));
        expect(err.kind).toBe('blocked-address');
      }
      expect(proxy.seen).toEqual([]);
    });

    it('the proxy itself may be on a private address while private targets are denied', async () => {
      const out = await get({ url: trusted.url('/feed'), proxy: proxy.url }, { denyPrivateNetworks: true, allowedAddresses: ['127.0.0.2'] });
      expect(out.status).toBe('ok');
      expect(proxy.seen.map((s) => s.line)).toEqual([`GET ${trusted.url('/feed')}`]);
      const err = await failure(get({ url: target.url('/feed'), proxy: proxy.url }, { denyPrivateNetworks: true, allowedAddresses: ['127.0.0.2'] }));
      expect(err.message).toBe('refused: 127.0.0.1 is a loopback address (fetch.denyPrivateNetworks is on)');
    });
  });

  describe('proxy credentials', () => {
    let guarded: TestProxy;
    const AUTH = `Basic ${Buffer.from('huiju:p@ss word').toString('base64')}`;
    beforeAll(async () => {
      guarded = await startProxy(AUTH);
    });
    afterAll(async () => {
      await guarded.close();
    });

    it('are sent to the proxy from the proxy URL, and never to the target', async () => {
      const withCreds = `http://huiju:p%40ss%20word@127.0.0.1:${guarded.port}`;
      expect((await get({ url: target.url('/feed'), proxy: withCreds })).status).toBe('ok');
      expect(guarded.seen.at(-1)!.auth).toBe(AUTH);
      expect(target.requests.at(-1)!.headers['proxy-authorization']).toBeUndefined();
    });

    it.each(['http', 'https'])('a 407 (%s target) is the proxy refusing, said without the password', async (scheme) => {
      const wrong = `http://huiju:wrong@127.0.0.1:${guarded.port}`;
      const err = await failure(get({ url: `${scheme}://localhost:${target.port}/feed`, proxy: wrong }));
      expect(err.kind).toBe('network');
      expect(err.message).toBe(`the proxy at http://127.0.0.1:${guarded.port} refused the request: HTTP 407 (proxy authentication required)`);
      expect(err.message).not.toContain('wrong');
    });
  });

  it('an unreachable proxy is named in the error', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const scheme of ['http', 'https']) {
      const err = await failure(get({ url: `${scheme}://localhost:${target.port}/feed`, proxy: `http://u:secret@127.0.0.1:${port}` }));
      expect(err).toMatchObject({ kind: 'network', message: `could not reach the proxy at http://127.0.0.1:${port}: connection refused` });
    }
  });
});
