/**
 * npm run eval:tags [-- --misses] [-- --bench]
 * Precision and recall of the feeds.json taxonomy on eval/tags/tuning.json (the set the rules were tuned on: per tag)
 * and on the holdouts (labelled before the tagger was run on them, never tuned on: overall only): holdout.json (121
 * items) and holdout-v6.json (688 weekly items, round 5's blind set). The weekly holdouts of rounds 1 to 4 (holdout-v2.json … holdout-v5.json) were folded into the tuning set
 * once their misses had been looked at. --misses lists the tuning set's mistakes; the holdout's are
 * counted only, so nobody tunes on them. --bench also times re-tagging 100,000 items.
 * Each figure is printed for the shipped tagger and for its rules alone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblems, loadConfig } from '../src/config/load.ts';
import { evaluate, overall, type LabelledItem } from '../eval/tags/evaluate.ts';
import { compileTagger } from '../src/tag/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = loadConfig(`${root}feeds.json`);
if (!config.ok) {
  console.error(`feeds.json has problems:\n${formatProblems(config.problems)}`);
  process.exit(1);
}
const load = (file: string) => JSON.parse(readFileSync(`${root}eval/tags/${file}`, 'utf8')) as LabelledItem[];
const items = load('tuning.json');
const holdouts = [['holdout', load('holdout.json')], ['holdout-v6', load('holdout-v6.json')]] as const;
const tags = config.config.tags;
const tagger = compileTagger(tags);
const { figures, misses } = evaluate(tagger, items, tags.map((t) => t.id));

const synthetic = items.filter((i) => i.synthetic).length;
console.log(`tuning: ${items.length} labelled items (${items.length - synthetic} real, ${synthetic} synthetic)\n`);
const pct = (x: number) => x.toFixed(3);
console.log(`${'tag'.padEnd(20)} ${'labelled'.padStart(8)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}  precision  recall`);
for (const f of figures) {
  const labelled = f.truePositives + f.falseNegatives;
  console.log(
    `${f.tag.padEnd(20)} ${String(labelled).padStart(8)} ${String(f.truePositives).padStart(4)} ${String(f.falsePositives).padStart(4)} ${String(f.falseNegatives).padStart(4)}  ${pct(f.precision).padStart(9)}  ${pct(f.recall).padStart(6)}`,
  );
}
const ids = tags.map((t) => t.id);
// The rules alone beside the shipped tagger (rules and the learned check of src/tag/model.ts): the model was trained
// on the tuning set, so its tuning figure is in-sample; eval/tags/cv.ts gives the cross-validated one.
const rulesAlone = compileTagger(tags, null);
for (const [name, set] of [['tuning', items], ...holdouts] as const) {
  for (const [label, t] of [['', tagger], [' (rules alone)', rulesAlone]] as const) {
    const o = overall(evaluate(t, set, ids).figures);
    console.log(`${name.padEnd(10)} ${set.length} items, ${o.truePositives + o.falseNegatives} tags given${label}: precision ${pct(o.precision)}  recall ${pct(o.recall)}  (TP ${o.truePositives}, FP ${o.falsePositives}, FN ${o.falseNegatives})`);
  }
}
if (process.argv.includes('--misses')) {
  console.log('\nmisses:');
  for (const m of misses) console.log(`  ${m.id} ${m.kind === 'false-positive' ? 'FP' : 'FN'} ${m.tag.padEnd(18)} ${m.title}`);
} else if (misses.length > 0) {
  console.log(`\n${misses.length} misses; run with -- --misses to list them`);
}

if (process.argv.includes('--bench')) {
  // 100,000 items, as when the rules change and the whole store is re-tagged: the labelled titles and leads made
  // unique so nothing can be cached, once as they are and once with each body padded by 1,500 characters of real text.
  const corpus = items.map((i) => i.text).join('\n');
  const count = 100_000;
  const run = (label: string, padding: number) => {
    const inputs = Array.from({ length: count }, (_, n) => {
      const item = items[n % items.length]!;
      const start = (n * 7919) % Math.max(1, corpus.length - padding);
      return { title: `${item.title} ${n}`, text: padding ? `${item.text}\n${corpus.slice(start, start + padding)}` : item.text };
    });
    const chars = inputs.reduce((s, i) => s + i.title.length + i.text.length, 0);
    const started = process.hrtime.bigint();
    let tagged = 0;
    for (const input of inputs) tagged += tagger.tag(input).length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `re-tagged ${count.toLocaleString('en')} items, ${label} (${(chars / 1e6).toFixed(0)}M characters, ` +
        `${tagged.toLocaleString('en')} tags) in ${seconds.toFixed(1)} s: ${Math.round(count / seconds).toLocaleString('en')} items/s`,
    );
  };
  console.log('');
  run('title and lead', 0);
  run('body padded to ~1,600 characters', 1500);
}
