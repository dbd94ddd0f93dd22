/** The contract of the fetch stage: one HTTP request for a source, politely, with its outcome classified. */
import type { ProxySettings } from './proxy.ts';

export interface FetchRequest {
  url: string;
  method?: 'GET' | 'POST';
  /** Sent as-is with POST (JSON sources). */
  body?: string;
  headers?: Record<string, string>;
  /** Validators from the previous successful fetch, for a conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  /** A source's `encoding` from feeds.json: overrides every other charset signal. */
  encoding?: string | null;
  /**
   * A source's `proxy` from feeds.json: an http:// or https:// proxy URL (user and password allowed) that this
   * request goes through whatever the environment says, or "direct" for none. Unset: FetchOptions.proxy decides.
   */
  proxy?: string | null;
}

export interface FetchOptions {
  userAgent: string;
  /** Total budget for the whole exchange, redirects and body included. */
  timeoutMs: number;
  /** Budget for DNS + TCP (+ TLS) of each hop; defaults to timeoutMs. */
  connectTimeoutMs?: number;
  /** Cap on the body AFTER decompression; the stream is aborted as soon as it is exceeded. */
  maxBytes: number;
  maxRedirects: number;
  /** Refuse private (RFC 1918, loopback, ULA) addresses too, for hosted deployments. Link-local is always refused. */
  denyPrivateNetworks: boolean;
  /**
   * Exact addresses exempt from denyPrivateNetworks (a self-hosted RSSHub on 10.0.0.5, say).
   * Link-local and cloud-metadata addresses stay refused whatever this says.
   */
  allowedAddresses?: readonly string[];
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read once at the edge (proxy.ts proxySettingsFromEnv). */
  proxy?: ProxySettings;
  signal?: AbortSignal;
}

/** What the server said about when to come back (already parsed, not yet clamped). */
export interface CacheHints {
  /** Freshness from Cache-Control max-age, else Expires (relative to the server's Date); null when absent. */
  maxAgeMs: number | null;
  /** Retry-After (seconds or HTTP date), as sent with 429/503 (and sometimes 3xx); null when absent. */
  retryAfterMs: number | null;
}

export interface FetchedDocument {
  status: 'ok';
  /** URL of the document after redirects: the base for resolving relative links. */
  finalUrl: string;
  /** Set when a 301/308 chain moved the source: the URL the user should put in feeds.json. */
  permanentRedirectTo: string | null;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** The decompressed body. */
  body: Buffer;
  /** The body decoded to text, and the charset that was used (lower-case WHATWG/IANA name). */
  text: string;
  charset: string;
  cache: CacheHints;
}

export interface NotModified {
  status: 'not-modified';
  finalUrl: string;
  permanentRedirectTo: string | null;
  cache: CacheHints;
}

export type FetchOutcome = FetchedDocument | NotModified;

export type FetchErrorKind =
  | 'timeout'
  | 'http-status'
  | 'too-large'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'network'
  | 'blocked-address'
  | 'bad-charset'
  | 'invalid-url'
  /** Undecodable body: corrupt gzip/deflate/br stream or an unsupported Content-Encoding. */
  | 'bad-response'
  /** The caller's signal aborted the fetch (shutdown): not the source's fault. */
  | 'aborted';
