/** A real `huiju serve` in its own process, for the scenarios that measure it over HTTP. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { HUIJU_BIN } from './proc.ts';

export async function startServe(config: string, dbFile: string, port: number) {
  const child = spawn(process.execPath, [HUIJU_BIN, 'serve', '--config', config, '--db', dbFile, '--port', String(port)], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`huiju serve exited early:\n${err}`);
    if (Date.now() > deadline) throw new Error(`huiju serve did not answer within 120 s:\n${err}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}


export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
