import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature: sha256=<hex>`: HMAC of the pushed body, keyed with the subscriber's hub.secret (WebSub §8). */
export function hubSignature(secret: string, body: string | Buffer, method = 'sha256'): string {
  return `${method}=${createHmac(method, secret).update(body).digest('hex')}`;
}

/** Methods a subscriber accepts from a hub (WebSub §8: sha1, sha256, sha384, sha512). */
const METHODS = new Set(['sha1', 'sha256', 'sha384', 'sha512']);

/** Whether a pushed body carries a valid signature for `secret` (a missing or unknown method is not valid). */
export function verifyHubSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  const m = /^([a-z0-9]+)=([0-9a-f]+)$/i.exec(header?.trim() ?? '');
  if (!m || !METHODS.has(m[1]!.toLowerCase())) return false;
  const expected = Buffer.from(hubSignature(secret, body, m[1]!.toLowerCase()).split('=')[1]!, 'hex');
  const given = Buffer.from(m[2]!, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
