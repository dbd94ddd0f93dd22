import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ListenError, listenErrorMessage } from '../../src/http/server.ts';
import { freePort, runCli, tempDir, writeConfig } from '../helpers/cli.ts';

/** `huiju serve` that cannot listen must say why and exit non-zero, not log "huiju is serving" and carry on. */
describe('huiju serve when it cannot listen', () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    blocker = undefined;
  });

  const serve = (args: string[]) => {
    const dir = tempDir('huiju-listen-');
    // No sources: nothing to fetch, so only the listening can go wrong.
    return runCli(['serve', '--config', writeConfig(dir, { sources: [] }), '--db', join(dir, 'huiju.db'), ...args], {
      env: { LOG_LEVEL: 'info' },
    });
  };

  it('exits non-zero and names the port when it is already in use', async () => {
    const port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(port, '127.0.0.1', resolve));
    const r = await serve(['--port', String(port)]);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(r.stderr).not.toMatch(/huiju is serving/);
  });

  it('exits non-zero and names the address when this machine does not have it', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never configured on a real interface.
    const r = await serve(['--port', String(await freePort()), '--host', '192.0.2.1']);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/cannot listen on 192\.0\.2\.1: this machine has no such address/);
    expect(r.stderr).not.toMatch(/huiju is serving/);
  });
});

describe('listenErrorMessage', () => {
  const err = (code: string) => Object.assign(new Error(`listen ${code}`), { code });
  it.each<[string, RegExp]>([
    ['EADDRINUSE', /^port 8081 on 127\.0\.0\.1 is already in use/],
    ['EACCES', /^no permission to listen on port 8081 on 127\.0\.0\.1/],
    ['EADDRNOTAVAIL', /^cannot listen on 127\.0\.0\.1: this machine has no such address/],
    ['ENOTFOUND', /^cannot listen on 127\.0\.0\.1: no such host/],
    ['EWHATEVER', /^cannot listen on 127\.0\.0\.1:8081: listen EWHATEVER/],
  ])('%s', (code, message) => {
    expect(listenErrorMessage(err(code), '127.0.0.1', 8081)).toMatch(message);
  });

  it('is what a ListenError says', () => {
    expect(new ListenError(err('EADDRINUSE'), '0.0.0.0', 80).message).toMatch(/^port 80 on 0\.0\.0\.0 is already in use/);
  });
});
