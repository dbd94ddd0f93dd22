/**
 * npm run eval:dedup — precision and recall of the dedup stage on eval/dedup/tuning.json (the set the thresholds and
 * guards were chosen on) and the holdouts holdout.json, holdout-fresh.json and holdout-v3.json (never tuned on), the failures, and the fingerprint comparison
 * (MinHash band settings vs SimHash) behind FINGERPRINT_PARAMS. Both sets are built by eval/dedup/build-pairs.ts.
 */
import { readFileSync } from 'node:fs';
import { computeFeatures, FINGERPRINT_PARAMS, type FingerprintParams } from '../src/dedup/index.ts';
import { normaliseBody, normaliseTitle } from '../src/dedup/normalise.ts';
import { shingles } from '../src/dedup/shingles.ts';
import { EVAL_OPTIONS, isReachable, score } from '../eval/dedup/evaluate.ts';
import { hammingDistance, simHash64, simHashBands } from '../eval/dedup/simhash.ts';
import type { EvalPair } from '../eval/dedup/types.ts';

const load = (file: string) => JSON.parse(readFileSync(new URL(`../eval/dedup/${file}`, import.meta.url), 'utf8')) as EvalPair[];
const pairs = load('tuning.json');
/** The tuning set scored below: the news pairs and the 科技爱好者周刊 pairs. The fingerprint comparison and the
 * threshold sensitivity further down read the news pairs alone, as they always have. */
const tuning = [...pairs, ...load('tuning-weekly.json')];
const holdout = load('holdout.json');
const fresh = load('holdout-fresh.json');
const v3 = load('holdout-v3.json');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

for (const [name, set] of [['tuning', tuning], ['holdout', holdout], ['holdout-fresh', fresh], ['holdout-v3', v3]] as const) {
  const s = score(set);
  console.log(`${name}: ${set.length} pairs (${s.truePositives + s.falseNegatives} same, ${s.falsePositives + s.trueNegatives} different)`);
  console.log(`  precision ${s.precision.toFixed(4)}  recall ${s.recall.toFixed(4)}  (TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives}, TN ${s.trueNegatives})`);
  const twins = set.filter((p) => p.how.includes('template twin'));
  const twinsMerged = s.failures.filter((f) => f.pair.how.includes('template twin')).length;
  console.log(`  template twins kept apart: ${twins.length - twinsMerged} of ${twins.length}`);
  for (const f of s.failures) {
    const kind = f.pair.label === 'same' ? 'MISSED (false negative)' : 'MERGED (false positive)';
    console.log(`\n  ${kind}: ${f.pair.how}`);
    if (name !== 'tuning') continue; // a holdout's cases are counted, not studied: it is never tuned on
    console.log(`    a: ${short(f.pair.a.title)} | ${short(f.pair.a.text.trim(), 60)}`);
    console.log(`    b: ${short(f.pair.b.title)} | ${short(f.pair.b.text.trim(), 60)}`);
    console.log(`    reachable via index: ${f.reachable}; matcher: ${f.match ? `${f.match.rule} ${f.match.similarity.toFixed(2)}` : 'no match'}`);
  }
  console.log('');
}

const fallback = score(pairs, EVAL_OPTIONS, false);
console.log(
  `\nwithout stored snippets (fingerprint estimate only): precision ${fallback.precision.toFixed(4)}  recall ${fallback.recall.toFixed(4)}  (FP ${fallback.falsePositives}, FN ${fallback.falseNegatives})`,
);
for (const f of fallback.failures) console.log(`  ${f.pair.label === 'same' ? 'missed' : 'merged'}: ${f.pair.how}`);

// ---- fingerprint choice ----------------------------------------------------------------------------------------
const positives = pairs.filter((p) => p.label === 'same');
const negatives = pairs.filter((p) => p.label === 'different');
/** Unrelated real stories: the fair measure of how selective a band is (the handmade twins are alike on purpose).
 * Every pair of ~140 real items: the news feeds plus V2EX, 阮一峰 and 美团技术团队 posts. */
const unrelated: EvalPair[] = (() => {
  const items = new Map<string, EvalPair['a']>();
  for (const p of pairs.filter((x) => x.how.startsWith('real'))) for (const it of [p.a, p.b]) items.set(it.title, it);
  for (const file of ['v2ex-atom.xml', 'ruanyifeng-atom.xml', 'meituan-tech-rss.xml']) {
    const xml = readFileSync(new URL(`../eval/dedup/fixtures/${file}`, import.meta.url), 'utf8');
    for (const [, entry] of xml.matchAll(/<(?:entry|item)>([\s\S]*?)<\/(?:entry|item)>/g)) {
      const field = (name: string) => (new RegExp(`<${name}[^>]*>([\\s\\S]*?)</${name}>`).exec(entry!)?.[1] ?? '');
      const strip = (x: string) => x.replace(/<!\[CDATA\[|\]\]>/g, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
      const title = strip(field('title')).trim();
      items.set(title, { sourceId: file, url: null, title, text: strip(field('content') || field('description') || field('summary')), publishedAt: '2026-04-18T00:00:00.000Z' });
    }
  }
  const list = [...items.values()];
  const out: EvalPair[] = [];
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) out.push({ label: 'different', how: 'unrelated', a: list[i]!, b: list[j]! });
  return out;
})();
const bandShare = <K>(a: readonly K[], b: readonly K[]) => {
  const set = new Set(b);
  return a.some((x) => set.has(x));
};

console.log('\nfingerprint comparison: share of pairs sharing a band. "same": recall of the band lookup over all positives,');
console.log('and over positives whose title keys differ (bands are their only way in); "unrelated": real different stories');
console.log(`of one feed and day and other real posts, ${unrelated.length} pairs (lower = more selective bands: × 10,000 = band
candidates per new item per 10,000 items in the window); "all different" includes the deliberate template twins.`);
const rate = (n: number, d: number) => pct(d === 0 ? 0 : n / d);
const minHashSettings: FingerprintParams[] = [
  { shingleSize: 2, bands: 20, rows: 3, leadChars: 150 },
  { shingleSize: 3, bands: 16, rows: 4, leadChars: 150 },
  { shingleSize: 3, bands: 20, rows: 3, leadChars: 150 },
  { shingleSize: 3, bands: 30, rows: 2, leadChars: 150 },
  { shingleSize: 3, bands: 20, rows: 3, leadChars: 80 },
  { shingleSize: 3, bands: 20, rows: 3, leadChars: 300 },
  { shingleSize: 3, bands: 32, rows: 3, leadChars: 150 },
  { shingleSize: 3, bands: 24, rows: 3, leadChars: 100 },
  { shingleSize: 3, bands: 32, rows: 3, leadChars: 100 },
  { shingleSize: 3, bands: 24, rows: 3, leadChars: 60 },
  { shingleSize: 3, bands: 32, rows: 3, leadChars: 80 },
  { shingleSize: 3, bands: 24, rows: 2, leadChars: 100 },
  { shingleSize: 3, bands: 40, rows: 3, leadChars: 80 },
  { shingleSize: 4, bands: 20, rows: 3, leadChars: 150 },
];
for (const p of minHashSettings) {
  const feats = (x: EvalPair['a']) => computeFeatures(x, EVAL_OPTIONS, p);
  let pos = 0;
  let retitled = 0;
  let retitledHit = 0;
  let posAny = 0;
  for (const pair of positives) {
    const [fa, fb] = [feats(pair.a), feats(pair.b)];
    const hit = bandShare(fa.bands, fb.bands);
    if (hit) pos++;
    if (isReachable(fa, fb)) posAny++;
    if (fa.titleKey !== fb.titleKey && !(fa.canonicalUrl && fa.canonicalUrl === fb.canonicalUrl)) {
      retitled++;
      if (hit) retitledHit++;
    }
  }
  // Stress: every positive's b retitled with another story's headline, so only the body lead can find it.
  let stressed = 0;
  positives.forEach((pair, i) => {
    const other = positives[(i + 7) % positives.length]!.a.title;
    if (bandShare(feats(pair.a).bands, feats({ ...pair.b, title: other }).bands)) stressed++;
  });
  let neg = 0;
  for (const pair of negatives) if (bandShare(feats(pair.a).bands, feats(pair.b).bands)) neg++;
  let unrel = 0;
  for (const pair of unrelated) if (bandShare(feats(pair.a).bands, feats(pair.b).bands)) unrel++;
  const chosen = JSON.stringify(p) === JSON.stringify(FINGERPRINT_PARAMS) ? '  <- chosen' : '';
  console.log(
    `  MinHash n=${p.shingleSize} ${p.bands}x${p.rows} lead ${p.leadChars}: same ${rate(pos, positives.length)} (retitled ${rate(retitledHit, retitled)} of ${retitled}; all retitled ${rate(stressed, positives.length)}; any key ${rate(posAny, positives.length)}), unrelated ${(unrel / unrelated.length * 100).toFixed(2)}%, all different ${rate(neg, negatives.length)}${chosen}`,
  );
}
for (const bands of [4, 8]) {
  for (const n of [2, 3]) {
    const sim = (x: EvalPair['a']) =>
      simHash64(shingles(normaliseTitle(x.title) + [...normaliseBody(x.text, 150)].join(''), n));
    let pos = 0;
    let neg = 0;
    let unrel = 0;
    let hamSum = 0;
    for (const pair of positives) {
      const [ha, hb] = [sim(pair.a), sim(pair.b)];
      hamSum += hammingDistance(ha, hb);
      if (bandShare(simHashBands(ha, bands), simHashBands(hb, bands))) pos++;
    }
    const shares = (pair: EvalPair) => bandShare(simHashBands(sim(pair.a), bands), simHashBands(sim(pair.b), bands));
    for (const pair of negatives) if (shares(pair)) neg++;
    for (const pair of unrelated) if (shares(pair)) unrel++;
    console.log(
      `  SimHash-64 n=${n} ${bands}x${64 / bands} bits: same ${rate(pos, positives.length)}, unrelated ${(unrel / unrelated.length * 100).toFixed(2)}%, all different ${rate(neg, negatives.length)} (mean Hamming of positives ${(hamSum / positives.length).toFixed(1)})`,
    );
  }
}

// ---- threshold sensitivity: how far the chosen thresholds sit from the edges of this set ----------------------
console.log('\nthreshold sensitivity (precision / recall; defaults marked *):');
const knobs = [
  ['minBodySimilarity', [0.6, 0.7, 0.75, 0.8, 0.9]],
  ['strongBodySimilarity', [0.75, 0.8, 0.85, 0.9, 0.95]],
  ['minTitleSimilarity', [0.1, 0.2, 0.3, 0.4, 0.5]],
  ['titleOnlySimilarity', [0.6, 0.7, 0.8, 0.85, 0.9]],
] as const;
for (const [knob, values] of knobs) {
  const cells = values.map((v) => {
    const r = score(pairs, { ...EVAL_OPTIONS, [knob]: v });
    const mark = EVAL_OPTIONS[knob] === v ? '*' : '';
    return `${mark}${v}: ${r.precision.toFixed(3)}/${r.recall.toFixed(3)}`;
  });
  console.log(`  ${knob.padEnd(21)} ${cells.join('  ')}`);
}
