/**
 * Two checkouts of huiju serving the same database side by side, loaded in turn, every request a response-cache miss
 * (scenario 4's uncached rows): before/after figures from one run on a shared, noisy machine, as medians of rounds.
 *
 *   node --import tsx bench/serve-ab.ts --db FILE-OR-URL --base /path/to/other/checkout [--rounds 3] [--seconds 10]
 *     [--path '/feed.xml?tag=ai'] … [--cpu-prof DIR]   (a CPU profile of each server, written when it stops)
 *
 * The database is only read. The config is the benchmark's: every source disabled, the shipped tags, no retention.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeSources } from './generate.ts';
import { freePort } from './lib/serve.ts';
import { ROOT } from './lib/proc.ts';
import { median, percentile } from './lib/stats.ts';
import { scratch, shippedTags } from './lib/workspace.ts';
import { STREAM_DEFAULTS } from './stream-ingest.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    base: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    path: { type: 'string', multiple: true },
    'cpu-prof': { type: 'string' },
  },
});
if (!values.db || !values.base) throw new Error('give --db and --base');
const paths = values.path ?? [`/api/items?q=${encodeURIComponent('大模型')}`, '/feed.xml?tag=ai'];

const work = scratch('serve-ab');
const sources = makeSources(STREAM_DEFAULTS.sources).map((s) => ({ id: s.id, name: s.name, url: `http://${s.host}/feed.xml`, enabled: false }));
const config = work.write('feeds.json', { sources, tags: shippedTags(), retention: { days: 365_000 } });

async function serve(root: string, label: string) {
  const port = await freePort();
  const prof = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(values['cpu-prof'], label)] : [];
  const child = spawn(process.execPath, [...prof, join(root, 'bin', 'huiju.js'), 'serve', '--port', String(port), '--config', config, '--db', values.db!], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 300_000; ; ) {
    if (child.exitCode !== null) throw new Error(`${label} exited`);
    if (Date.now() > deadline) throw new Error(`${label} did not start`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stop = () => {
    child.kill('SIGINT');
    return exited;
  };
  return { label, url, cpuMs: () => cpuMs(child.pid!), stop };
}

/** CPU time (user + system) of a process so far, from /proc (Linux): a server's own cost, whatever else loads the machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

let miss = 0;
async function load(url: string) {
  const { pathname, search } = new URL(url);
  const missUntil = () => new Date(Date.UTC(2100, 0, 1) + ++miss * 1000).toISOString();
  const times: number[] = [];
  const inst = autocannon({
    url,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    requests: [{ method: 'GET', setupRequest: (req: { path: string }) => ({ ...req, path: `${pathname}${search}&until=${missUntil()}` }) }],
  });
  let bad = 0;
  inst.on('response', (_c, status, _b, ms) => {
    times.push(ms);
    if (status !== 200) bad++;
  });
  const r = await inst;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), rps: r.requests.average, bad, requests: times.length };
}

const servers = [await serve(values.base, 'before'), await serve(ROOT, 'after')];
try {
  for (const path of paths) {
    // Same bytes from both, ignoring nothing: the change must not alter what is served.
    // (Feeds name their own address, which differs by port: that is put back to one before comparing.)
    const bodies = await Promise.all(
      servers.map((s) => fetch(s.url + path, { headers: { 'accept-encoding': 'identity' } }).then(async (r) => (await r.text()).replaceAll(s.url, 'http://server'))),
    );
    console.log(`${path}: ${bodies[0] === bodies[1] ? 'same body' : 'BODIES DIFFER'} (${bodies[0]!.length} chars)`);
    const runs = new Map<string, { p50: number; p95: number; rps: number; cpu: number }[]>();
    for (let round = 0; round < Number(values.rounds); round++) {
      const order = round % 2 ? [...servers].reverse() : servers;
      for (const s of order) {
        const before = s.cpuMs();
        const l = await load(s.url + path);
        const r = { ...l, cpu: (s.cpuMs() - before) / l.requests };
        (runs.get(s.label) ?? runs.set(s.label, []).get(s.label)!).push(r);
        console.log(`  ${s.label} round ${round + 1}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, ${Math.round(r.rps)} req/s, ${r.cpu.toFixed(2)} ms CPU a request${r.bad ? `, ${r.bad} not 200` : ''}`);
      }
    }
    for (const [label, rs] of runs) {
      const m = (f: (r: (typeof rs)[number]) => number) => median(rs.map(f));
      console.log(`  ${label} median: p50 ${m((r) => r.p50).toFixed(1)} ms, p95 ${m((r) => r.p95).toFixed(1)} ms, ${Math.round(m((r) => r.rps))} req/s, ${m((r) => r.cpu).toFixed(2)} ms CPU a request (the server process)`);
    }
  }
} finally {
  for (const s of servers) await s.stop();
  work.dispose();
}
