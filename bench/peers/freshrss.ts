/**
 * FreshRSS as a peer in the fetch-cycle scenario, run from its CLI with Debian's php-cli and SQLite, as the issue that
 * asked for it made it comparable (bench/peers/setup.sh installs PHP and copies FreshRSS to bench/.cache/peers/):
 *
 *   - a fresh instance a run: `cli/do-install.php --db-type sqlite` in a scratch data directory (DATA_PATH), then
 *     `create-user.php` and `import-for-user.php` with an OPML of the same feeds; `cli/actualize-user.php` is timed,
 *     cold (nothing stored), then warm;
 *   - `ttl_default` 0 and `cache_duration` / `cache_duration_min` 0, so that the warm cycle asks every source again
 *     with conditional GETs instead of skipping it as fresh;
 *   - nothing leaves the machine: FreshRSS also fetches each new feed's favicon and resolves host names, so its
 *     `curl_options` send everything through a proxy on a closed loopback port except 127.0.0.0/8 (NOPROXY), and the
 *     feeds are named by address, never by a name to look up.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runMeasured } from '../lib/proc.ts';
import { CACHE_DIR } from '../lib/workspace.ts';
import { cost, databaseFilesMb, type PeerCycle } from './newsboat.ts';

export const FRESHRSS_DIR = join(CACHE_DIR, 'peers', 'FreshRSS');
const USER = 'bench';

/** FreshRSS's version, or null when it (or PHP) is not set up: run `sh bench/peers/setup.sh` first. */
export function freshRssVersion(): string | null {
  if (!existsSync(join(FRESHRSS_DIR, 'constants.php'))) return null;
  try {
    return execFileSync('php', ['-r', `require '${join(FRESHRSS_DIR, 'constants.php')}'; echo 'FreshRSS ', FRESHRSS_VERSION, ' (PHP ', PHP_VERSION, ')';`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

/** A loopback port nothing listens on: taken from the kernel, then closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function freshRssCycle(feeds: readonly { name: string; url: string }[], dir: string, version: string): Promise<PeerCycle> {
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  cpSync(join(FRESHRSS_DIR, 'data'), data, { recursive: true });
  const proxyPort = await closedPort();
  // Merged shallowly over the defaults at install: `limits` is given whole, the defaults' with three values changed.
  writeFileSync(
    join(data, 'config.custom.php'),
    `<?php
$defaults = include '${join(FRESHRSS_DIR, 'config.default.php')}';
$limits = $defaults['limits'];
$limits['cache_duration'] = 0;
$limits['cache_duration_min'] = 0;
return [
  'limits' => $limits,
  'curl_options' => [
    CURLOPT_PROXYTYPE => CURLPROXY_HTTP,
    CURLOPT_PROXY => '127.0.0.1',
    CURLOPT_PROXYPORT => ${proxyPort},
    CURLOPT_NOPROXY => '127.0.0.0/8',
  ],
];
`,
  );
  writeFileSync(join(data, 'config-user.custom.php'), `<?php\nreturn ['ttl_default' => 0];\n`);
  // A new user gets the feeds of DATA_PATH/opml.xml (else FreshRSS's own defaults, on the internet): none. This
  // version's create-user.php cannot parse its own --no-default-feeds (a PHP TypeError), so this is how to ask.
  writeFileSync(join(data, 'opml.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>none</title></head><body></body></opml>\n');
  const opml = join(dir, 'feeds.opml');
  writeFileSync(
    opml,
    `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>bench</title></head><body>\n${feeds
      .map((f) => `<outline type="rss" text="${escapeXml(f.name)}" xmlUrl="${escapeXml(f.url)}"/>`)
      .join('\n')}\n</body></opml>\n`,
  );
  const env = { DATA_PATH: data };
  const php = async (script: string, ...args: string[]) => {
    const out = await runMeasured('php', [join(FRESHRSS_DIR, 'cli', script), ...args], env);
    if (out.code !== 0) throw new Error(`FreshRSS cli/${script} failed (${out.code}):\n${out.stdout}\n${out.stderr}`);
    return out;
  };
  await php('do-install.php', '--default-user', USER, '--auth-type', 'none', '--db-type', 'sqlite', '--base-url', 'http://127.0.0.1/', '--environment', 'production');
  await php('create-user.php', '--user', USER, '--feed-ttl-default', '0');
  await php('import-for-user.php', '--user', USER, '--filename', opml);
  const cold = await php('actualize-user.php', '--user', USER);
  const file = join(data, 'users', USER, 'db.sqlite');
  const db = new Database(file, { readonly: true });
  const items = (db.prepare('SELECT count(*) AS n FROM entry').get() as { n: number }).n;
  db.close();
  const dbMb = databaseFilesMb(file);
  const warm = await php('actualize-user.php', '--user', USER);
  return { version, cold: { ...cost(cold), items }, warm: cost(warm), dbMb };
}
