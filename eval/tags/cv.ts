/**
 * npx tsx eval/tags/cv.ts [--k 5] [--fp-cost 1] [--no-veto] [--no-rescue] [--l2 0.02] [--min-count 3] [--per-tag]
 * (--salt S deals the groups into other folds; --without P leaves out the items whose id starts so; --among P
 * scores only those.)
 * npx tsx eval/tags/cv.ts --hold v4-   one fold only: the items whose id starts so (the former holdout-v4, on which
 *                                      round 3's rules, still the rules, ran blind), trained on all the others
 * The honest estimate of the learned check before a new holdout: k-fold cross-validation on the tuning set, folds by
 * weekly issue and by feed file (groupOf), so near-duplicates never sit on both sides. For each fold the model is
 * trained (thresholds by an inner cross-validation) on the other folds and scored on it; the rules alone are scored on
 * the same folds. The rules were tuned on all of the tuning set, so their figure here is their in-sample one.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config/load.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { evaluate, overall, type LabelledItem, type TagFigures } from './evaluate.ts';
import { DEFAULTS, examples, folds, train, type TrainOptions } from './train-model.ts';

const { values } = parseArgs({
  options: {
    k: { type: 'string', default: '5' },
    'fp-cost': { type: 'string' },
    'no-veto': { type: 'boolean' },
    'no-rescue': { type: 'boolean' },
    l2: { type: 'string' },
    'min-count': { type: 'string' },
    'per-tag': { type: 'boolean' },
    hold: { type: 'string' },
    without: { type: 'string' },
    among: { type: 'string' },
    salt: { type: 'string', default: '' },
    'rule-inputs': { type: 'string' },
  },
});
const root = fileURLToPath(new URL('../..', import.meta.url));
const config = loadConfig(`${root}feeds.json`);
if (!config.ok) throw new Error('feeds.json does not validate');
const tags = config.config.tags;
const ids = tags.map((t) => t.id);
const items = (JSON.parse(readFileSync(`${root}eval/tags/tuning.json`, 'utf8')) as LabelledItem[]).filter((i) => !values.without || !i.id.startsWith(values.without));
const o: TrainOptions = {
  ...DEFAULTS,
  ...(values['fp-cost'] ? { fpCost: Number(values['fp-cost']) } : {}),
  ...(values.l2 ? { l2: Number(values.l2) } : {}),
  ...(values['min-count'] ? { minCount: Number(values['min-count']) } : {}),
  ...(values['rule-inputs'] ? { ruleInputs: values['rule-inputs'] as TrainOptions['ruleInputs'] } : {}),
  veto: !values['no-veto'],
  rescue: !values['no-rescue'],
};
const k = values.hold ? 1 : Number(values.k);
const rules = compileTagger(tags, null);
const xs = examples(rules, ids, items);
const fold = values.hold ? xs.map((e) => (e.item.id.startsWith(values.hold!) ? 0 : 1)) : folds(xs, k, values.salt);

const sum = (a: TagFigures[], b: TagFigures[]) =>
  a.map((f, i) => {
    const g = b[i]!;
    const tp = f.truePositives + g.truePositives, fp = f.falsePositives + g.falsePositives, fn = f.falseNegatives + g.falseNegatives;
    return { tag: f.tag, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
  });
let ruleFigures: TagFigures[] | undefined;
let modelFigures: TagFigures[] | undefined;
const started = Date.now();
for (let f = 0; f < k; f++) {
  const model = train(xs.filter((_, i) => fold[i] !== f), o, `cv fold ${f}`);
  // --among P: score only the held items whose id starts so (how the model does on one part of the set).
  const held = items.filter((it, i) => fold[i] === f && (!values.among || it.id.startsWith(values.among)));
  const withModel = evaluate(compileTagger(tags, model), held, ids).figures;
  const alone = evaluate(rules, held, ids).figures;
  ruleFigures = ruleFigures ? sum(ruleFigures, alone) : alone;
  modelFigures = modelFigures ? sum(modelFigures, withModel) : withModel;
  const line = (x: TagFigures[]) => {
    const a = overall(x);
    return `P ${a.precision.toFixed(3)} R ${a.recall.toFixed(3)} (TP ${a.truePositives}, FP ${a.falsePositives}, FN ${a.falseNegatives})`;
  };
  console.log(`fold ${f}: ${held.length} items; rules ${line(alone)}; rules + model ${line(withModel)}; thresholds ${model.tags.map((t) => `${t.tag} ${t.veto}/${t.rescue}`).join(', ')}`);
}
const show = (name: string, x: TagFigures[]) => {
  const a = overall(x);
  console.log(`${name.padEnd(16)} P ${a.precision.toFixed(3)} R ${a.recall.toFixed(3)} (TP ${a.truePositives}, FP ${a.falsePositives}, FN ${a.falseNegatives})`);
  if (values['per-tag']) for (const t of x.filter((t) => t.truePositives + t.falsePositives + t.falseNegatives > 0)) console.log(`  ${t.tag.padEnd(20)} TP ${t.truePositives} FP ${t.falsePositives} FN ${t.falseNegatives}  P ${t.precision.toFixed(3)} R ${t.recall.toFixed(3)}`);
};
console.log(`\n${k}-fold, by group (${new Set(xs.map((e) => e.group)).size} groups), options ${JSON.stringify(o)}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
show('rules alone', ruleFigures!);
show('rules + model', modelFigures!);
