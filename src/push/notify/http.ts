import type { SendContext, SendOutcome } from './types.ts';

/** A platform's answer: status, headers and body (JSON when it parses). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * POST a JSON body. Errors name the platform and what went wrong, never the address: it carries the robot's token.
 * Throws a SendFailure (timeout, refused) for the caller to turn into a retry.
 */
export async function postJson(ctx: SendContext, url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer | SendOutcome> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let res: Response;
  try {
    res = await ctx.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'huiju-notify', ...headers },
      body: text,
      signal: AbortSignal.timeout(ctx.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError') return { ok: false, error: `no answer within ${ctx.timeoutMs / 1000} s` };
    return { ok: false, error: `could not connect: ${e.cause?.code ?? e.message}` };
  }
  const answer = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = JSON.parse(answer);
  } catch {
    // Slack answers `ok` as plain text.
  }
  return { status: res.status, headers: res.headers, text: answer, json };
}

export const isAnswer = (a: Answer | SendOutcome): a is Answer => 'status' in a;

/** Retry-After in seconds (or an HTTP date), as milliseconds; `fallback` when absent or unreadable. */
export function retryAfterMs(headers: Headers, fallback: number, now = Date.now()): number {
  const v = headers.get('retry-after');
  if (!v) return fallback;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? fallback : Math.max(0, at - now);
}

/**
 * An HTTP status that is not a platform's JSON answer: 429 waits, a malformed or oversized message (400, 413, 422)
 * cannot succeed, the rest (5xx; 401/403/404, a robot removed or a token mistyped, which the operator may fix) retries.
 */
export function statusOutcome(a: Answer, platform: string): SendOutcome {
  if (a.status === 429) return { ok: false, error: `${platform}: HTTP 429 too many requests`, retryAfterMs: retryAfterMs(a.headers, 60_000) };
  const detail = a.text.slice(0, 200).replace(/\s+/g, ' ');
  return { ok: false, error: `${platform}: HTTP ${a.status}${detail ? ` ${detail}` : ''}`, permanent: [400, 413, 422].includes(a.status) };
}
