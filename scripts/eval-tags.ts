/**
 * npm run eval:tags [-- --misses]
 * Precision and recall per tag of the feeds.json taxonomy on the hand-labelled set in tests/tag/labelled.json.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblems, loadConfig } from '../src/config/load.ts';
import { evaluate, type LabelledItem } from '../src/tag/evaluate.ts';
import { compileTagger } from '../src/tag/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = loadConfig(`${root}feeds.json`);
if (!config.ok) {
  console.error(`feeds.json has problems:\n${formatProblems(config.problems)}`);
  process.exit(1);
}
const items = JSON.parse(readFileSync(`${root}tests/tag/labelled.json`, 'utf8')) as LabelledItem[];
const tags = config.config.tags;
const { figures, misses } = evaluate(compileTagger(tags), items, tags.map((t) => t.id));

const synthetic = items.filter((i) => i.synthetic).length;
console.log(`${items.length} labelled items (${items.length - synthetic} real, ${synthetic} synthetic)\n`);
const pct = (x: number) => x.toFixed(3);
console.log(`${'tag'.padEnd(20)} ${'labelled'.padStart(8)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}  precision  recall`);
for (const f of figures) {
  const labelled = f.truePositives + f.falseNegatives;
  console.log(
    `${f.tag.padEnd(20)} ${String(labelled).padStart(8)} ${String(f.truePositives).padStart(4)} ${String(f.falsePositives).padStart(4)} ${String(f.falseNegatives).padStart(4)}  ${pct(f.precision).padStart(9)}  ${pct(f.recall).padStart(6)}`,
  );
}
if (process.argv.includes('--misses')) {
  console.log('\nmisses:');
  for (const m of misses) console.log(`  ${m.id} ${m.kind === 'false-positive' ? 'FP' : 'FN'} ${m.tag.padEnd(18)} ${m.title}`);
} else if (misses.length > 0) {
  console.log(`\n${misses.length} misses; run with -- --misses to list them`);
}
