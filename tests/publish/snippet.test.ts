import { describe, expect, it } from 'vitest';
import { highlight } from '../../src/publish/snippet.ts';

describe('highlight', () => {
  it.each<[string, string, string[], number, string | null]>([
    ['a Chinese term', '上海市已有34款大模型通过备案', ['大模型'], 120, '上海市已有34款<mark>大模型</mark>通过备案'],
    ['a two-character term (matched by LIKE, not the trigram index)', '国产算力芯片', ['算力'], 120, '国产<mark>算力</mark>芯片'],
    ['case-insensitive Latin', 'OpenAI and openai', ['OPENAI'], 120, '<mark>OpenAI</mark> and <mark>openai</mark>'],
    ['overlapping terms merge into one mark', '具身智能机器人', ['具身智能', '智能机器人'], 120, '<mark>具身智能机器人</mark>'],
    ['markup in the text is escaped, marks are not', 'x <script>大模型</script> & y', ['大模型'], 120, 'x &lt;script&gt;<mark>大模型</mark>&lt;/script&gt; &amp; y'],
    ['a long text is cut around the first match', `${'前'.repeat(50)}大模型${'后'.repeat(50)}`, ['大模型'], 20, `…${'前'.repeat(5)}<mark>大模型</mark>${'后'.repeat(12)}…`],
    ['no match', '毫不相关', ['大模型'], 120, null],
  ])('%s', (_name, text, terms, max, expected) => {
    expect(highlight(text, terms, max)).toBe(expected);
  });

  it('never splits a surrogate pair at the window edges', () => {
    const text = `${'😀'.repeat(30)}大模型${'😀'.repeat(30)}`;
    const out = highlight(text, ['大模型'], 21)!;
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(out).toContain('<mark>大模型</mark>');
  });
});
