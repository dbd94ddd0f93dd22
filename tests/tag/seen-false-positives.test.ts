/**
 * The wrong tags issue 18 reports, on the real V2EX posts they were seen on (full content, as the pipeline tags it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { compileTagger } from '../../src/tag/index.ts';

const config = loadConfig(fileURLToPath(new URL('../../feeds.json', import.meta.url)));
if (!config.ok) throw new Error('feeds.json does not validate');
const tagger = compileTagger(config.config.tags);

const xml = readFileSync(new URL('../../eval/dedup/fixtures/v2ex-atom.xml', import.meta.url), 'utf8');
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const text = (html: string) => decode(decode(html).replace(/<!\[CDATA\[|\]\]>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const posts = [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map(([, e]) => ({
  title: text(/<title[^>]*>([\s\S]*?)<\/title>/.exec(e!)![1]!),
  text: text(/<content[^>]*>([\s\S]*?)<\/content>/.exec(e!)?.[1] ?? ''),
}));
const post = (words: string) => posts.find((p) => p.title.includes(words))!;
const tagsOf = (words: string) => tagger.tag(post(words)).map((m) => m.tag);

describe('false positives seen in use', () => {
  it('a post about hoarding that says "gemini" three times is not an llm story', () => {
    expect(post('松鼠').text).toMatch(/gemini/);
    expect(tagsOf('松鼠')).toEqual([]);
  });
  it('开源 and GitHub in a Kindle tool make neither 开源模型 nor 人工智能', () => {
    expect(post('Kindle').text).toMatch(/开源.*github/is);
    expect(tagsOf('Kindle')).toEqual([]);
  });
  it('an open-source e-reader with an AI feature is not an open model', () => {
    expect(tagsOf('AnxReader')).not.toContain('open-source-models');
  });
  it('a job ad that boasts its PreA round is an AI job, not AI funding', () => {
    expect(post('Agent Infra').text).toMatch(/PreA 轮融资/);
    const tags = tagsOf('Agent Infra');
    expect(tags).toContain('ai');
    expect(tags).not.toContain('ai-funding');
  });
  it('still tags an open model release and a funding round', () => {
    const release = tagger.tag({ title: '阿里通义千问发布Qwen3系列模型并全部开源', text: '阿里巴巴29日发布新一代通义千问模型Qwen3，全部以Apache 2.0协议开源。' });
    expect(release.map((m) => m.tag)).toContain('open-source-models');
    const round = tagger.tag({ title: 'MiniMax完成新一轮融资 估值超40亿美元', text: '上海人工智能企业MiniMax近日完成新一轮融资，投后估值超过40亿美元。' });
    expect(round.map((m) => m.tag)).toContain('ai-funding');
  });
});
