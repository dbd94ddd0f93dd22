import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.ts';
import { newDatabase } from '../helpers/store.ts';
import { startFakePlatforms, type FakePlatforms } from './fake-platforms.ts';

let fake: FakePlatforms;
beforeAll(async () => {
  fake = await startFakePlatforms();
});
afterAll(() => fake.close());

describe('huiju notify test ID', () => {
  it('sends a test message through the real CLI, the secret taken from the environment', async () => {
    const dir = tempDir('huiju-notify-');
    const db = await newDatabase();
    try {
      const configFile = writeConfig(dir, {
        outputs: [{ id: 'ai', title: 'AI 要闻', notify: [fake.channel('feishu', 'lark', { secret: { env: 'TEST_FEISHU_SECRET' } })] }],
      });
      const ok = await runCli(['notify', 'test', 'lark', '--config', configFile, '--db', db.location], { env: { TEST_FEISHU_SECRET: 'feishu-secret' } });
      expect(ok).toMatchObject({ code: 0 });
      expect(ok.stdout).toContain('sent a test message to lark (feishu)');
      expect(fake.received.at(-1)).toMatchObject({ platform: 'feishu', answered: 'ok' });
      expect(fake.received.at(-1)!.body).toContain('[测试]');

      const wrong = await runCli(['notify', 'test', 'lark', '--config', configFile, '--db', db.location], { env: { TEST_FEISHU_SECRET: 'not-it' } });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('lark (feishu) refused the test message: 飞书 code 19021');
      expect(wrong.stderr + wrong.stdout).not.toContain('not-it');

      const unset = await runCli(['notify', 'test', 'lark', '--config', configFile, '--db', db.location]);
      expect(unset).toMatchObject({ code: 1, stderr: expect.stringContaining('TEST_FEISHU_SECRET, which is not set') });

      const unknown = await runCli(['notify', 'test', 'nope', '--config', configFile, '--db', db.location]);
      expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/no notify channel "nope" in .*feeds.json; channels: lark/) });
    } finally {
      await db.drop();
    }
  });
});
