import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomaton } from '../../src/tag/automaton.ts';
import { normalise } from '../../src/tag/normalise.ts';

describe('normalise', () => {
  const cases: [name: string, input: string, folded: string][] = [
    ['full-width Latin and digits', 'ＡＩ芯片１００', 'ai芯片100'],
    ['Traditional characters', '機器學習', '机器学习'],
    ['Taiwan vocabulary in Traditional text', '人工智慧晶片產業', '人工智能芯片产业'],
    // Conversion runs only on text with a Traditional character (it is the costly step); such words are keywords.
    ['Simplified text keeps its words', '人工智慧晶片', '人工智慧晶片'],
    ['middle dot U+00B7', '书生·浦语', '书生浦语'],
    ['bullet U+2022', '书生•浦语', '书生浦语'],
    ['katakana middle dot U+30FB', '书生・浦语', '书生浦语'],
    ['half-width katakana dot U+FF65', '书生･浦语', '书生浦语'],
    ['space between Latin and Chinese', 'AI 芯片', 'ai芯片'],
    ['ideographic space', 'AI\u3000芯片', 'ai芯片'],
    ['space between Latin words kept (one)', 'Open   Source', 'open source'],
    ['ellipsis expands', '大模型…开源', '大模型...开源'],
  ];
  it.each(cases)('%s', (_name, input, folded) => {
    expect(normalise(input).folded).toBe(folded);
  });

  it('maps positions back to the text as given', () => {
    const input = '據報道…書生·浦語ＡＩ 芯片';
    const n = normalise(input);
    const at = (term: string) => n.offsetOf(n.folded.indexOf(term));
    expect(n.folded).toBe('据报道...书生浦语ai芯片');
    expect(at('书生')).toBe(input.indexOf('書生'));
    expect(at('浦语')).toBe(input.indexOf('浦語'));
    expect(at('ai')).toBe(input.indexOf('ＡＩ'));
    expect(at('芯片')).toBe(input.indexOf('芯片'));
  });

  it('keeps folded and cased forms aligned, and offsets inside the input and in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (input) => {
        const n = normalise(input);
        expect(n.cased.length).toBe(n.folded.length);
        let previous = -1;
        for (let i = 0; i < n.folded.length; i++) {
          const o = n.offsetOf(i);
          expect(o).toBeGreaterThanOrEqual(previous);
          expect(o).toBeLessThan(Math.max(1, input.length));
          previous = o;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('automaton', () => {
  const naive = (patterns: string[], text: string) => {
    const found: string[] = [];
    patterns.forEach((p, i) => {
      for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) found.push(`${i}@${at + p.length}`);
    });
    return found.sort();
  };
  it('finds exactly what indexOf finds, overlaps included', () => {
    const alphabet = fc.constantFrom('a', 'b', '人', '工', '智', '能');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 8 }), fc.array(alphabet, { maxLength: 40 }), (patterns, chars) => {
        const text = chars.join('');
        const found: string[] = [];
        buildAutomaton(patterns).scan(text, (p, end) => found.push(`${p}@${end}`));
        expect(found.sort()).toEqual(naive(patterns, text));
      }),
      { numRuns: 500 },
    );
  });
});
