/**
 * npx tsx eval/tags/bench-cost.ts [rounds] [other checkout]: microseconds per item of tagging the tuning set, the rules
 * alone against the rules with the learned check (src/tag/model.ts), and, given another checkout's directory, its
 * shipped tagger too (its rules and model: main before the round); interleaved rounds, medians of wall and CPU time (docs/tag-eval.md).
 * Each round tags every item 10 times; the first round warms up and is not counted. ONLY=<name> times one of them;
 * READ=1 tags only the items the model reads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.ts';
import { compileTagger } from '../../src/tag/index.ts';
import type { Tagger } from '../../src/tag/types.ts';
import type { LabelledItem } from './evaluate.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = loadConfig(`${root}feeds.json`);
if (!config.ok) throw new Error('feeds.json does not validate');
const all = JSON.parse(readFileSync(`${root}eval/tags/tuning.json`, 'utf8')) as LabelledItem[];
// `READ=1`: only the items the model reads (ai holds or an AI word of its own), as in a stream of AI news.
const reader = compileTagger(config.config.tags);
const items = process.env.READ ? all.filter((i) => reader.analyse(i).model.length > 0) : all;
const taggers: Record<string, Tagger> = { rules: compileTagger(config.config.tags, null), 'rules + model': compileTagger(config.config.tags) };
const other = process.argv[3];
if (other) {
  // The other checkout's shipped tagger: its engine, its model and its own feeds.json rules (a round that changes the
  // rules is compared with what it replaces), on the same items.
  const mod = (await import(`${other}/src/tag/index.ts`)) as { compileTagger: (rules: unknown) => Tagger };
  const theirs = loadConfig(`${other}/feeds.json`);
  if (!theirs.ok) throw new Error(`${other}/feeds.json does not validate`);
  taggers[other] = mod.compileTagger(theirs.config.tags);
}
const REPEAT = 10;
const ROUNDS = Number(process.argv[2] ?? 9);
// `ONLY=name` keeps one tagger, so that each can be timed in a process of its own (no garbage of the others).
if (process.env.ONLY) for (const k of Object.keys(taggers)) if (k !== process.env.ONLY) delete taggers[k];
const times: Record<string, { wall: number[]; cpu: number[] }> = Object.fromEntries(Object.keys(taggers).map((k) => [k, { wall: [], cpu: [] }]));
let sink = 0;
for (let round = 0; round <= ROUNDS; round++) {
  const names = Object.keys(taggers);
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const tagger = taggers[name]!;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < REPEAT; r++) for (const item of items) sink += tagger.tag(item).length;
    const wall = Number(process.hrtime.bigint() - t0) / 1e3 / (REPEAT * items.length);
    const c = process.cpuUsage(cpu0);
    if (round > 0) {
      times[name]!.wall.push(wall);
      times[name]!.cpu.push((c.user + c.system) / (REPEAT * items.length));
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
for (const [name, t] of Object.entries(times)) {
  console.log(`${name.padEnd(18)} ${median(t.wall).toFixed(2)} µs/item wall, ${median(t.cpu).toFixed(2)} µs/item CPU (median of ${t.wall.length} rounds of ${REPEAT * items.length} items; min wall ${Math.min(...t.wall).toFixed(2)})`);
}
if (sink < 0) console.log(sink);
