/** Canonical URL: the same page reached through tracking links, http/https, ports, fragments or a mobile host. */
import { DEFAULT_CANONICAL_URL_OPTIONS, type CanonicalUrlOptions } from './options.ts';

/**
 * Query keys that only say who shared a link or how it was reached. The Chinese ones come from WeChat
 * (`scene`, `wxfrom`, `isappinstalled`, `clicktime`, `chksm`…), Baidu/Alibaba (`spm`, `ivk_sa`, `bd_vid`),
 * Weibo/Toutiao/Tencent (`_wv`, `share_token`, `tt_from`, `utm_source`, `ADTAG`, `pvid`) and news apps (`from`, `src`).
 */
const TRACKING_KEYS = new Set([
  'spm', 'spm_id_from', 'from', 'share', 'src', 'ref', 'referer', 'referrer', 'fbclid', 'gclid', 'dclid', 'msclkid',
  'yclid', 'mc_cid', 'mc_eid', 'igshid', 'isappinstalled', 'scene', 'wxfrom', 'clicktime', 'enterid', 'chksm',
  'sessionid', 'subscene', 'sharer_sharetime', 'sharer_shareid', 'ascene', 'devicetype', 'pass_ticket', 'exportkey',
  'wx_header', '_wv', 'ivk_sa', 'bd_vid', 'bdtype', 'tt_from', 'adtag', 'pvid', 'vid_from', 'seid', 'weibo_id', 'wfr',
  'wm', 'luicode', 'lfid', 'toutiao', 'wd_source', 'sourcetype', 'pgv_ref', 'redirect_from', 'mpshare', 'shareuid',
  'shareid',
]);
const TRACKING_PREFIXES = ['utm_', 'share_', 'hmsr', 'hmpl', 'hmcu', 'hmkw', 'hmci', 'wt.', 'ga_', 'spm_', 'xhs_'];

function isTrackingKey(key: string): boolean {
  const k = key.toLowerCase();
  return TRACKING_KEYS.has(k) || TRACKING_PREFIXES.some((p) => k.startsWith(p));
}

function canonicalHost(host: string, opts: CanonicalUrlOptions): string {
  const alias = Object.hasOwn(opts.hostAliases, host) ? opts.hostAliases[host] : undefined;
  if (alias) return alias.toLowerCase();
  if (opts.foldMobilePrefixes) {
    const m = /^(?:m|wap|3g|mobile)\.(.+\..+)$/.exec(host);
    if (m) return `www.${m[1]}`;
  }
  return host;
}

/**
 * `host/path?sorted&params`, lower-case host, no scheme (http and https copies are one page), no default port,
 * no fragment, no tracking parameters, no trailing `?`. Path case is kept: many servers treat it as significant.
 * Returns null for anything that is not an absolute http(s) URL.
 */
export function canonicalizeUrl(
  raw: string | null,
  opts: CanonicalUrlOptions = DEFAULT_CANONICAL_URL_OPTIONS,
): string | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // WHATWG URL already lower-cases the host and drops the scheme's default port; https on :80 is not default.
  const port = u.port === '80' || u.port === '443' ? '' : u.port;
  const host = canonicalHost(u.hostname.replace(/\.$/, ''), opts);
  const params = [...u.searchParams].filter(([k]) => !isTrackingKey(k));
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = u.pathname === '' ? '/' : u.pathname;
  return `${host}${port ? `:${port}` : ''}${path}${query}`;
}
