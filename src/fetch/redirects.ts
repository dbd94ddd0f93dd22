import { FetchError } from './errors.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);

export const isRedirect = (status: number): boolean => REDIRECT_STATUSES.has(status);

export interface Hop {
  url: URL;
  method: 'GET' | 'POST';
  body?: string;
}

/** Parses a URL the fetcher may request: absolute http(s) only. */
export function parseFetchUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError('invalid-url', `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', `only http and https URLs can be fetched, not ${url.protocol.slice(0, -1)}`);
  }
  url.hash = '';
  return url;
}

/** The hop a redirect leads to: 303 (and 301/302 after POST, as browsers do) turn into a GET without body. */
export function nextHop(from: Hop, status: number, location: string): Hop {
  const url = parseFetchUrl(location, from.url);
  const toGet = status === 303 || ((status === 301 || status === 302) && from.method === 'POST');
  return toGet ? { url, method: 'GET' } : { url, method: from.method, body: from.body };
}

/** Counts redirects, detects loops and remembers whether the whole chain was permanent. */
export class RedirectChain {
  private readonly visited = new Set<string>();
  private readonly statuses: number[] = [];
  private last: URL;

  constructor(
    start: URL,
    private readonly max: number,
  ) {
    this.visited.add(start.href);
    this.last = start;
  }

  follow(status: number, to: URL): void {
    if (this.visited.has(to.href)) throw new FetchError('redirect-loop', `redirect loop at ${to.href}`);
    if (this.statuses.length >= this.max) {
      throw new FetchError('too-many-redirects', `more than ${this.max} redirects (last to ${to.href})`);
    }
    this.visited.add(to.href);
    this.statuses.push(status);
    this.last = to;
  }

  /** Where the source now lives, when every hop was 301/308; null otherwise (or with no redirect). */
  get permanentRedirectTo(): string | null {
    return this.statuses.length > 0 && this.statuses.every((s) => PERMANENT.has(s)) ? this.last.href : null;
  }
}
