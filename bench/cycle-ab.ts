/**
 * Two checkouts of huiju, each running scenario 1's cold `huiju fetch` (1,000 loopback sources × 50 items, SQLite) on
 * an empty database, in turn: before/after figures from one run on a shared, noisy machine, as medians of pairs.
 *
 *   node --import tsx bench/cycle-ab.ts --base /path/to/other/checkout [--runs 2] [--sources 1000] [--cpu-prof DIR]
 *     [--newsboat]   (newsboat's cold cycle on the same feeds after each pair: bench/peers/newsboat.ts)
 *
 * Each checkout runs its own dist/ (build both first: `npm run build`). "size" is every file the database left
 * beside itself (the database, its -wal, and any other file named after it).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cycleCorpus, feedPath } from './corpus.ts';
import { newsboatCycle, newsboatVersion } from './peers/newsboat.ts';
import { HUIJU_NODE_FLAGS, ROOT, runMeasured, startHelper, tsNode } from './lib/proc.ts';
import { median } from './lib/stats.ts';
import { scratch, shippedTags } from './lib/workspace.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    runs: { type: 'string', default: '2' },
    sources: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20261129' },
    'cpu-prof': { type: 'string' },
    /** Keep the databases (and the scratch directory) to look at. */
    keep: { type: 'boolean', default: false },
    newsboat: { type: 'boolean', default: false },
  },
});
if (!values.base) throw new Error('give --base');
const seed = Number(values.seed);
const sources = Number(values.sources);
const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const server = await startHelper<{ port: number; feeds: number }>(
  tsNode('bench/feed-server.ts', '--seed', String(seed), '--sources', String(sources), '--items', '50', '--hosts', '100', '--now', now.toISOString()),
);
const work = scratch('cycle-ab');
const feeds = cycleCorpus({ seed, sources, itemsPerSource: 1, hosts: 100, now }).map(({ source }) => ({
  id: source.id,
  name: source.name,
  url: `http://${source.host}:${server.info.port}${feedPath(source.id)}`,
}));
const config = work.write('feeds.json', { sources: feeds, tags: shippedTags() });
const sides = { base: values.base, this: ROOT } as const;
type Row = { wallMs: number; cpuMs: number; rssMb: number; sizeMb: number; items: number };
const rows: Record<keyof typeof sides, Row[]> = { base: [], this: [] };

const sizeMb = (db: string) =>
  readdirSync(dirname(db))
    .filter((f) => f.startsWith(basename(db)))
    .reduce((n, f) => n + statSync(join(dirname(db), f)).size, 0) / 1e6;

try {
  for (let i = 0; i < Number(values.runs); i++) {
    const order = (i % 2 ? ['this', 'base'] : ['base', 'this']) as (keyof typeof sides)[];
    for (const side of order) {
      const db = work.file(`${side}-${i}/huiju.db`);
      const prof = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${join(values['cpu-prof'], side)}`] : [];
      const bin = join(sides[side], 'bin', 'huiju.js');
      if (!existsSync(join(sides[side], 'dist', 'BUILT'))) throw new Error(`${sides[side]} has no dist/: build it`);
      const r = await runMeasured(process.execPath, [...prof, ...HUIJU_NODE_FLAGS, bin, 'fetch', '--config', config, '--db', db]);
      if (r.code !== 0) throw new Error(`${side} failed (${r.code}):\n${r.stderr}`);
      const items = r.stdout.split('\n').reduce((n, l) => n + Number(/ new (\d+)/.exec(l)?.[1] ?? 0), 0);
      const row = { wallMs: r.wallMs, cpuMs: r.cpuMs ?? NaN, rssMb: r.peakRssMb ?? NaN, sizeMb: sizeMb(db), items };
      rows[side].push(row);
      console.log(
        `run ${i + 1} ${side}: ${(row.wallMs / 1000).toFixed(1)} s wall, ${(row.cpuMs / 1000).toFixed(1)} s cpu, ${row.rssMb.toFixed(0)} MB peak, ${row.sizeMb.toFixed(0)} MB on disk, ${items} new`,
      );
      if (!values.keep) work.remove(`${side}-${i}`);
    }
    const version = values.newsboat ? newsboatVersion() : null;
    if (values.newsboat && !version) console.log('newsboat is not installed: sh bench/peers/setup.sh');
    if (version) {
      const nb = await newsboatCycle(feeds.map((f) => f.url), work.file(`newsboat-${i}`), version);
      console.log(`run ${i + 1} newsboat: ${(nb.cold.wallMs / 1000).toFixed(1)} s wall, ${((nb.cold.cpuMs ?? NaN) / 1000).toFixed(1)} s cpu, ${nb.cold.peakRssMb?.toFixed(0)} MB peak, ${nb.dbMb.toFixed(0)} MB on disk, ${nb.cold.items} items`);
      work.remove(`newsboat-${i}`);
    }
  }
  for (const side of ['base', 'this'] as const) {
    const m = (f: (r: Row) => number) => median(rows[side].map(f));
    console.log(
      `median ${side}: ${(m((r) => r.wallMs) / 1000).toFixed(1)} s wall, ${(m((r) => r.cpuMs) / 1000).toFixed(1)} s cpu, ${m((r) => r.rssMb).toFixed(0)} MB peak, ${m((r) => r.sizeMb).toFixed(0)} MB on disk`,
    );
  }
} finally {
  await server.stop();
  if (values.keep) console.log(`kept: ${work.dir}`);
  else work.dispose();
}
