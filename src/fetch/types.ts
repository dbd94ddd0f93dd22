/** The contract of the fetch stage: one HTTP request for a source, politely, with its outcome classified. */

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
}

export interface FetchOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Refuse private (RFC 1918, loopback, ULA) addresses too, for hosted deployments. Link-local is always refused. */
  denyPrivateNetworks: boolean;
  signal?: AbortSignal;
}

/** What the server said about when to come back (already parsed, not yet clamped). */
export interface CacheHints {
  /** From Cache-Control max-age / Expires, or Retry-After on 429/503; null when the server said nothing. */
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
  | 'invalid-url';
