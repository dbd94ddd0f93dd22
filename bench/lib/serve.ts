/**
 * `huiju serve` as a real child process on a free port, for the benchmarks and the tests alike (tests/helpers/cli.ts
 * hands these on): one way to start it, wait for it and stop it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { HUIJU_BIN, HUIJU_NODE_FLAGS, ROOT } from './proc.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Every `huiju serve` started here and still running: killed when this process exits, so a failed run leaks none. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Start `huiju serve` on a free port and wait until /healthz answers; killed if it never does. */
export async function startServe(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; /** How long start-up may take (a large database takes longer). */ readyWithinMs?: number } = {},
): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [...HUIJU_NODE_FLAGS, HUIJU_BIN, 'serve', '--port', String(port), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...opts.env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  // Start-up compiles the sources with tsx first: on a loaded two-core machine that alone can take ten seconds.
  const readyWithinMs = opts.readyWithinMs ?? 30_000;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`huiju serve exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`huiju serve did not answer within ${readyWithinMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
