import type { FetchErrorKind } from './types.ts';

/** A fetch failure of a known kind, with a sentence a person understands as its message. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
  }
}

/** "20 s", "0.25 s": the unit people read in a source's last error. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** "10 MB", "512 KB", "100 bytes". */
export function formatBytes(n: number): string {
  const MB = 1024 * 1024;
  if (n >= MB) return `${Number((n / MB).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} bytes`;
}

export const tooLarge = (maxBytes: number): FetchError =>
  new FetchError('too-large', `response larger than ${formatBytes(maxBytes)}`);

/** Socket-level failures (Node's error codes) as sentences. */
export function networkError(err: unknown, host: string): FetchError {
  if (err instanceof FetchError) return err;
  const code = (err as { code?: string }).code ?? '';
  const text: Record<string, string> = {
    ECONNREFUSED: `connection refused by ${host}`,
    ECONNRESET: `connection reset by ${host}`,
    EPIPE: `connection reset by ${host}`,
    ENOTFOUND: `host not found: ${host}`,
    EAI_AGAIN: `DNS lookup failed for ${host}`,
    EHOSTUNREACH: `host unreachable: ${host}`,
    ENETUNREACH: `network unreachable for ${host}`,
    HPE_INVALID_CONSTANT: `malformed HTTP response from ${host}`,
  };
  const known = text[code];
  if (known) return new FetchError('network', known, { cause: err });
  if (code.startsWith('HPE_')) return new FetchError('network', `malformed HTTP response from ${host}`, { cause: err });
  if (/CERT|SSL|TLS/i.test(code)) {
    return new FetchError('network', `TLS problem with ${host}: ${(err as Error).message}`, { cause: err });
  }
  const msg = (err as Error).message ?? String(err);
  if (msg === 'socket hang up') return new FetchError('network', `connection closed early by ${host}`, { cause: err });
  return new FetchError('network', `could not fetch from ${host}: ${msg}`, { cause: err });
}

/** Failures to reach the proxy itself, in its name (without its credentials); anything later is the target's. */
const PROXY_UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

export function proxyError(err: unknown, proxy: string, targetHost: string): FetchError {
  if (err instanceof FetchError) return err;
  const reason = PROXY_UNREACHABLE[(err as { code?: string }).code ?? ''];
  if (reason) return new FetchError('network', `could not reach the proxy at ${proxy}: ${reason}`, { cause: err });
  return networkError(err, targetHost);
}
