import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { compileTagger } from '../../src/tag/index.ts';
import { normaliseTerm } from '../../src/tag/normalise.ts';

// The default taxonomy shipped in feeds.json, on short cases an editor would decide at a glance.
const file = fileURLToPath(new URL('../../feeds.json', import.meta.url));
const config = loadConfig(file);
if (!config.ok) throw new Error('feeds.json does not validate');
const rules = config.config.tags;
const tagger = compileTagger(rules);
const tagsOf = (title: string, text = '') => tagger.tag({ title, text }).map((m) => m.tag).sort();

describe('shape of the default taxonomy', () => {
  it('keeps the ids that outputs and users rely on', () => {
    const ids = rules.map((r) => r.id);
    for (const id of ['ai', 'llm', 'aigc', 'compute', 'embodied', 'autonomous-driving', 'ai-governance', 'ai-funding', 'open-source-models'])
      expect(ids).toContain(id);
  });
  it('hangs every tag under ai', () => {
    const parent = new Map(rules.map((r) => [r.id, r.parent]));
    for (const r of rules) {
      let top = r.id;
      while (parent.get(top)) top = parent.get(top)!;
      expect(top, r.id).toBe('ai');
    }
  });
  it('gives no term both to a tag and to an ancestor it adds up into (one mention would count twice)', () => {
    const byId = new Map(rules.map((r) => [r.id, r]));
    const terms = (id: string) =>
      new Set(byId.get(id)!.keywords.map((k) => normaliseTerm(typeof k === 'string' ? k : k.term).folded));
    // A title-only copy under a sub-tag may share an ancestor's full-weight term: in the title that term tags the
    // ancestor alone (weight × 3 ≥ its threshold), so counting it twice cannot decide anything ('AI 模型' in a title
    // is about the models, llm; in a lead it is ai only).
    const titleOnly = (id: string) =>
      byId.get(id)!.keywords.flatMap((k) => (typeof k === 'object' && k.field === 'title' ? [normaliseTerm(k.term).folded] : []));
    for (const r of rules) {
      if (r.requiresParent) continue;
      const own = terms(r.id);
      for (const t of titleOnly(r.id)) own.delete(t);
      for (let p = r.parent; p; p = byId.get(p)!.requiresParent ? undefined : byId.get(p)!.parent) {
        const shared = [...terms(p)].filter((t) => own.has(t));
        expect(shared, `${r.id} and ${p}`).toEqual([]);
      }
    }
  });
  it('keeps "tags" as the last key of feeds.json, so edits to the other sections merge cleanly', () => {
    const keys = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object);
    expect(keys.at(-1)).toBe('tags');
  });
});

describe('default taxonomy on named cases', () => {
  const cases: [name: string, title: string, text: string, expected: string[]][] = [
    // Latin terms and case
    ['AI手机 counts', '三大厂商同日发布AI手机', '', ['ai']],
    ['AI 芯片 counts for compute', '国产AI 芯片出货量翻番', '', ['ai', 'compute']],
    ['AIGC', '短视频平台上线AIGC创作工具', '', ['ai', 'aigc']],
    ['GenAI in English', 'Banks slow GenAI roll-out', '', ['ai', 'aigc']],
    ['MAIN and SAID in capitals', 'MAIN ROAD CLOSED, POLICE SAID', '', []],
    ['AIDS', 'AIDS cases fall for the fifth year', '', []],
    ['Thai', 'Thai baht weakens', '', []],
    ['the name Ai', 'Ai Weiwei returns to Beijing', '', []],
    ['Agent in English is an agent', 'Border agent detains two', '', []],
    ['Agent in Chinese is an AI agent', '多 Agent 协同框架发布', '', ['ai']],
    ['an English name over a Chinese description is a Chinese item', 'Page Agent', '只要在网页插入这个 JS 库，就可以使用自然语言操作页面。', ['ai']],
    ['an English item stays English', 'Page Agent', 'A travel agent books your pages.', []],
    ['minimax the algorithm', 'Minimax search in chess engines', '', []],
    ['MiniMax the company', 'MiniMax发布新一代语音模型', '', ['ai', 'llm', 'minimax']],
    ['Kimi the racing driver', 'Kimi Antonelli wins in Canada', '', []],
    // Chinese false friends
    ['人工降雨', '多地实施人工降雨', '', []],
    ['人工增雨', '气象部门开展人工增雨作业', '', []],
    ['smart meter', '智能电表改造完成', '', []],
    ['smart watch', '智能手表销量增长', '', []],
    ['smart home', '智能家居展会开幕', '', []],
    ['robot vacuum', '扫地机器人价格战', '', []],
    ['industrial robot', '工业机器人装机量创新高', '', []],
    ['scale model', '航模比赛在京举行', '', []],
    ['model toy', '拼装模型玩具热销', '', []],
    ['car chips', '汽车芯片供应紧张', '', []],
    ['bitcoin hash rate', '比特币全网算力创新高', '', []],
    ['aircraft autopilot', '客机自动驾驶仪故障', '', []],
    ['deep learning as pedagogy', '课堂改革促进学生深度学习', '', []],
    ['a bun called 豆包', '东北粘豆包热销', '', []],
    ['文心雕龙', '《文心雕龙》研讨会举行', '', []],
    ['margin trading', '融资融券余额回升', '', []],
    // Positives
    ['人工智能', '人工智能赋能千行百业', '', ['ai']],
    ['Traditional script with Taiwan terms', '人工智慧晶片需求強勁', '', ['ai', 'compute']],
    ['书生·浦语 with a middle dot', '书生·浦语3.0发布', '', ['ai', 'internlm', 'llm']],
    ['书生浦语 without', '书生浦语开源', '', ['ai', 'internlm', 'llm', 'open-source-models']],
    ['DeepSeek', 'DeepSeek发布新模型', '', ['ai', 'deepseek', 'llm']],
    ['深度求索', '深度求索发布新模型', '', ['ai', 'deepseek', 'llm']],
    ['月之暗面', '月之暗面发布Kimi K2', '', ['ai', 'kimi', 'llm']],
    ['通义千问', '通义千问新版上线', '', ['ai', 'llm', 'qwen']],
    ['文心一言', '文心一言用户数破亿', '', ['ai', 'ernie', 'llm']],
    ['豆包大模型', '豆包大模型降价', '', ['ai', 'doubao', 'llm']],
    ['智谱', '智谱发布GLM-4.5', '', ['ai', 'llm', 'zhipu']],
    ['阶跃星辰', '阶跃星辰发布Step-3', '', ['ai', 'llm', 'stepfun']],
    ['百川智能', '百川智能发布医疗大模型', '', ['ai', 'baichuan', 'llm']],
    ['零一万物', '零一万物调整战略', '', ['01-ai', 'ai', 'llm']],
    ['商汤日日新', '商汤发布日日新V6', '', ['ai', 'sensetime']],
    ['讯飞星火', '讯飞星火X1发布', '', ['ai', 'iflytek']],
    ['humanoid robots', '人形机器人半程马拉松鸣枪', '', ['ai', 'embodied']],
    ['robotaxi', '萝卜快跑扩大无人驾驶运营范围', '', ['ai', 'autonomous-driving']],
    ['compute', '智算中心建设提速', '', ['ai', 'compute']],
    ['AI governance needs AI', '网信办发布生成式人工智能服务备案信息', '', ['ai', 'ai-governance', 'aigc']],
    ['governance words alone are not AI', '网信办开展清朗专项行动', '', []],
    ['AI funding needs AI', '人工智能初创公司完成数亿元融资', '', ['ai', 'ai-funding']],
    ['funding words alone are not AI', '新能源企业完成数亿元融资', '', []],
    ['open-source model', '大模型权重全部开源', '', ['ai', 'llm', 'open-source-models']],
    ['open-source software in a non-AI story', '数据库项目宣布开源', '', []],
  ];
  it.each(cases)('%s', (_name, title, text, expected) => {
    expect(tagsOf(title, text)).toEqual(expected);
  });
});
