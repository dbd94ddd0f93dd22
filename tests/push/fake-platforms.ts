/**
 * Local stand-ins for each platform's webhook, written from the platforms' documented contracts (not from huiju's
 * code): what a request must look like, how each signs, and what each answers on success, on a bad signature, when
 * rate limited. `mode` per platform switches the answer: 'ok', 'rate-limited', 'hang' (no answer: a timeout), 'error'.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Platform = 'feishu' | 'dingtalk' | 'wecom' | 'slack' | 'telegram' | 'webhook';
export type Mode = 'ok' | 'rate-limited' | 'hang' | 'error';

export interface Received {
  platform: Platform;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
  /** What the fake answered (a hung request: 'hang'). */
  answered: 'ok' | 'refused' | 'rate-limited' | 'hang' | 'error';
}

export const SECRETS = {
  feishu: 'feishu-secret',
  dingtalk: 'SECdingtalk-secret',
  wecomKey: 'wecom-key-1',
  slackPath: '/services/T000/B000/XXXX',
  telegramToken: '123456:ABC-token',
  telegramChat: '-100777',
  webhook: 'webhook-secret',
};

export interface FakePlatforms {
  url: string;
  received: Received[];
  mode: Record<Platform, Mode>;
  /** Answer the next N requests of a platform with this mode, then go back to `mode`. */
  once(platform: Platform, mode: Mode, times?: number): void;
  /** Release requests held by 'hang'. */
  releaseHung(): void;
  /** The channel config block for each platform, pointing here. */
  channel(platform: Platform, id?: string, extra?: Record<string, unknown>): Record<string, unknown>;
  close(): Promise<void>;
}

const within = (ms: number, t: number) => Math.abs(Date.now() - t) <= ms;

export async function startFakePlatforms(): Promise<FakePlatforms> {
  const received: Received[] = [];
  const mode: Record<Platform, Mode> = { feishu: 'ok', dingtalk: 'ok', wecom: 'ok', slack: 'ok', telegram: 'ok', webhook: 'ok' };
  const queued: Partial<Record<Platform, Mode[]>> = {};
  const hung: ServerResponse[] = [];

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  function platformOf(url: URL): Platform | null {
    if (url.pathname.startsWith('/open-apis/bot/v2/hook/')) return 'feishu';
    if (url.pathname === '/robot/send') return 'dingtalk';
    if (url.pathname === '/cgi-bin/webhook/send') return 'wecom';
    if (url.pathname.startsWith('/services/')) return 'slack';
    if (url.pathname.startsWith('/bot')) return 'telegram';
    if (url.pathname === '/hook') return 'webhook';
    return null;
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const platform = platformOf(url);
    if (!platform || req.method !== 'POST') return json(res, 404, { error: 'not found' });
    let parsed: any = null;
    try {
      parsed = JSON.parse(body);
    } catch {
      // Each platform below answers a body that is not JSON as its own error.
    }
    const m = queued[platform]?.shift() ?? mode[platform];
    const record = (answered: Received['answered']) => received.push({ platform, url: req.url ?? '', headers: req.headers, body, json: parsed, answered });
    const reply = (answered: Received['answered'], send: () => void) => {
      record(answered);
      send();
    };
    if (m === 'hang') {
      record('hang');
      hung.push(res);
      return;
    }
    switch (platform) {
      case 'feishu': {
        // Signature: base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")), timestamp in seconds, ±1 hour.
        const ts = Number(parsed?.timestamp);
        const sign = createHmac('sha256', `${parsed?.timestamp}\n${SECRETS.feishu}`).update('').digest('base64');
        if (!parsed || !['text', 'post', 'interactive'].includes(parsed.msg_type)) return reply('refused', () => json(res, 200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} }));
        if (!within(3600_000, ts * 1000) || parsed.sign !== sign) return reply('refused', () => json(res, 200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} }));
        if (m === 'rate-limited') return reply('rate-limited', () => json(res, 200, { code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]', data: {} }));
        if (m === 'error') return reply('error', () => json(res, 500, { code: 9499, msg: 'Bad Request' }));
        return reply('ok', () => json(res, 200, { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }));
      }
      case 'dingtalk': {
        // Signature: urlEncode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))), timestamp in ms.
        const ts = url.searchParams.get('timestamp') ?? '';
        const expected = createHmac('sha256', SECRETS.dingtalk).update(`${ts}\n${SECRETS.dingtalk}`).digest('base64');
        if (url.searchParams.get('access_token') !== 'dt-token') return reply('refused', () => json(res, 200, { errcode: 300001, errmsg: 'token is not exist' }));
        if (!within(3600_000, Number(ts)) || url.searchParams.get('sign') !== expected) return reply('refused', () => json(res, 200, { errcode: 310000, errmsg: 'sign not match' }));
        if (!parsed?.msgtype || !parsed[parsed.msgtype]) return reply('refused', () => json(res, 200, { errcode: 40035, errmsg: '缺少参数 json' }));
        if (m === 'rate-limited') return reply('rate-limited', () => json(res, 200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }));
        if (m === 'error') return reply('error', () => json(res, 502, {}));
        return reply('ok', () => json(res, 200, { errcode: 0, errmsg: 'ok' }));
      }
      case 'wecom': {
        if (url.searchParams.get('key') !== SECRETS.wecomKey) return reply('refused', () => json(res, 200, { errcode: 93000, errmsg: 'invalid webhook url' }));
        if (parsed?.msgtype === 'markdown' && Buffer.byteLength(parsed.markdown?.content ?? '') > 4096)
          return reply('refused', () => json(res, 200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' }));
        if (m === 'rate-limited') return reply('rate-limited', () => json(res, 200, { errcode: 45009, errmsg: 'api freq out of limit' }));
        if (m === 'error') return reply('error', () => json(res, 503, {}));
        return reply('ok', () => json(res, 200, { errcode: 0, errmsg: 'ok' }));
      }
      case 'slack': {
        if (url.pathname !== SECRETS.slackPath) return reply('refused', () => res.writeHead(404).end('no_service'));
        if (!parsed || typeof parsed.text !== 'string') return reply('refused', () => res.writeHead(400).end('invalid_payload'));
        if (m === 'rate-limited') return reply('rate-limited', () => res.writeHead(429, { 'retry-after': '7' }).end('rate_limited'));
        if (m === 'error') return reply('error', () => res.writeHead(500).end('internal_error'));
        return reply('ok', () => res.writeHead(200, { 'content-type': 'text/html' }).end('ok'));
      }
      case 'telegram': {
        if (url.pathname !== `/bot${SECRETS.telegramToken}/sendMessage`) return reply('refused', () => json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' }));
        if (String(parsed?.chat_id) !== SECRETS.telegramChat) return reply('refused', () => json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' }));
        if (m === 'rate-limited') return reply('rate-limited', () => json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }));
        if (m === 'error') return reply('error', () => json(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' }));
        return reply('ok', () => json(res, 200, { ok: true, result: { message_id: received.length, chat: { id: Number(SECRETS.telegramChat) }, text: parsed.text } }));
      }
      case 'webhook': {
        // huiju's own documented contract: sha256= hex HMAC of `timestamp.body`, an Idempotency-Key header.
        const ts = String(req.headers['x-huiju-timestamp'] ?? '');
        const expected = `sha256=${createHmac('sha256', SECRETS.webhook).update(`${ts}.${body}`).digest('hex')}`;
        if (req.headers['x-huiju-signature-256'] !== expected || !within(300_000, Number(ts) * 1000)) return reply('refused', () => res.writeHead(401).end('bad signature'));
        if (!req.headers['idempotency-key']) return reply('refused', () => res.writeHead(400).end('no idempotency key'));
        if (m === 'rate-limited') return reply('rate-limited', () => res.writeHead(429, { 'retry-after': '5' }).end());
        if (m === 'error') return reply('error', () => res.writeHead(500).end());
        return reply('ok', () => res.writeHead(204).end());
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const blockFor = (platform: Platform, id: string): Record<string, unknown> => {
    const common = { id, type: platform };
    switch (platform) {
      case 'feishu':
        return { ...common, url: `${base}/open-apis/bot/v2/hook/abc`, secret: SECRETS.feishu };
      case 'dingtalk':
        return { ...common, url: `${base}/robot/send?access_token=dt-token`, secret: SECRETS.dingtalk };
      case 'wecom':
        return { ...common, url: `${base}/cgi-bin/webhook/send?key=${SECRETS.wecomKey}` };
      case 'slack':
        return { ...common, url: `${base}${SECRETS.slackPath}` };
      case 'telegram':
        return { ...common, token: SECRETS.telegramToken, chatId: SECRETS.telegramChat, apiBase: base };
      case 'webhook':
        return { ...common, url: `${base}/hook`, secret: SECRETS.webhook };
    }
  };
  return {
    url: base,
    received,
    mode,
    once(platform, m, times = 1) {
      queued[platform] = [...(queued[platform] ?? []), ...Array(times).fill(m)];
    },
    releaseHung() {
      for (const r of hung.splice(0)) r.destroy();
    },
    channel(platform, id = platform, extra = {}) {
      return { ...blockFor(platform, id), ...extra };
    },
    async close() {
      for (const r of hung.splice(0)) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
