/**
 * Which HTTP proxy a request goes through. Deployments in China often reach overseas sources only through one:
 * the usual environment variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, read the way curl and undici read them) set it
 * for every source, and a source's own `proxy` overrides them ("direct" for none). Read once, at the edge
 * (fetchOptionsFromConfig), and passed down as plain values.
 */
import net from 'node:net';
import { FetchError } from './errors.ts';

export interface ProxySettings {
  /** Proxy for http: URLs (HTTP_PROXY). */
  httpProxy?: string | null;
  /** Proxy for https: URLs (HTTPS_PROXY); HTTP_PROXY when unset. */
  httpsProxy?: string | null;
  /** NO_PROXY: hosts, domains (`.example.com`, `*.example.com`), `host:port`, IP addresses and CIDR ranges, or `*`. */
  noProxy?: string | null;
}

/** A source's `proxy` that means: no proxy at all, whatever the environment says. */
export const DIRECT = 'direct';

/** The proxy settings in an environment (process.env at the edge). Lower-case names win, as with curl. */
export function proxySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const read = (name: string) => env[name.toLowerCase()] || env[name.toUpperCase()] || null;
  const settings: ProxySettings = {};
  const httpProxy = read('http_proxy');
  const httpsProxy = read('https_proxy');
  const noProxy = read('no_proxy');
  if (httpProxy) settings.httpProxy = httpProxy;
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

/** Whether NO_PROXY keeps `url` off the proxy. */
function bypassed(url: URL, noProxy: string): boolean {
  const host = bare(url.hostname);
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    // host:port, [v6]:port; a bare IPv6 address has colons too but no port.
    const withPort = net.isIPv6(bare(entry)) ? null : entry.match(/^(.+):(\d+)$/);
    const name = bare((withPort ? withPort[1]! : entry).replace(/^\*?\./, ''));
    if (withPort && Number(withPort[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

function inCidr(host: string, cidr: string): boolean {
  const [base = '', bits = ''] = cidr.split('/');
  const family = net.isIPv6(base) ? 'ipv6' : net.isIPv4(base) ? 'ipv4' : null;
  const hostFamily = net.isIPv6(host) ? 'ipv6' : net.isIPv4(host) ? 'ipv4' : null;
  if (!family || !hostFamily || !/^\d+$/.test(bits)) return false;
  try {
    const list = new net.BlockList();
    list.addSubnet(base, Number(bits), family);
    return list.check(host, hostFamily);
  } catch {
    return false;
  }
}

/** The proxy URL as people may see it: no user name or password. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

function parseProxy(raw: string): URL {
  let url: URL;
  try {
    // `host:port` without a scheme is common in the environment (curl reads it as http://).
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new FetchError('invalid-url', `proxy "${raw.replace(/\/\/[^@/]*@/, '//')}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', `proxy ${proxyLabel(url)} is not an http:// or https:// proxy`);
  }
  return url;
}

/**
 * The proxy for `url`, or null to connect directly: the source's own proxy when it names one ("direct": none),
 * else the environment's for the URL's scheme unless NO_PROXY lists the host. Throws FetchError (invalid-url) for a
 * proxy URL that cannot be used.
 */
export function proxyFor(url: URL, settings: ProxySettings | undefined, perSource?: string | null): URL | null {
  if (perSource) return perSource.trim().toLowerCase() === DIRECT ? null : parseProxy(perSource.trim());
  const raw = url.protocol === 'https:' ? (settings?.httpsProxy ?? settings?.httpProxy) : settings?.httpProxy;
  if (!raw) return null;
  if (settings?.noProxy && bypassed(url, settings.noProxy)) return null;
  return parseProxy(raw);
}

/** `Proxy-Authorization` for the user name and password in the proxy URL, if any. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}
