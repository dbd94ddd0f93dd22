import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { ROOT, runCli, tempDir, writeConfig } from '../helpers/cli.ts';

/**
 * bin/huiju.js runs dist/ (scripts/build.mjs, run by `npm ci`) when it is at least as new as src/, and src/ through
 * tsx otherwise. Checked on a copy of the repository, so that the build and the edits made here touch nothing else.
 */
describe('the built CLI (dist/)', () => {
  let app: string;
  let feeds: FixtureServer;
  // Asynchronous (runCli): the fixture server answering the fetches runs in this process.
  const huiju = (...args: string[]) => runCli(args, { cwd: app, bin: join(app, 'bin/huiju.js') });

  beforeAll(async () => {
    app = tempDir('huiju-built-');
    for (const path of ['bin', 'src', 'scripts/build.mjs', 'package.json', 'feeds.json']) cpSync(join(ROOT, path), join(app, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    const built = spawnSync(process.execPath, [join(app, 'scripts/build.mjs')], { cwd: app, encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    feeds = await startFixtureServer({
      '/meituan.xml': { body: fixture('feeds/cn/meituan-tech-rss.xml') },
      '/v2ex.xml': { body: fixture('feeds/cn/v2ex-atom.xml') },
      '/ruanyifeng.xml': { body: fixture('feeds/cn/ruanyifeng-atom.xml') },
    });
  }, 120_000);

  afterAll(() => feeds?.close());

  it('builds every command, the parse worker and the read worker into dist/', () => {
    for (const file of ['cli.mjs', 'parse-worker.mjs', 'read-worker.mjs', 'BUILT']) expect(existsSync(join(app, 'dist', file)), file).toBe(true);
  });

  it('fetches and stores through dist/, parse worker included', async () => {
    // A mark only the built code carries: the run below must print it.
    appendFileSync(join(app, 'dist/cli.mjs'), "\nprocess.stderr.write('ran from dist\\n');\n");
    appendFileSync(join(app, 'dist/parse-worker.mjs'), "\nprocess.stderr.write('parse worker from dist\\n');\n");
    const stamp = join(app, 'dist/BUILT');
    utimesSync(stamp, new Date(), new Date());
    const config = writeConfig(app, {
      sources: ['meituan', 'v2ex', 'ruanyifeng'].map((id) => ({ id, name: id, url: `${feeds.url}/${id}.xml` })),
    });
    const r = await huiju('fetch', '--config', config, '--db', join(app, 'built.db'));
    expect(r.stderr).toContain('ran from dist');
    // Three documents arriving together: the pool reads some on its worker, started from dist/ too.
    expect(r.stderr).toContain('parse worker from dist');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/meituan {2}new 10/);
    expect(r.stdout).toMatch(/v2ex {2}new \d+/);
    expect(r.stdout).toMatch(/ruanyifeng {2}new \d+/);
  }, 90_000);

  it('runs src/ instead once anything under src/ is newer than the build, so an edit is never hidden', async () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(app, 'src/version.ts'), later, later);
    const r = await huiju('--version');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.stderr).not.toContain('ran from dist');
  }, 60_000);
});
