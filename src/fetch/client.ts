import { decodeBody } from './charset.ts';
import { FetchError } from './errors.ts';
import type { FetchOptions, FetchOutcome, FetchRequest } from './types.ts';

function retryAfterMs(headers: Headers): number | null {
  const ra = headers.get('retry-after');
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return secs * 1000;
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  const maxAge = headers.get('cache-control')?.match(/max-age=(\d+)/);
  if (maxAge?.[1]) return Number(maxAge[1]) * 1000;
  return null;
}

/** One conditional request for a source. Throws FetchError for every failure. */
export async function fetchDocument(req: FetchRequest, opts: FetchOptions): Promise<FetchOutcome> {
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent,
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8',
    ...req.headers,
  };
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  const signal = AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), ...(opts.signal ? [opts.signal] : [])]);
  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method ?? 'GET', headers, body: req.body, signal, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted) throw new FetchError('timeout', `timed out after ${opts.timeoutMs / 1000} s`, { cause: err });
    const cause = (err as { cause?: { code?: string } }).cause;
    throw new FetchError('network', `could not connect: ${cause?.code ?? (err as Error).message}`, { cause: err });
  }
  const cache = { retryAfterMs: retryAfterMs(res.headers) };
  if (res.status === 304) return { status: 'not-modified', finalUrl: res.url, permanentRedirectTo: null, cache };
  if (!res.ok) {
    throw new FetchError('http-status', `HTTP ${res.status}`, { status: res.status, retryAfterMs: cache.retryAfterMs });
  }
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > opts.maxBytes) throw new FetchError('too-large', `larger than ${opts.maxBytes} bytes`);
  const contentType = res.headers.get('content-type');
  const { text, charset } = decodeBody(body, contentType, req.encoding ?? null);
  return {
    status: 'ok',
    finalUrl: res.url,
    permanentRedirectTo: null,
    contentType,
    etag: res.headers.get('etag'),
    lastModified: res.headers.get('last-modified'),
    body,
    text,
    charset,
    cache,
  };
}
