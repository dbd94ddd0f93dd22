/**
 * npm run eval:dedup — precision and recall of the dedup stage on tests/dedup/eval-pairs.json, the failures in
 * detail, and the fingerprint comparison (MinHash band settings vs SimHash) behind FINGERPRINT_PARAMS.
 */
import { readFileSync } from 'node:fs';
import { computeFeatures, FINGERPRINT_PARAMS, type FingerprintParams } from '../src/dedup/index.ts';
import { normaliseBody, normaliseTitle } from '../src/dedup/normalise.ts';
import { shingles } from '../src/dedup/shingles.ts';
import { hammingDistance, simHash64, simHashBands } from '../src/dedup/simhash.ts';
import { EVAL_OPTIONS, isReachable, score } from '../tests/dedup/eval/evaluate.ts';
import type { EvalPair } from '../tests/dedup/eval/types.ts';

const pairs = JSON.parse(readFileSync(new URL('../tests/dedup/eval-pairs.json', import.meta.url), 'utf8')) as EvalPair[];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

const s = score(pairs);
console.log(`pairs: ${pairs.length} (${s.truePositives + s.falseNegatives} same, ${s.falsePositives + s.trueNegatives} different)`);
console.log(`precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  (TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives}, TN ${s.trueNegatives})`);
for (const f of s.failures) {
  const kind = f.pair.label === 'same' ? 'MISSED (false negative)' : 'MERGED (false positive)';
  console.log(`\n${kind}: ${f.pair.how}`);
  console.log(`  a: ${short(f.pair.a.title)} | ${short(f.pair.a.text.trim(), 60)}`);
  console.log(`  b: ${short(f.pair.b.title)} | ${short(f.pair.b.text.trim(), 60)}`);
  console.log(`  reachable via index: ${f.reachable}; matcher: ${f.match ? `${f.match.rule} ${f.match.similarity.toFixed(2)}` : 'no match'}`);
}

// ---- fingerprint choice ----------------------------------------------------------------------------------------
const positives = pairs.filter((p) => p.label === 'same');
const negatives = pairs.filter((p) => p.label === 'different');
const bandShare = (a: string[], b: string[]) => {
  const set = new Set(b);
  return a.some((x) => set.has(x));
};

console.log('\nfingerprint comparison: share of pairs with a shared band (positives: recall of the candidate lookup;');
console.log('negatives: how unselective bands are — lower is better); "any key" adds equal URL / title key.');
const minHashSettings: FingerprintParams[] = [
  { shingleSize: 2, bands: 20, rows: 3, leadChars: 150 },
  { shingleSize: 3, bands: 16, rows: 4, leadChars: 150 },
  { shingleSize: 3, bands: 20, rows: 3, leadChars: 150 },
  { shingleSize: 3, bands: 30, rows: 2, leadChars: 150 },
  { shingleSize: 3, bands: 20, rows: 3, leadChars: 80 },
  { shingleSize: 3, bands: 20, rows: 3, leadChars: 300 },
  { shingleSize: 4, bands: 20, rows: 3, leadChars: 150 },
];
for (const p of minHashSettings) {
  const feats = (x: EvalPair['a']) => computeFeatures(x, EVAL_OPTIONS, p);
  let pos = 0;
  let posAny = 0;
  let neg = 0;
  for (const pair of positives) {
    const [fa, fb] = [feats(pair.a), feats(pair.b)];
    if (bandShare(fa.bands, fb.bands)) pos++;
    if (isReachable(fa, fb)) posAny++;
  }
  for (const pair of negatives) if (bandShare(feats(pair.a).bands, feats(pair.b).bands)) neg++;
  const chosen = JSON.stringify(p) === JSON.stringify(FINGERPRINT_PARAMS) ? '  <- chosen' : '';
  console.log(
    `  MinHash n=${p.shingleSize} ${p.bands}x${p.rows} lead ${p.leadChars}: positives ${pct(pos / positives.length)} (any key ${pct(posAny / positives.length)}), negatives ${pct(neg / negatives.length)}${chosen}`,
  );
}
for (const bands of [4, 8]) {
  for (const n of [2, 3]) {
    const sim = (x: EvalPair['a']) =>
      simHash64(shingles(normaliseTitle(x.title) + [...normaliseBody(x.text, 150)].join(''), n));
    let pos = 0;
    let neg = 0;
    let hamSum = 0;
    for (const pair of positives) {
      const [ha, hb] = [sim(pair.a), sim(pair.b)];
      hamSum += hammingDistance(ha, hb);
      if (bandShare(simHashBands(ha, bands), simHashBands(hb, bands))) pos++;
    }
    for (const pair of negatives) if (bandShare(simHashBands(sim(pair.a), bands), simHashBands(sim(pair.b), bands))) neg++;
    console.log(
      `  SimHash-64 n=${n} ${bands} bands of ${64 / bands} bits: positives ${pct(pos / positives.length)}, negatives ${pct(neg / negatives.length)} (mean Hamming of positives ${(hamSum / positives.length).toFixed(1)})`,
    );
  }
}
