import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifySchema } from '../../src/config/push-schema.ts';
import { resolveChannels, type ResolvedChannel } from '../../src/push/channels.ts';
import { NOTIFIERS } from '../../src/push/notify/index.ts';
import type { NotifyMessage, NotifyStory } from '../../src/push/notify/types.ts';
import { startFakePlatforms, type FakePlatforms, type Platform } from './fake-platforms.ts';

const PLATFORMS: Platform[] = ['feishu', 'dingtalk', 'wecom', 'slack', 'telegram', 'webhook'];

const story = (n: number): NotifyStory => ({
  storyId: n,
  title: `智谱发布新一代大模型 GLM-${n}`,
  url: `https://news.example/${n}.html`,
  outlets: ['机器之心', '量子位', '36氪', '澎湃新闻'],
  tags: ['大模型', '人工智能'],
  publishedAt: '2026-12-07T08:00:00Z',
});
const single: NotifyMessage = { outputTitle: 'AI 要闻', stories: [story(1)], key: 'huiju:t:1:0' };
const digest: NotifyMessage = { outputTitle: 'AI 要闻', stories: Array.from({ length: 60 }, (_, i) => story(i + 1)), key: 'huiju:t:1:0+59' };

let fake: FakePlatforms;
beforeAll(async () => {
  fake = await startFakePlatforms();
});
afterAll(() => fake.close());

function channel(platform: Platform, extra: Record<string, unknown> = {}): ResolvedChannel {
  const n = notifySchema.parse(fake.channel(platform, platform, extra));
  return resolveChannels([{ id: 'ai', title: 'AI 要闻', notify: [n] } as never], {})[0]!;
}

const send = (c: ResolvedChannel, m: NotifyMessage, timeoutMs = 3000) =>
  NOTIFIERS[c.type].send(m, { target: c.target!, fetch, timeoutMs, now: () => new Date() });

const last = () => fake.received.at(-1)!;

describe.each(PLATFORMS)('%s', (platform) => {
  it('is accepted by the platform (signature and shape) and carries headline, outlets, tags and link', async () => {
    expect(await send(channel(platform), single)).toEqual({ ok: true });
    expect(last().answered).toBe('ok');
    const text = last().body;
    // JSON escapes nothing of these: the words are in the request as the platform shows them.
    for (const words of ['智谱发布新一代大模型 GLM-1', '机器之心', '量子位', '大模型', 'https://news.example/1.html']) expect(text).toContain(words);
  });

  it('sends a digest within the platform’s size limit', async () => {
    expect(await send(channel(platform), digest)).toEqual({ ok: true });
    expect(last().answered).toBe('ok');
    expect(last().body).toContain('GLM-1');
  });

  it('reports a rate limit as a wait, not a failure', async () => {
    fake.once(platform, 'rate-limited');
    const outcome = await send(channel(platform), single);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.retryAfterMs).toBeGreaterThan(0);
  });

  it('reports a server error as retryable', async () => {
    fake.once(platform, 'error');
    const outcome = await send(channel(platform), single);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.ok === false && (outcome.retryAfterMs === undefined || platform === 'feishu')).toBe(true);
    expect(outcome.ok === false && outcome.permanent).toBeFalsy();
  });

  it('gives up waiting for a platform that does not answer', async () => {
    fake.once(platform, 'hang');
    const outcome = await send(channel(platform), single, 300);
    fake.releaseHung();
    expect(outcome).toEqual({ ok: false, error: 'no answer within 0.3 s' });
  });
});

describe('signatures the platforms check', () => {
  it.each([
    ['feishu', { secret: 'wrong' }, /飞书 code 19021/],
    ['dingtalk', { secret: 'SECwrong' }, /钉钉 errcode 310000/],
    ['webhook', { secret: 'wrong' }, /webhook: HTTP 401/],
  ] as const)('%s refuses a wrong secret, and huiju says so with the platform’s code', async (platform, extra, message) => {
    const outcome = await send(channel(platform, extra), single);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.error).toMatch(message);
    // The error names the platform's answer, never the address (it carries the robot's token).
    expect(outcome.ok === false && outcome.error).not.toContain('127.0.0.1');
  });

  it('企业微信 refuses an unknown key with 93000', async () => {
    const c = channel('wecom', { url: `${fake.url}/cgi-bin/webhook/send?key=nope` });
    expect(await send(c, single)).toMatchObject({ ok: false, error: expect.stringMatching(/企业微信 errcode 93000/) });
  });

  it('Telegram answers a 429 with parameters.retry_after, which huiju waits out', async () => {
    fake.once('telegram', 'rate-limited');
    expect(await send(channel('telegram'), single)).toMatchObject({ ok: false, retryAfterMs: 3000 });
  });

  it('Slack’s Retry-After header is the wait', async () => {
    fake.once('slack', 'rate-limited');
    expect(await send(channel('slack'), single)).toMatchObject({ ok: false, retryAfterMs: 7000 });
  });

  it('the generic webhook sends the idempotency key', async () => {
    await send(channel('webhook'), single);
    expect(last().headers['idempotency-key']).toBe('huiju:t:1:0');
    expect(last().json).toMatchObject({ type: 'huiju.stories', id: 'huiju:t:1:0', stories: [{ title: '智谱发布新一代大模型 GLM-1' }] });
  });
});

describe('secrets', () => {
  it('read from the environment at the config edge, and never printed', () => {
    const n = notifySchema.parse({ id: 'x', type: 'feishu', url: { env: 'FEISHU_URL' }, secret: { env: 'FEISHU_SECRET' } });
    const [c] = resolveChannels([{ id: 'ai', title: 'AI', notify: [n] } as never], { FEISHU_URL: 'https://open.feishu.cn/open-apis/bot/v2/hook/t0ken', FEISHU_SECRET: 's3cret' });
    expect(c!.target!.secret!.reveal()).toBe('s3cret');
    const printed = `${JSON.stringify(c)} ${String(c!.target!.url)} ${inspect(c, { depth: 9 })}`;
    expect(printed).not.toContain('s3cret');
    expect(printed).not.toContain('t0ken');
  });

  it('an unset environment variable leaves the channel unable to send, saying which', () => {
    const n = notifySchema.parse({ id: 'x', type: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=a', secret: { env: 'NOPE_SECRET' } });
    const [c] = resolveChannels([{ id: 'ai', title: 'AI', notify: [n] } as never], {});
    expect(c!.target).toBeNull();
    expect(c!.problem).toBe('secret names environment variable NOPE_SECRET, which is not set');
  });
});
