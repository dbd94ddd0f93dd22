import { describe, expect, it } from 'vitest';
import {
  computeFeatures,
  DEFAULT_DEDUP_OPTIONS,
  matchStory,
  type DedupInput,
  type MatchRule,
  type StoryCandidate,
} from '../../src/dedup/index.ts';

const T0 = '2026-04-18T10:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(T0) + h * 3600_000).toISOString();

/** Real 中新网 item (Xinhua wire copy), from eval/dedup/fixtures/chinanews-scroll-news-2026-04-19.xml. */
const WIRE: DedupInput = {
  sourceId: 'chinanews',
  url: 'https://www.chinanews.com.cn/gj/2026/04-19/10606399.shtml',
  title: '英媒称霍尔木兹海峡航运再次停滞',
  text: '新华社伦敦4月18日电(记者高文成)据英国航运媒体《劳埃德船舶日报》报道，霍尔木兹海峡航运18日傍晚再次陷入停滞。此前，无线电通信警告称，伊朗武装部队已恢复对该海峡的“严格管理和控制”。相关海域内多艘船只听到警告，并已得到证实。',
  publishedAt: T0,
};

function stored(input: DedupInput, overrides: Partial<StoryCandidate> = {}): StoryCandidate {
  const f = computeFeatures(input);
  return {
    storyId: 7,
    itemId: 70,
    sourceId: input.sourceId,
    title: input.title,
    canonicalUrl: f.canonicalUrl,
    titleKey: f.titleKey,
    fingerprint: f.fingerprint,
    publishedAt: input.publishedAt,
    snippet: f.snippet,
    ...overrides,
  };
}

function decide(incoming: DedupInput, candidate: StoryCandidate) {
  return matchStory(incoming, computeFeatures(incoming), [candidate], DEFAULT_DEDUP_OPTIONS);
}

const reprint = (o: Partial<DedupInput>): DedupInput => ({ ...WIRE, sourceId: 'other', url: 'https://other.cn/a.html', ...o });

const cases: [name: string, incoming: DedupInput, candidate: StoryCandidate, rule: MatchRule | null][] = [
  ['same canonical URL via tracking params', reprint({ url: `${WIRE.url}?utm_source=wx&from=timeline`, title: '完全不同的新标题用于测试', text: '' }), stored(WIRE), 'canonical-url'],
  ['same canonical URL outside the window', reprint({ url: WIRE.url, title: '完全不同的新标题用于测试', publishedAt: hours(24 * 10) }), stored(WIRE), 'canonical-url'],
  ['same title key with outlet label', reprint({ title: '新华社电｜英媒称霍尔木兹海峡航运再次停滞' }), stored(WIRE), 'title'],
  ['same title in Traditional script', reprint({ title: '英媒稱霍爾木茲海峽航運再次停滯', text: '' }), stored(WIRE), 'title'],
  ['same title, bodies disagree (recurring column)', reprint({ title: '英媒称霍尔木兹海峡航运再次停滞', text: '今日要闻：百度文心一言用户数突破五亿；字节跳动豆包推出视频生成模型；华为昇腾发布新一代AI芯片。' }), stored(WIRE), null],
  ['same title outside the window', reprint({ publishedAt: hours(24 * 3 + 1) }), stored(WIRE), null],
  ['same title at the window edge', reprint({ publishedAt: hours(24 * 3) }), stored(WIRE), 'title'],
  ['rewritten headline, same body', reprint({ title: '劳埃德船舶日报：海峡航运18日傍晚陷入停滞' }), stored(WIRE), 'near-duplicate'],
  ['trimmed summary, headline suffix', reprint({ title: '霍尔木兹海峡航运再次停滞—新华网', text: '据英国航运媒体《劳埃德船舶日报》报道，霍尔木兹海峡航运18日傍晚再次陷入停滞。' }), stored(WIRE), 'near-duplicate'],
  ['different story, same day', reprint({ title: '墨西哥中部一酒吧遭武装袭击致8人死亡', text: '新华社墨西哥城4月18日电(记者吴昊 翟淑睿)墨西哥中部莫雷洛斯州检方18日发布公告说，该州阿亚拉市一家酒吧当天凌晨发生武装袭击事件，造成至少8人死亡。' }), stored(WIRE), null],
  ['near-duplicate outside the window', reprint({ title: '劳埃德船舶日报：海峡航运18日傍晚陷入停滞', publishedAt: hours(-24 * 4) }), stored(WIRE), null],
  ['unparseable date: only the URL rule applies', reprint({ publishedAt: 'not a date' }), stored(WIRE), null],
];

describe('matchStory rules', () => {
  it.each(cases)('%s', (_name, incoming, candidate, rule) => {
    const m = decide(incoming, candidate);
    expect(m?.rule ?? null).toBe(rule);
    if (m) expect({ storyId: m.storyId, matchedItemId: m.matchedItemId }).toEqual({ storyId: 7, matchedItemId: 70 });
  });
});

const tpl = (who: string) =>
  `${who}今天发布新规，明确自2027年1月1日起施行。新规共五章三十条，对相关领域的准入条件、日常监管和法律责任作出规定。`;
const twins: [name: string, a: [string, string], b: [string, string]][] = [
  ['ministry swapped', ['教育部发布新规', tpl('教育部')], ['交通部发布新规', tpl('交通部')]],
  ['province swapped by one character', ['湖北发布暴雨红色预警', tpl('湖北省')], ['湖南发布暴雨红色预警', tpl('湖南省')]],
  ['number swapped', ['DeepSeek发布V3.1模型', tpl('深度求索V3.1')], ['DeepSeek发布V3.2模型', tpl('深度求索V3.2')]],
];

describe('template twins stay apart', () => {
  it.each(twins)('%s', (_name, [ta, xa], [tb, xb]) => {
    const a: DedupInput = { sourceId: 'a', url: null, title: ta, text: xa, publishedAt: T0 };
    const b: DedupInput = { sourceId: 'b', url: null, title: tb, text: xb, publishedAt: hours(1) };
    expect(decide(a, stored(b))).toBeNull();
  });

  it('a synonym swap in the headline is a rewrite, not a twin', () => {
    const a: DedupInput = { sourceId: 'a', url: null, title: '教育部发布新规', text: tpl('教育部'), publishedAt: T0 };
    const b: DedupInput = { ...a, sourceId: 'b', title: '教育部公布新规' };
    expect(decide(a, stored(b))?.rule).toBe('near-duplicate');
  });
});

/** A real headline-less paragraph (科技爱好者周刊 issue 157, 言论; eval/dedup/fixtures/ruanyf-weekly-entries.json): 44 folded characters. */
const QUOTE: DedupInput = { sourceId: 'weekly', url: null, title: '', text: '我总是努力写零外部依赖的代码，多年以后依然可以运行。这是人类对抗熵的战争中， 我所做出的一点贡献。', publishedAt: T0 };

describe('headline-less paragraphs', () => {
  it('an exact copy under a wire label, in Traditional script or full-width merges though the lead is short', () => {
    const at = hours(2);
    expect(decide({ ...QUOTE, sourceId: 'w', title: '新华社电｜', publishedAt: at }, stored(QUOTE))?.rule).toBe('near-duplicate');
    expect(decide({ ...QUOTE, sourceId: 'tw', text: '我總是努力寫零外部依賴的代碼，多年以後依然可以運行。這是人類對抗熵的戰爭中， 我所做出的一點貢獻。', publishedAt: at }, stored(QUOTE))?.rule).toBe('near-duplicate');
    expect(decide({ ...QUOTE, sourceId: 'fw', text: `${QUOTE.text.replace(/ /g, '\u3000')}（责任编辑：王小明）`, publishedAt: at }, stored(QUOTE))?.rule).toBe('near-duplicate');
  });

  it('two headlined items with one short identical lead are left to the headlines', () => {
    const a: DedupInput = { ...QUOTE, title: '零依赖的代码' };
    const b: DedupInput = { ...QUOTE, sourceId: 'b', title: '对抗熵的一点贡献', publishedAt: hours(1) };
    expect(decide(a, stored(b))).toBeNull();
  });

  it('a figure changed by an added digit is a different item (100 → 1000)', () => {
    const a: DedupInput = { ...QUOTE, title: '我国网民日均刷视频时长', text: '国家广电总局发布统计，我国网民日均刷视频约100分钟。这个时长应该已经超过了刷网页的时长。' };
    const b: DedupInput = { ...a, sourceId: 'b', text: '国家广电总局发布统计，我国网民日均刷视频约1000分钟。这个时长应该已经超过了刷网页的时长。', publishedAt: hours(1) };
    expect(decide(a, stored(b))).toBeNull();
  });
});

describe('choosing among candidates', () => {
  it('prefers an exact title over a near-duplicate and reports the item it matched', () => {
    const near = stored(reprint({ title: '劳埃德船舶日报：海峡航运18日傍晚陷入停滞' }), { storyId: 1, itemId: 10 });
    const exact = stored(reprint({}), { storyId: 2, itemId: 20 });
    const m = matchStory(WIRE, computeFeatures(WIRE), [near, exact]);
    expect(m).toEqual({ storyId: 2, matchedItemId: 20, rule: 'title', similarity: 1 });
  });

  it('returns null for no candidates', () => {
    expect(matchStory(WIRE, computeFeatures(WIRE), [])).toBeNull();
  });

  it('falls back to the fingerprint when a stored row has no snippet', () => {
    const { snippet: _s, ...old } = stored(reprint({ title: '劳埃德船舶日报：海峡航运18日傍晚陷入停滞' }));
    const m = decide(WIRE, old);
    expect(m?.rule).toBe('near-duplicate');
    expect(m?.similarity).toBeGreaterThan(0.5);
  });
});

describe('options', () => {
  it('accepts { windowMs } alone, as the pipeline passes it, with the other settings defaulted', () => {
    const near = stored(reprint({ title: '劳埃德船舶日报：海峡航运18日傍晚陷入停滞', publishedAt: hours(2) }));
    expect(matchStory(WIRE, computeFeatures(WIRE), [near], { windowMs: 3600_000 })).toBeNull();
    expect(matchStory(WIRE, computeFeatures(WIRE), [near], { windowMs: 3 * 3600_000 })?.rule).toBe('near-duplicate');
  });
});
