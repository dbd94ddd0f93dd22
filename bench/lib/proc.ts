import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const HUIJU_BIN = join(ROOT, 'bin', 'huiju.js');
/**
 * The node flags huiju runs with, read from bin/huiju.js's `#!/usr/bin/env -S node …` line (package.json's scripts,
 * the Dockerfile and docker-compose.yml pass the same): the benchmarks and the tests start it as a user's `huiju` does.
 */
export const HUIJU_NODE_FLAGS: string[] = readFileSync(HUIJU_BIN, 'utf8').split('\n', 1)[0]!.split(/\s+/).slice(3);
const TIME = '/usr/bin/time';

export interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** Peak resident set size of the process, MB (from /usr/bin/time -v, else sampled VmHWM). */
  peakRssMb: number | null;
  /** User + system CPU time, ms (from /usr/bin/time -v): steadier than wall time on a shared machine. */
  cpuMs: number | null;
}

function vmHwmKb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Run a command to completion, timing it and recording its peak RSS. */
export function runMeasured(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Measured> {
  const useTime = existsSync(TIME);
  const dir = mkdtempSync(join(tmpdir(), 'huiju-bench-time-'));
  const timeFile = join(dir, 'time.txt');
  const [file, argv] = useTime ? [TIME, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error', ...env } });
    let stdout = '';
    let stderr = '';
    let hwm = 0;
    const sampler = useTime ? null : setInterval(() => (hwm = Math.max(hwm, vmHwmKb(child.pid!) ?? 0)), 50);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (sampler) clearInterval(sampler);
      let peakKb: number | null = hwm || null;
      let cpuMs: number | null = null;
      if (useTime) {
        const report = readFileSync(timeFile, 'utf8');
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
        peakKb = m ? Number(m[1]) : null;
        const user = /User time \(seconds\): ([\d.]+)/.exec(report)?.[1];
        const sys = /System time \(seconds\): ([\d.]+)/.exec(report)?.[1];
        cpuMs = user && sys ? (Number(user) + Number(sys)) * 1000 : null;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, wallMs, cpuMs, peakRssMb: peakKb === null ? null : peakKb / 1024 });
    });
  });
}

/** Start a long-running helper process and wait for its first stdout line (a JSON object). */
export function startHelper<T>(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; info: T; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        try {
          resolve({ child, info: JSON.parse(out.slice(0, nl)) as T, stop });
        } catch (e) {
          reject(e);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${err}`)));
  });
}

/** `node --import tsx FILE …`: how bench scripts run as separate processes. */
export const tsNode = (file: string, ...args: string[]) => ['--import', 'tsx', join(ROOT, file), ...args];
