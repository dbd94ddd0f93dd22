import { describe, expect, it } from 'vitest';
import { normaliseBody, normaliseTitle, stripDatelines, titleKey } from '../../src/dedup/index.ts';

const titles: [name: string, input: string, expected: string][] = [
  ['plain', '英媒称霍尔木兹海峡航运再次停滞', '英媒称霍尔木兹海峡航运再次停滞'],
  ['wire prefix 新华社电｜', '新华社电｜英媒称霍尔木兹海峡航运再次停滞', '英媒称霍尔木兹海峡航运再次停滞'],
  ['suffix —新华网', '英媒称霍尔木兹海峡航运再次停滞—新华网', '英媒称霍尔木兹海峡航运再次停滞'],
  ['suffix _新华网', '英媒称霍尔木兹海峡航运再次停滞_新华网', '英媒称霍尔木兹海峡航运再次停滞'],
  ['stacked suffixes', '英媒称霍尔木兹海峡航运再次停滞_科技频道_新华网', '英媒称霍尔木兹海峡航运再次停滞'],
  ['suffix |澎湃新闻', '大模型应该如何卷应用|澎湃新闻', '大模型应该如何卷应用'],
  ['suffix - 新浪科技', '大模型应该如何卷应用 - 新浪科技', '大模型应该如何卷应用'],
  ['【快讯】 tag', '【快讯】英媒称霍尔木兹海峡航运再次停滞', '英媒称霍尔木兹海峡航运再次停滞'],
  ['column prefix with bar', '海报 | 习近平：这件事再难也要想办法解决', '习近平这件事再难也要想办法解决'],
  ['Traditional to Simplified', '英媒稱霍爾木茲海峽航運再次停滯', '英媒称霍尔木兹海峡航运再次停滞'],
  ['full-width letters and digits', 'ＣＢＡ常规赛第４０轮', 'cba常规赛第40轮'],
  ['punctuation and spaces folded', '伊朗：将控制  霍尔木兹海峡通行！', '伊朗将控制霍尔木兹海峡通行'],
  ['a meaningful dash is kept', '中国—东盟翻译传播联盟成立', '中国东盟翻译传播联盟成立'],
  ['short headline with an outlet suffix keeps the headline', '沙发充电插座|澎湃新闻', '沙发充电插座'],
  ['very short headline with an outlet suffix', 'Jan|澎湃新闻', 'jan'],
  ['column prefix and outlet suffix: only the labels go', '海报 | cobalt - 新浪新闻', 'cobalt'],
];

const bodies: [name: string, input: string, expected: string][] = [
  ['Xinhua dateline with reporter', '新华社南京12月22日电（记者张三）江苏今天发布', '江苏今天发布'],
  ['Xinhua dateline, half-width parens', '新华社伦敦4月18日电(记者高文成)据英国航运媒体报道', '据英国航运媒体报道'],
  ['中新网 dateline, spaced credit', '中新网北京4月18日电 (记者 李京统)记者从中国铁路了解到', '记者从中国铁路了解到'],
  ['dateline without credit', '新华社北京4月18日电 土耳其外交部长费丹18日表示', '土耳其外交部长费丹18日表示'],
  ['names in parens after dateline', '中新社曼谷4月18日电 (李映民  刘宇博)泰国总理府副发言人', '泰国总理府副发言人'],
  ['本报讯 with credit', '本报讯（记者 王五）上海今天发布', '上海今天发布'],
  ['本报 dateline', '本报北京8月24日电  （记者冯春梅）全国地方政协工作经验交流会', '全国地方政协工作经验交流会'],
  ['leading tag', '【东盟专线】中国—东盟翻译传播联盟成立', '中国东盟翻译传播联盟成立'],
  ['trailing reporter credit', '导致货车上9人死亡。(总台记者 林曦)', '导致货车上9人死亡'],
  ['trailing editor line', '会议在京召开。责任编辑：王小明', '会议在京召开'],
  ['a word ending in 讯 is content', '华为通讯业务增长', '华为通讯业务增长'],
  ['电 starting a word is content', '4月18日电商平台销售额增长', '4月18日电商平台销售额增长'],
  ['ideographic indent and nbsp entity', '\n　　当地时间18日,&nbsp;伊朗发表声明', '当地时间18日伊朗发表声明'],
];

describe('normaliseTitle', () => {
  it.each(titles)('%s', (_name, input, expected) => expect(normaliseTitle(input)).toBe(expected));
});

describe('normaliseBody (datelines, credits, folding)', () => {
  it.each(bodies)('%s', (_name, input, expected) => expect(normaliseBody(input, 300)).toBe(expected));

  it('cuts to the requested number of characters', () => {
    expect([...normaliseBody('一二三四五六七八九十', 4)].join('')).toBe('一二三四');
  });
});

describe('stripDatelines', () => {
  it('leaves text without a dateline alone', () => {
    expect(stripDatelines('乌克兰总统泽连斯基18日表示')).toBe('乌克兰总统泽连斯基18日表示');
  });
});

describe('titleKey', () => {
  it.each([
    ['short titles give no key', '快讯', ''],
    ['seven characters are still too short', '今日早报一二三', ''],
    ['long titles give the folded title', '新华社电｜英媒称霍尔木兹海峡航运再次停滞', '英媒称霍尔木兹海峡航运再次停滞'],
  ])('%s', (_name, input, expected) => expect(titleKey(input)).toBe(expected));
});
