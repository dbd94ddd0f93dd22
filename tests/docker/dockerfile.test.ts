import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, tempDir, waitFor } from '../helpers/cli.ts';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { commandOf, isIgnored, parseCopy, parseDockerfile, parseEnv, type Instruction } from './dockerfile.ts';

const instructions = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const lastStage = Math.max(...instructions.map((i) => i.stage));
const runtime = instructions.filter((i) => i.stage === lastStage);
const builder = instructions.filter((i) => i.stage < lastStage);
const one = (list: Instruction[], op: string) => list.filter((i) => i.op === op);
const ENV = Object.assign({}, ...one(runtime, 'ENV').map((i) => parseEnv(i.args))) as Record<string, string>;
const WORKDIR = one(runtime, 'WORKDIR').at(-1)?.args ?? '/';

describe('the Dockerfile, read against issue 9', () => {
  it('is multi-stage on node:20-slim, with the native toolchain only in the builder', () => {
    const froms = one(instructions, 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^node:20-slim\b/);
    expect(one(builder, 'RUN').map((i) => i.args).join('\n')).toMatch(/python3.*make.*g\+\+/);
    expect(one(runtime, 'RUN').map((i) => i.args).join('\n')).not.toMatch(/g\+\+|build-essential/);
    expect(one(runtime, 'COPY').some((i) => parseCopy(i.args).flags.some((f) => f.startsWith('--from=')))).toBe(true);
  });

  it('runs as a non-root user, keeps its data on a volume, listens on every interface and checks /healthz', () => {
    const user = one(runtime, 'USER').at(-1)?.args;
    expect(user).toBeTruthy();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(one(runtime, 'VOLUME').map((i) => i.args).join(' ')).toContain('/app/data');
    expect(ENV).toMatchObject({ HOST: '0.0.0.0' });
    expect(ENV.HUIJU_DB).toMatch(/^\/app\/data\//);
    expect(ENV.HUIJU_CONFIG).toMatch(/^\/app\/.*feeds\.json$/);
    expect(one(runtime, 'HEALTHCHECK').at(-1)?.args).toMatch(/\/healthz/);
    expect(commandOf(one(runtime, 'CMD').at(-1)!.args)).toContain('serve');
  });

  it('keeps the build context small: .dockerignore excludes dependencies, data, tests and git', () => {
    for (const path of ['node_modules', 'data/huiju.db', '.git', 'tests/e2e/serve.test.ts', 'huiju.db', 'huiju.db-wal']) {
      expect(isIgnored(ignore, path), path).toBe(true);
    }
    expect(isIgnored(ignore, 'dist/cli.mjs'), 'dist/cli.mjs: built in the image, never copied from the host').toBe(true);
    for (const path of ['package.json', 'package-lock.json', 'scripts/build.mjs', 'bin/huiju.js', 'src/cli.ts', 'feeds.json']) {
      expect(isIgnored(ignore, path), path).toBe(false);
    }
  });
});

/**
 * No Docker engine here: replay the builder's COPY and `npm ci` steps in a temp directory (standing for /app), then
 * start the image's CMD with its ENV, its paths mapped into that directory, and run its HEALTHCHECK.
 */
describe('the Dockerfile’s build and start steps, outside Docker', () => {
  let app: string;
  let feeds: FixtureServer;
  const toLocal = (path: string) => path.replace(new RegExp(`^${WORKDIR}(?=/|$)`), app);

  beforeAll(async () => {
    app = tempDir('huiju-docker-app-');
    for (const step of builder) {
      if (step.op === 'COPY') {
        const { sources, dest } = parseCopy(step.args);
        for (const src of sources) {
          const target = sources.length > 1 || dest.endsWith('/') ? join(app, dest, src) : join(app, dest);
          cpSync(join(ROOT, src), target, {
            recursive: true,
            filter: (from) => from === join(ROOT, src) || !isIgnored(ignore, relative(ROOT, from)),
          });
        }
      } else if (step.op === 'RUN' && !/apt-get|chown|useradd|adduser/.test(step.args)) {
        // OS packages and ownership need Docker's root; the rest runs as written, with npm offline (from its cache)
        // and the native addon compiled here, since no prebuilt binary can be downloaded.
        const r = spawnSync('/bin/sh', ['-c', step.args], {
          cwd: app,
          encoding: 'utf8',
          env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_build_from_source: 'true' },
        });
        if (r.status !== 0) throw new Error(`RUN ${step.args} failed:\n${r.stdout}\n${r.stderr}`);
      }
    }
    feeds = await startFixtureServer({ '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') } });
  }, 240_000);

  afterAll(() => feeds?.close());

  it('installs production dependencies only, with better-sqlite3 built for this Node', () => {
    expect(existsSync(join(app, 'bin/huiju.js'))).toBe(true);
    expect(existsSync(join(app, 'dist/BUILT'))).toBe(true); // the CLI runs as plain JavaScript
    expect(existsSync(join(app, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/pino-pretty'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/better-sqlite3/deps'))).toBe(false); // build leftovers removed
    expect(existsSync(join(app, 'tests'))).toBe(false);
    const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], { cwd: app });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('runs on a terminal too (`docker run -it`, `docker exec -it … huiju check`): readable logs need no devDependency', async () => {
    const config = join(app, 'tty-feeds.json');
    writeFileSync(config, JSON.stringify({ sources: [{ id: 'meituan', name: '美团技术团队', url: `${feeds.url}/meituan.xml` }] }));
    const command = `'${process.execPath}' bin/huiju.js fetch --config '${config}' --db '${join(app, 'tty.db')}'`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: app, env: { ...process.env, LOG_LEVEL: 'info', NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    expect(await new Promise((resolve) => child.on('close', resolve)), out).toBe(0);
    expect(out).toMatch(/INFO.*fetched/);
    expect(out).toMatch(/meituan {2}new 10/);
  }, 90_000);

  it('starts with the image’s ENV and CMD, reads a mounted feeds.json, answers /healthz and passes its HEALTHCHECK', async () => {
    const port = await freePort();
    const env: Record<string, string> = { ...process.env, LOG_LEVEL: 'info' };
    for (const [k, v] of Object.entries(ENV)) env[k] = toLocal(v);
    env.PORT = String(port); // 8080 may be taken on this machine
    // The operator's feeds.json, "mounted" where HUIJU_CONFIG points.
    mkdirSync(join(env.HUIJU_CONFIG!, '..'), { recursive: true });
    writeFileSync(env.HUIJU_CONFIG!, JSON.stringify({ sources: [{ id: 'meituan', name: '美团技术团队', url: `${feeds.url}/meituan.xml` }] }));

    const [cmd, ...args] = commandOf(one(runtime, 'CMD').at(-1)!.args);
    const child = spawn(cmd === 'node' ? process.execPath : cmd!, args, { cwd: toLocal(WORKDIR), env });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    child.stdout.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const sources = await waitFor(async () => {
        if (child.exitCode !== null) throw new Error(`huiju exited early:\n${output}`);
        const res = await fetch(`http://127.0.0.1:${port}/api/sources`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
        const list = res?.ok ? ((await res.json()) as { id: string; status: string; itemCount: number }[]) : null;
        return list?.every((s) => s.status !== 'pending') && list;
      }, 60_000).catch((err: Error) => {
        throw new Error(`${err.message}; huiju said:\n${output}`);
      });
      expect(sources).toEqual([expect.objectContaining({ id: 'meituan', status: 'ok', itemCount: 10 })]);
      expect(output).toMatch(/"url":"http:\/\/0\.0\.0\.0:\d+\/"/);
      expect(((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string }).status).toBe('ok');
      expect(existsSync(env.HUIJU_DB!)).toBe(true); // on the data volume

      const [hcCmd, ...hcArgs] = commandOf(one(runtime, 'HEALTHCHECK').at(-1)!.args);
      const healthcheck = (e: Record<string, string>) =>
        new Promise<number | null>((resolve) => {
          const hc = spawn(hcCmd === 'node' ? process.execPath : hcCmd!, hcArgs, { cwd: toLocal(WORKDIR), env: e });
          hc.on('exit', (code) => resolve(code));
        });
      expect(await healthcheck(env)).toBe(0);
      // …and it can fail: pointed at a port where nothing listens, it reports unhealthy.
      expect(await healthcheck({ ...env, PORT: String(await freePort()) })).not.toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM'); // what `docker stop` sends
    }
    expect(await exited).toBe(0);
  }, 90_000); // a cold start compiles every source file with tsx: slow when the machine is busy
});
