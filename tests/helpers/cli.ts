import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUIJU_BIN as BIN, HUIJU_NODE_FLAGS, ROOT } from '../../bench/lib/proc.ts';

// `huiju serve` as a child process is started the same way by the benchmarks; its one copy lives in bench/lib.
export { freePort, startServe, type Served } from '../../bench/lib/serve.ts';
export { BIN, ROOT };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh directory for one test's config and database. */
export function tempDir(prefix = 'huiju-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeConfig(dir: string, config: unknown, name = 'feeds.json'): string {
  const file = join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return file;
}

/** Run the real CLI (`bin/huiju.js`, or another copy's: `bin`) as a user would, in a child process. */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; bin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...HUIJU_NODE_FLAGS, opts.bin ?? BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, LOG_LEVEL: 'error', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Poll until `check` returns a truthy value (for work the service does in the background). */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
