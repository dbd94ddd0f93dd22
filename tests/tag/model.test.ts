import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { examples, train } from '../../eval/tags/train-model.ts';
import type { LabelledItem } from '../../eval/tags/evaluate.ts';
import { describeEvidence } from '../../src/tag/explain.ts';
import { compileTagger, SHIPPED_MODEL } from '../../src/tag/index.ts';
import { compileModel, leadGrams, predict, ruleFeatures, type RuleView } from '../../src/tag/model.ts';
import type { ModelEvidence } from '../../src/tag/types.ts';

// The learned check of round 4 (src/tag/model.ts, docs/tag-eval.md): what it changes on the shipped rules, where it
// does not look, and that it explains itself. The items are tuning-set items it was trained on (ids given).
const config = loadConfig(fileURLToPath(new URL('../../feeds.json', import.meta.url)));
if (!config.ok) throw new Error('feeds.json does not validate');
const rules = config.config.tags;
const shipped = compileTagger(rules);
const alone = compileTagger(rules, null);
const tags = (t: typeof shipped, title: string, text: string) => t.tag({ title, text }).map((m) => m.tag);
const tuning = JSON.parse(readFileSync(new URL('../../eval/tags/tuning.json', import.meta.url), 'utf8')) as LabelledItem[];
const item = (id: string) => tuning.find((i) => i.id === id)!;

describe('the learned check on the shipped rules', () => {
  it('rescues generation the rules saw no generation word for (v5-299-11, AI photos of you with a celebrity)', () => {
    const title = 'twogethe.ai';
    const text = '这个网站使用 AI，生成你与名人（或者任意两个人）的合照。';
    expect(tags(alone, title, text)).toEqual(['ai']);
    const aigc = shipped.tag({ title, text }).find((m) => m.tag === 'aigc');
    const note = aigc?.evidence.find((e): e is ModelEvidence => 'model' in e);
    expect(note).toMatchObject({ model: 'aigc', action: 'rescued' });
    expect(note!.p).toBeGreaterThanOrEqual(SHIPPED_MODEL.tags.find((t) => t.tag === 'aigc')!.rescue);
    // No aigc term matched: the note is its only evidence; `ai` holds on "AI" as before.
    expect(describeEvidence(aigc!.evidence)).toMatch(/^the model gave it \(p 0\.\d+\): "生成" in the text \(\+[\d.]+\)/);
  });
  it('vetoes aigc for code written by AI (w393-04, Claude Code\'s source "全部是 AI 生成的")', () => {
    const { title, text } = item('w393-04');
    expect(tags(alone, title, text)).toEqual(['ai', 'llm', 'aigc']);
    expect(tags(shipped, title, text)).toEqual(['ai', 'llm']);
    expect(shipped.analyse({ title, text }).model.find((v) => v.model === 'aigc')?.action).toBe('vetoed');
    // The veto is explained on the tag above it, which still holds.
    const ai = shipped.tag({ title, text }).find((m) => m.tag === 'ai')!;
    expect(describeEvidence(ai.evidence)).toMatch(/"AI生成" in the text at character \d+; the model dropped aigc \(p 0\.\d+\): /);
  });
  it('decides as its explanation says (the fast reading and the training reading agree), on every tuning item it reads', () => {
    let read = 0;
    for (const i of tuning) {
      const verdicts = shipped.analyse(i).model;
      if (verdicts.length === 0) continue;
      read++;
      const got = new Set(shipped.tag(i).map((m) => m.tag));
      for (const v of verdicts) {
        if (v.action === 'rescued') expect(got.has(v.model), `${i.id} ${v.model}`).toBe(true);
        if (v.action === 'vetoed') expect(got.has(v.model), `${i.id} ${v.model}`).toBe(false);
      }
    }
    expect(read).toBeGreaterThan(500);
  });
  it('never reads an item without an AI word of its own, so it cannot tag one', () => {
    for (const [title, text] of [
      ['EasyVoice', '开源的文本转语音工具。'],
      ['文本转语音', ''],
      ['市民生活', '今天天气很好，适合出门。'],
    ] as const) {
      expect(shipped.analyse({ title, text }).model).toEqual([]);
      expect(tags(shipped, title, text)).toEqual([]);
    }
  });
  it('its weights are part of the version, so stored items are re-tagged when it changes', () => {
    expect(shipped.version).not.toBe(alone.version);
    expect(compileTagger(rules, { ...SHIPPED_MODEL, version: 'other' }).version).not.toBe(shipped.version);
    expect(compileTagger(rules).version).toBe(shipped.version);
  });
  it('applies only to the tags it knows: rules without ai, llm or aigc are the rules alone', () => {
    const other = [{ id: 'sport', label: '体育', keywords: ['足球'] }];
    expect(compileTagger(other).version).toBe(compileTagger(other, null).version);
  });
});

describe('the fast reading', () => {
  it('gives the probabilities the training reading gives (model.ts predict over sets), on every tuning item', () => {
    const fast = compileModel(SHIPPED_MODEL.tags);
    const at = new Map(rules.map((r, i) => [r.id, i]));
    let largest = 0;
    for (const i of tuning) {
      const a = alone.analyse(i);
      const held = new Set(a.matches.map((m) => m.tag));
      const views: RuleView[] = SHIPPED_MODEL.tags.map(({ tag }) => {
        const total = a.total[at.get(tag)!]!;
        return { score: total.score, holds: held.has(tag), inTitle: total.evidence.some((e) => e.field === 'title'), terms: total.evidence.map((e) => e.term) };
      });
      const features = ruleFeatures(new Map(SHIPPED_MODEL.tags.map((m, k) => [m.tag, views[k]!])));
      const z = fast.logits(views, a.t, a.b);
      SHIPPED_MODEL.tags.forEach((m, k) => {
        const p = predict(m, leadGrams(a.t, a.b), features).p;
        largest = Math.max(largest, Math.abs(p - 1 / (1 + Math.exp(-z[k]!))));
      });
    }
    expect(largest).toBeLessThan(1e-9);
  });
});

describe('training (eval/tags/train-model.ts)', () => {
  it('is deterministic: the same items give the same weights', () => {
    const items = tuning.filter((i) => i.id.startsWith('v4-33'));
    const xs = examples(alone, rules.map((r) => r.id), items);
    const o = { minCount: 2, l2: 0.002, steps: 20, prune: 0.02, fpCost: 1, innerFolds: 2, veto: true, rescue: true, ruleInputs: 'all' } as const;
    expect(JSON.stringify(train(xs, o))).toBe(JSON.stringify(train(xs, o)));
    expect(train(xs, o).tags.map((t) => t.tag)).toEqual(['ai', 'llm', 'aigc']);
  });
});
