import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, freePort, ROOT } from '../helpers/cli.ts';

/** One `huiju web` or `huiju worker` process, started as an operator would. */
export interface RoleProcess {
  role: 'web' | 'worker';
  /** Its HTTP address: a web replica's site, a worker's /healthz. */
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Log lines (JSON) whose msg is `msg`. */
  logged: (msg: string) => Record<string, unknown>[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Start `huiju <role>` on a free port; resolves once its /healthz answers (killed if it never does). */
export async function startRole(role: 'web' | 'worker', env: Record<string, string>, readyWithinMs = 60_000): Promise<RoleProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, role, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`huiju ${role} exited early:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`huiju ${role} did not answer within ${readyWithinMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const logged = (msg: string) =>
    output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .filter((l) => l.msg === msg);
  return {
    role,
    url,
    child,
    output: () => output,
    logged,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
