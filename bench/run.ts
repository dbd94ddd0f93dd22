/**
 * `npm run bench`: run the scenarios, record them in bench/results.json and refresh BENCHMARKS.md.
 *
 *   npm run bench                          everything at full size (≈20 min on 2 cores; the 1M-item database is
 *                                          built once, ≈15 min, and cached in bench/.cache/)
 *   npm run bench -- --quick               small sizes, one run each: a few minutes; prints only, so the recorded
 *                                          full-size figures stay (add --write to record them anyway)
 *   npm run bench -- --only cycle,serve    some scenarios (cycle, pipeline, serve, scaling, bigbatch); the others keep
 *                                          their last recorded figures
 *   npm run bench -- --engines sqlite      one engine only (default: sqlite,postgres, side by side in the same run;
 *                                          PostgreSQL on HUIJU_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres,
 *                                          in databases huiju_bench_* dropped when each scenario ends)
 *   npm run bench -- --serve-items 200000  size of the serving database
 *   npm run bench -- --runs 5              runs per scenario where a median is taken
 *   npm run bench -- --no-write            print only
 *   npm run bench -- --only cycle --no-serve-probe   without `huiju serve`'s start-up cycle under a reader (a check, not
 *                                          a target: it costs one more cold cycle an engine)
 *   npm run bench -- --only cycle --cpu-prof DIR   also write a CPU profile of each cold `huiju fetch` to DIR;
 *                                          summarise it with `node --import tsx bench/lib/profile-top.ts FILE`
 *   npm run bench -- --only cycle --peers newsboat   the peers run beside huiju in the cycle (default: newsboat and
 *                                          FreshRSS, those set up: `sh bench/peers/setup.sh`; `--peers none` for none;
 *                                          `--freshrss-runs 1` runs FreshRSS in the first run only)
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dropLeftoverBenchDatabases, ENGINES, type Engine } from './lib/engines.ts';
import { describeMachine } from './lib/machine.ts';
import { ROOT } from './lib/proc.ts';
import { readResults, writeReport, type Results } from './report.ts';
import { runBigBatchScenario } from './scenarios/big-batch.ts';
import { PEERS, runCycleScenario, type Peer } from './scenarios/cycle.ts';
import { freshRssVersion } from './peers/freshrss.ts';
import { newsboatVersion } from './peers/newsboat.ts';
import { runPipelineScenario } from './scenarios/pipeline.ts';
import { runScalingScenario } from './scenarios/scaling.ts';
import { runServeScenario } from './scenarios/serve.ts';

const SCENARIOS = ['cycle', 'pipeline', 'serve', 'scaling', 'bigbatch'] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    engines: { type: 'string' },
    runs: { type: 'string' },
    'serve-items': { type: 'string' },
    seed: { type: 'string', default: '20261129' },
    'no-write': { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'no-serve-probe': { type: 'boolean', default: false },
    peers: { type: 'string' },
    'freshrss-runs': { type: 'string' },
  },
});

const quick = values.quick!;
const only = (values.only?.split(',').map((s) => s.trim()) ?? [...SCENARIOS]) as Scenario[];
for (const s of only) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario "${s}": use ${SCENARIOS.join(', ')}`);
const engines = (values.engines?.split(',').map((s) => s.trim()) ?? [...ENGINES]) as Engine[];
for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine "${e}": use ${ENGINES.join(', ')}`);
const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
const seed = Number(values.seed);
const log = (line: string) => process.stdout.write(`${line}\n`);
const write = !values['no-write'] && (!quick || values.write!);
const machine = describeMachine();
log(`huiju benchmarks · ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB · Node ${machine.node} · load ${machine.load}${quick ? ' · quick' : ''} · ${engines.join(' + ')}`);
if (engines.includes('postgres')) for (const d of await dropLeftoverBenchDatabases()) log(`(dropped ${d}, left behind by a killed run)`);
// huiju is measured as it ships: the plain JavaScript of dist/ (bin/huiju.js falls back to src/ when dist/ is older).
const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { encoding: 'utf8' });
if (built.status !== 0) throw new Error(`scripts/build.mjs failed:\n${built.stderr}`);

/** Run one scenario, sampling the machine's load meanwhile, and record its result. */
const scenario = async <K extends keyof Results>(key: K, run: () => Promise<NonNullable<Results[K]>['result']>) => {
  const loads: number[] = [];
  const started = { ...describeMachine(), date: new Date().toISOString() };
  const sampler = setInterval(() => loads.push(loadavg()[0]!), 15_000).unref();
  const result = await run().finally(() => clearInterval(sampler));
  const meanLoad = loads.length ? Math.round((loads.reduce((a, b) => a + b, 0) / loads.length) * 10) / 10 : started.load;
  log(`  (load average ${started.load} at start, ${meanLoad} on average over the scenario)`);
  if (!write) return;
  // Read afresh: another run (`--only` another scenario) may have recorded its figures meanwhile.
  const results: Results = readResults();
  results[key] = { machine: { ...started, meanLoad }, quick, result } as Results[K];
  writeReport(results);
};

/** The peers asked for that are set up, with their versions; a missing one is named, not fatal. */
function peerVersions(): Partial<Record<Peer, string>> {
  const asked = values.peers === 'none' ? [] : ((values.peers?.split(',').map((s) => s.trim()) ?? [...PEERS]) as Peer[]);
  const found: Partial<Record<Peer, string>> = {};
  for (const peer of asked) {
    if (!PEERS.includes(peer)) throw new Error(`unknown peer "${peer}": use ${PEERS.join(', ')} or none`);
    const version = peer === 'newsboat' ? newsboatVersion() : freshRssVersion();
    if (version) found[peer] = version;
    else log(`  (${peer} is not set up, so it is left out: sh bench/peers/setup.sh installs it)`);
  }
  return found;
}

if (only.includes('cycle')) {
  log('\n1–2. fetch cycle (cold, warm) beside the floors and the peers, at two sizes');
  await scenario('cycle', () =>
    runCycleScenario({
      seed,
      engines,
      sources: quick ? 100 : 1000,
      smallSources: quick ? 20 : 200,
      itemsPerSource: 50,
      hosts: quick ? 10 : 100,
      runs,
      profileDir: values['cpu-prof'],
      serving: values['no-serve-probe'] ? [] : engines,
      peers: peerVersions(),
      freshRssRuns: values['freshrss-runs'] ? Number(values['freshrss-runs']) : undefined,
      log,
    }),
  );
}
if (only.includes('pipeline')) {
  log('\n3. pipeline overhead');
  await scenario('pipeline', () => runPipelineScenario({ seed, engines, sources: quick ? 100 : 1000, itemsPerSource: 50, runs, log }));
}
if (only.includes('scaling')) {
  log('\n5. scaling and re-tagging');
  const sizes = quick ? { small: 2_000, retagAt: 10_000, large: 20_000, sample: 1_000 } : { small: 10_000, retagAt: 100_000, large: 200_000, sample: 5_000 };
  await scenario('scaling', () => runScalingScenario({ seed, engines, ...sizes, runs: quick ? 1 : Math.min(runs, 2), log }));
}
if (only.includes('serve')) {
  const items = values['serve-items'] ? Number(values['serve-items']) : quick ? 50_000 : 1_000_000;
  log(`\n4. serving ${items.toLocaleString('en')} items`);
  await scenario('serve', () => runServeScenario({ seed, engines, items, connections: 8, durationSeconds: quick ? 3 : 10, log }));
}
if (only.includes('bigbatch')) {
  const sizes = quick ? [2_000, 5_000, 10_000] : [10_000, 25_000, 50_000, 100_000];
  log(`\n6. big batch: one document of ${sizes.map((n) => n.toLocaleString('en')).join(', ')} items`);
  await scenario('bigbatch', () => runBigBatchScenario({ seed, engines, sizes, runs: quick ? 1 : Math.min(runs, 2), serveItems: engines.includes('sqlite') ? (quick ? 10_000 : 100_000) : 0, log }));
}
log(write ? '\ndone: bench/results.json and BENCHMARKS.md updated' : '\ndone (nothing written: full runs record their figures, or pass --write)');
