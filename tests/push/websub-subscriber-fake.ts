/**
 * A WebSub subscriber written from the W3C Recommendation's text (§5.1 subscribing, §5.3 verification of intent,
 * §7 content distribution, §8 authenticated content distribution), to test huiju's hub against. Each callback path
 * is one subscription; the test says how it answers.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  path: string;
  body: string;
  contentType: string | undefined;
  link: string | undefined;
  signature: string | undefined;
  /** Whether X-Hub-Signature matched the secret this callback subscribed with (§8). */
  signatureValid: boolean | null;
}

export interface Verification {
  path: string;
  mode: string | null;
  topic: string | null;
  challenge: string | null;
  leaseSeconds: number | null;
}

export interface Callback {
  /** Echo the challenge (true), echo a wrong one, or refuse with 404 (§5.3.1: the subscriber does not agree). */
  verify: 'echo' | 'wrong' | 'refuse';
  /** Status for content pushed here. */
  status: number;
  secret?: string;
}

export async function startSubscriber() {
  const deliveries: Delivery[] = [];
  const verifications: Verification[] = [];
  const callbacks = new Map<string, Callback>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cb = callbacks.get(url.pathname);
    if (!cb) return res.writeHead(404).end();
    if (req.method === 'GET') {
      const q = url.searchParams;
      verifications.push({
        path: url.pathname,
        mode: q.get('hub.mode'),
        topic: q.get('hub.topic'),
        challenge: q.get('hub.challenge'),
        leaseSeconds: q.has('hub.lease_seconds') ? Number(q.get('hub.lease_seconds')) : null,
      });
      if (cb.verify === 'refuse') return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'text/plain' }).end(cb.verify === 'echo' ? q.get('hub.challenge') : 'not-the-challenge');
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const signature = req.headers['x-hub-signature'] as string | undefined;
    let signatureValid: boolean | null = null;
    if (cb.secret) {
      const [method, hex] = (signature ?? '').split('=');
      signatureValid = !!method && !!hex && createHmac(method, cb.secret).update(body).digest('hex') === hex;
    }
    deliveries.push({ path: url.pathname, body: body.toString('utf8'), contentType: req.headers['content-type'], link: req.headers.link as string | undefined, signature, signatureValid });
    res.writeHead(cb.status).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    deliveries,
    verifications,
    /** A callback URL answering as told. */
    callback(path: string, how: Partial<Callback> = {}): string {
      callbacks.set(path, { verify: 'echo', status: 200, ...how });
      return `${base}${path}`;
    },
    set(path: string, how: Partial<Callback>): void {
      callbacks.set(path, { ...callbacks.get(path)!, ...how });
    },
    /** §5.1: a subscription request, form-encoded, to the hub. */
    async request(hub: string, fields: Record<string, string>): Promise<Response> {
      return fetch(hub, { method: 'POST', body: new URLSearchParams(fields) });
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
