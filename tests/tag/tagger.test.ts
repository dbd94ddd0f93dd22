import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTagger, TagRuleError, type TagRuleInput } from '../../src/tag/index.ts';

// Small rule set written for these tests, so each case shows one behaviour of the matcher and scorer.
const rules: TagRuleInput[] = [
  {
    id: 'ai',
    label: '人工智能',
    keywords: ['人工智能', { term: 'AI', case: 'exact' }, 'GenAI', 'AIGC', { term: '机器人', weight: 1 }],
    exclude: ['人工降雨', '扫地机器人'],
  },
  { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型', '书生·浦语', { term: 'Qwen' }] },
  { id: 'deepseek', label: 'DeepSeek', parent: 'llm', keywords: ['DeepSeek', '深度求索'] },
  { id: 'compute', label: '算力', parent: 'ai', keywords: ['A100', 'AI芯片'] },
  { id: 'ai-funding', label: 'AI 投融资', parent: 'ai', requiresParent: true, keywords: ['融资'] },
];
const tagger = compileTagger(rules);
const tagsOf = (title: string, text = '') => tagger.tag({ title, text }).map((m) => m.tag).sort();

describe('matching', () => {
  const cases: [name: string, title: string, text: string, expected: string[]][] = [
    ['Chinese term as a substring', '上海人工智能产业规模逾3800亿元', '', ['ai']],
    ['AI on a word boundary in English', 'Why AI startups struggle', '', ['ai']],
    ['AI inside MAIN is not AI', 'MAIN STREET REOPENS', '', []],
    ['AI inside SAID is not AI', 'HE SAID NO', '', []],
    ['AIDS is not AI', 'AIDS conference opens in Durban', '', []],
    ['Thai is not AI', 'Thai election results', '', []],
    ['exact case: the name Ai is not AI', 'Ai Weiwei opens a show', '', []],
    ['AI followed by Chinese counts', 'AI手机销量翻番', '', ['ai']],
    ['AI then a space then Chinese counts', 'AI 芯片出货', '', ['ai', 'compute']],
    ['AIGC is its own term, not AI', 'AIGC 工具上线', '', ['ai']],
    ['GenAI is its own term', 'GenAI adoption grows', '', ['ai']],
    ['full-width Latin is folded', 'ＡＩ芯片大会', '', ['ai', 'compute']],
    ['Traditional script is converted', '人工智慧產業', '', ['ai']],
    ['middle dot, as written', '书生·浦语 2.5 发布', '', ['ai', 'llm']],
    ['no middle dot', '书生浦语开源', '', ['ai', 'llm']],
    ['bullet instead of middle dot', '书生•浦语上线', '', ['ai', 'llm']],
    ['katakana middle dot, traditional', '書生・浦語發佈', '', ['ai', 'llm']],
    ['digits may follow a Latin term', 'Qwen3 上线', '', ['ai', 'llm']],
    ['A100 is not A1000', 'Canon A1000 review', '', []],
    ['exclusion: 人工降雨 is not AI', '多地开展人工降雨作业', '', []],
    ['exclusion: a robot vacuum is not AI', '扫地机器人双十一热销', '', []],
    ['sub-tag implies parent and grandparent', 'DeepSeek 发布新版本', '', ['ai', 'deepseek', 'llm']],
    ['requiresParent: funding without AI is not AI funding', '某乳企完成新一轮融资', '', []],
    ['requiresParent: funding in an AI story', '人工智能公司完成融资', '', ['ai', 'ai-funding']],
  ];
  it.each(cases)('%s', (_name, title, text, expected) => {
    expect(tagsOf(title, text)).toEqual(expected);
  });
});

describe('title vs body weighting', () => {
  const filler = '今天天气晴朗，市民出行。'.repeat(30); // ~360 characters with no keyword
  it('a weak keyword in the title is enough', () => {
    expect(tagsOf('机器人进厂', '')).toEqual(['ai']);
  });
  it('a term named as one entry of a 、 list in the lead is named in passing', () => {
    expect(tagsOf('Infinitum', '开源的 RSS 服务器，支持正文补取、AI 分析、事件归组等功能。')).toEqual([]);
    expect(tagsOf('Infinitum', '开源的 RSS 服务器，用 AI 分析文章。')).toEqual(['ai']);
    expect(tagsOf('Infinitum', '支持正文补取、AI 分析、AI 归组等功能。')).toEqual(['ai']);
  });
  it('a weak keyword once in the lead is not', () => {
    expect(tagsOf('新闻', '机器人进厂')).toEqual([]);
  });
  it('a strong keyword in the lead is enough', () => {
    expect(tagsOf('新闻', '人工智能进厂')).toEqual(['ai']);
  });
  it('a lone strong mention deep in a long body is not enough', () => {
    expect(tagsOf('市民生活', `${filler}人工智能`)).toEqual([]);
  });
  it('two deep mentions are', () => {
    expect(tagsOf('市民生活', `${filler}人工智能，人工智能`)).toEqual(['ai']);
  });
  it('a parent adds up the mentions of its sub-tags', () => {
    expect(tagsOf('市民生活', `${filler}人工智能与大模型`)).toEqual(['ai']);
  });
  it('the title scores more than the body', () => {
    const title = tagger.tag({ title: '人工智能', text: '' })[0]!;
    const body = tagger.tag({ title: '', text: '人工智能' })[0]!;
    expect(title.score).toBeGreaterThan(body.score);
  });
});

describe('overlapping terms count once', () => {
  const filler = '今天天气晴朗，市民出行。'.repeat(30);
  const overlapping = compileTagger([
    { id: 'ai', label: 'AI', keywords: ['人工智能', { term: 'AI', case: 'exact' }] },
    { id: 'llm', label: 'LLM', parent: 'ai', keywords: ['GPT', 'GPT-4', 'GPT-4o'] },
    { id: 'compute', label: '算力', parent: 'ai', keywords: ['AI芯片'] },
    { id: 'gov', label: '治理', parent: 'ai', requiresParent: true, keywords: ['人工智能服务管理办法'] },
  ]);
  const tags = (title: string, text: string) => overlapping.tag({ title, text }).map((m) => m.tag).sort();
  it('GPT-4o deep in the body is one mention, not three', () => {
    expect(tags('市民生活', `${filler}GPT-4o`)).toEqual([]);
  });
  it('the longest term is the evidence', () => {
    const llm = overlapping.tag({ title: 'GPT-4o 发布', text: '' }).find((m) => m.tag === 'llm');
    expect(llm?.evidence.map((e) => ('term' in e ? e.term : e.model))).toEqual(['GPT-4o']);
  });
  it('AI芯片 deep in the body is one mention, not AI plus AI芯片', () => {
    expect(tags('市民生活', `${filler}AI芯片`)).toEqual([]);
  });
  it('two weak terms that overlap on one AI count once: 带有AI功能 is not two mentions', () => {
    const weak = compileTagger([{ id: 'ai', label: 'AI', keywords: [{ term: '带有AI', weight: 1 }, { term: 'AI功能', weight: 1 }] }]);
    expect(weak.tag({ title: 'Chaterm', text: '带有 AI 功能的终端工具。' })).toEqual([]);
    expect(weak.tag({ title: 'Chaterm', text: '带有 AI 助手，还有 AI 功能。' }).map((m) => m.tag)).toEqual(['ai']);
  });
  it('a long requiresParent phrase does not hide the parent evidence inside it', () => {
    expect(tags('人工智能服务管理办法发布', '')).toEqual(['ai', 'gov']);
  });
});

describe('crowd: a list of companies is not a story about each', () => {
  const companies = compileTagger([
    { id: 'ai', label: 'AI', keywords: ['人工智能'] },
    { id: 'llm', label: 'LLM', parent: 'ai', keywords: ['大模型'] },
    { id: 'deepseek', label: 'DeepSeek', parent: 'llm', crowd: 3, keywords: ['DeepSeek'] },
    { id: 'kimi', label: 'Kimi', parent: 'llm', crowd: 3, keywords: ['月之暗面'] },
    { id: 'zhipu', label: '智谱', parent: 'llm', crowd: 3, keywords: ['智谱'] },
    { id: 'minimax', label: 'MiniMax', parent: 'llm', crowd: 3, keywords: ['MiniMax'] },
  ]);
  const tags = (title: string, text: string) => companies.tag({ title, text }).map((m) => m.tag).sort();
  it('three firms named in the body of a visit report: none gets its tag, the item stays an AI story', () => {
    expect(tags('美国访问团来华', '访问了 DeepSeek、月之暗面、智谱等公司。')).toEqual(['ai', 'llm']);
  });
  it('two firms named in the body keep their tags', () => {
    expect(tags('美国访问团来华', '访问了 DeepSeek 和月之暗面。')).toEqual(['ai', 'deepseek', 'kimi', 'llm']);
  });
  it('a firm named in the title keeps its tag however many others the body lists', () => {
    expect(tags('DeepSeek 接待访问团', '同行的还有月之暗面、智谱和 MiniMax。')).toEqual(['ai', 'deepseek', 'llm']);
  });
});

describe('context "parent": a weak term counts in full where the item is about its parent', () => {
  const context = compileTagger([
    { id: 'ai', label: 'AI', keywords: [{ term: 'AI', case: 'exact' }, '大模型'] },
    {
      id: 'llm',
      label: 'LLM',
      parent: 'ai',
      keywords: ['大模型', { term: 'Gemini', weight: 1, context: 'parent' }, { term: 'Claude', weight: 1 }],
    },
    { id: 'aigc', label: 'AIGC', parent: 'ai', keywords: ['AI绘画', { term: '文本转语音', weight: 0.5, context: 'parent' }] },
  ]);
  const tags = (title: string, text: string) => context.tag({ title, text }).map((m) => m.tag).sort();
  it('Gemini in the lead of an item that says AI is a model story', () => {
    expect(tags('Chrome 插件', 'Chrome 支持在 Gemini 插件里面使用技能，由 AI 完成任务。')).toEqual(['ai', 'llm']);
  });
  it('Gemini without an AI word stays weak: a zodiac sign is not a model', () => {
    expect(tags('星座运势', '本周 Gemini 运势很好。')).toEqual([]);
  });
  it('a weak term without the option stays weak next to AI', () => {
    expect(tags('rsync', '新版本由 Claude 写成，用 AI 写系统工具引起争论。')).toEqual(['ai']);
  });
  it('the parent must hold on its own words, not through this tag: 大模型 in llm alone backs nothing', () => {
    const own = compileTagger([
      { id: 'ai', label: 'AI', keywords: ['人工智能'] },
      { id: 'llm', label: 'LLM', parent: 'ai', keywords: ['大模型'] },
      { id: 'aigc', label: 'AIGC', parent: 'ai', keywords: [{ term: '文本转语音', weight: 0.5, context: 'parent' }] },
    ]);
    expect(own.tag({ title: 'TTS', text: '基于大模型的文本转语音工具。' }).map((m) => m.tag).sort()).toEqual(['ai', 'llm']);
  });
  it('generation named by its output: a text-to-speech tool is aigc in an AI item, nothing without one', () => {
    expect(tags('Kitten TTS', '一个 AI 语音工具，文本转语音。')).toEqual(['ai', 'aigc']);
    expect(tags('EasyVoice', '开源的文本转语音工具。')).toEqual([]);
    expect(tags('文本转语音', '')).toEqual([]);
  });
});

describe('yields: a tag gives way to a much stronger one', () => {
  const yielding = compileTagger([
    { id: 'ai', label: 'AI', keywords: ['人工智能'] },
    { id: 'llm', label: 'LLM', parent: 'ai', keywords: ['Gemini 2', '大模型'], yields: { to: 'aigc', ratio: 2 } },
    { id: 'qwen', label: 'Qwen', parent: 'llm', keywords: ['千问'] },
    { id: 'aigc', label: 'AIGC', parent: 'ai', keywords: ['Nano Banana', '图像生成', '文生图'] },
  ]);
  const tags = (title: string, text: string) => yielding.tag({ title, text }).map((m) => m.tag).sort();
  it('an image model named after its language-model family in the lead is a generation story', () => {
    expect(tags('Nano Banana 的几个妙用', '谷歌发布了图像模型 Gemini 2.5 Flash Image，最先进的图像生成模型。')).toEqual(['ai', 'aigc']);
  });
  it('its sub-tags give way with it: a text-to-image site on 千问 is not a Qwen story', () => {
    expect(tags('免费图像生成器', '免费的文生图网站，用的是千问模型。')).toEqual(['ai', 'aigc']);
  });
  it('keeps its tag when its words are in the title, or when the two are close', () => {
    expect(tags('Gemini 2 的图像生成', '')).toEqual(['ai', 'aigc', 'llm']);
    expect(tags('新闻', '大模型带来了文生图。')).toEqual(['ai', 'aigc', 'llm']);
  });
  it('rejects a tag it yields to that does not exist', () => {
    expect(() => compileTagger([{ id: 'llm', label: 'LLM', keywords: ['大模型'], yields: { to: 'nope', ratio: 2 } }])).toThrow(TagRuleError);
  });
});

describe('duplicate terms', () => {
  it('the same term written twice in a rule counts once', () => {
    const once = compileTagger([{ id: 'a', label: 'A', keywords: ['AI绘画'] }]).tag({ title: 'AI绘画', text: '' });
    const twice = compileTagger([{ id: 'a', label: 'A', keywords: ['AI绘画', 'AI 绘画'] }]).tag({ title: 'AI绘画', text: '' });
    expect(twice[0]!.score).toBe(once[0]!.score);
  });
});

describe('evidence', () => {
  it('names the term, the field and the offset in the text as given', () => {
    const [m] = tagger.tag({ title: '新闻', text: '據報道，人工智慧產業' });
    expect(m).toMatchObject({ tag: 'ai', evidence: [{ term: '人工智能', field: 'text', index: 4 }] });
  });
  it('offsets survive removed middle dots', () => {
    const llm = tagger.tag({ title: '关于 書生·浦語', text: '' }).find((m) => m.tag === 'llm');
    expect(llm?.evidence).toEqual([{ term: '书生·浦语', field: 'title', index: 3 }]);
  });
  it('a parent implied by a sub-tag carries the sub-tag evidence and says so', () => {
    const ai = tagger.tag({ title: '深度求索发布', text: '' }).find((m) => m.tag === 'ai');
    expect(ai).toMatchObject({ via: 'llm', evidence: [{ term: '深度求索', field: 'title', index: 0 }] });
  });
  it('keeps at most five pieces of evidence per tag', () => {
    const text = ['人工智能', 'AI', 'GenAI', 'AIGC', '机器人', '人工智能'].join('，');
    const [m] = tagger.tag({ title: 'AI 人工智能', text });
    expect(m!.evidence.length).toBeLessThanOrEqual(5);
  });
});

describe('version', () => {
  it('is stable for the same rules', () => {
    expect(compileTagger(rules).version).toBe(tagger.version);
  });
  it('changes when a keyword changes', () => {
    const changed = rules.map((r) => (r.id === 'ai' ? { ...r, keywords: [...r.keywords, '机器学习'] } : r));
    expect(compileTagger(changed).version).not.toBe(tagger.version);
  });
  it('changes when a threshold changes', () => {
    const changed = rules.map((r) => (r.id === 'llm' ? { ...r, threshold: 3 } : r));
    expect(compileTagger(changed).version).not.toBe(tagger.version);
  });
});

describe('bad rules', () => {
  const bad: [name: string, rules: TagRuleInput[], message: RegExp][] = [
    ['unknown parent', [{ id: 'x', label: 'X', parent: 'nope', keywords: ['x'] }], /unknown parent "nope"/],
    ['cycle', [
      { id: 'a', label: 'A', parent: 'b', keywords: ['a'] },
      { id: 'b', label: 'B', parent: 'a', keywords: ['b'] },
    ], /its own ancestor/],
    ['duplicate id', [{ id: 'a', label: 'A', keywords: ['a'] }, { id: 'a', label: 'A2', keywords: ['b'] }], /duplicate tag id "a"/],
    ['requiresParent without parent', [{ id: 'a', label: 'A', keywords: ['a'], requiresParent: true }], /needs a "parent"/],
    ['no keywords', [{ id: 'a', label: 'A', keywords: [] }], /tags\[0\.keywords\]/],
    ['unknown keyword option value', [{ id: 'a', label: 'A', keywords: [{ term: 'AI', case: 'upper' as 'exact' }] }], /must be a string, or an object/],
  ];
  it.each(bad)('%s', (_name, input, message) => {
    expect(() => compileTagger(input)).toThrow(TagRuleError);
    expect(() => compileTagger(input)).toThrow(message);
  });
});

describe('any input', () => {
  it('never throws, and evidence points inside the field it names', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('人工智能', '人工智慧', 'AI', 'ＡＩ', '書生·浦語', 'DeepSeek', '扫地机器人', '融资', '…', ' ', '\u0301'),
    );
    const text = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, text, (title, body) => {
        for (const m of tagger.tag({ title, text: body })) {
          for (const e of m.evidence) {
            if (!('term' in e)) continue;
            const field = e.field === 'title' ? title : body;
            expect(e.index).toBeGreaterThanOrEqual(0);
            expect(e.index).toBeLessThan(field.length);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
