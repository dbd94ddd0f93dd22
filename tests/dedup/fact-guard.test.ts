import { describe, expect, it } from 'vitest';
import { differingFact, lcsTable } from '../../src/dedup/fact-guard.ts';

// The guard aligns two leads by a longest common subsequence filled in only between their common prefix and suffix
// (fact-guard.ts lcsTable). These cases put the differing stretch at the start, the middle and the end, next to shared
// digits and split names, so a mistake at either edge of that window changes an answer. The expected answers are what
// the whole-table alignment gave before the window was introduced.
const CASES: { a: string; b: string; titles?: [string, string]; fact: string | null }[] = [
  { a: '长沙市18日举行主题宣传活动，共有300人参加。', b: '新华社电 长沙市18日举行主题宣传活动，共有300人参加。', fact: null },
  { a: '长沙市18日举行主题宣传活动，共有300人参加。', b: '常德市26日举行主题宣传活动，共有300人参加。', fact: '长沙市18 ≠ 常德市26' },
  { a: '长沙市18日举行主题宣传活动，共有300人参加。', b: '长沙市19日举行主题宣传活动，共有300人参加。', fact: '18 ≠ 19' },
  { a: '长沙市18日举行主题宣传活动，共有300人参加。', b: '长沙市18日举行主题宣传活动，共有320人参加。', fact: '300 ≠ 320' },
  { a: '长沙市18日举行主题宣传活动，共有300人参加。', b: '长沙市18日举行主题宣传活动。', fact: null },
  { a: '镇江市气象台发布暴雨蓝色预警', b: '景德镇市气象台发布暴雨蓝色预警', fact: '镇江 ≠ 景德镇' },
  { a: '在天津津派活动现场', b: '在泸州津派活动现场', fact: '天津 ≠ 泸州' },
  { a: '腾讯发布新一代大模型，性能提升30%', b: '阿里发布新一代大模型，性能提升30%', fact: '腾讯 ≠ 阿里' },
  { a: '今天上午，会议在北京召开', b: '今日上午，会议在北京召开', fact: null },
  { a: '仰光举行活动，民众参加', b: '清迈举行活动，民众参加', titles: ['仰光举行活动', '清迈举行活动'], fact: '仰光 ≠ 清迈' },
  { a: '报告显示1.5%增长', b: '报告显示2.5%增长', fact: '1.5% ≠ 2.5%' },
  { a: '一二三四五', b: '一二三四五六', fact: null },
];

describe('differingFact', () => {
  it.each(CASES)('$a | $b → $fact', ({ a, b, titles, fact }) => {
    expect(differingFact(a, b, ...(titles ?? ['', '']))).toBe(fact);
    expect(differingFact(b, a, ...(titles ? ([titles[1], titles[0]] as const) : ['', ''])) === null).toBe(fact === null);
  });
});

/** The whole table, as the guard filled it before: the reference the windowed one must equal everywhere. */
function wholeTable(a: readonly string[], b: readonly string[]): (i: number, j: number) => number {
  const w = b.length + 1;
  const t = new Uint16Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) t[i * w + j] = a[i] === b[j] ? t[(i + 1) * w + j + 1]! + 1 : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!);
  }
  return (i, j) => t[i * w + j]!;
}

describe('lcsTable', () => {
  it('equals the whole table past the common prefix (where the walk looks), for texts sharing a prefix, a suffix, both or neither', () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = [...'北京天津18日在举行。'];
    const text = (len: number) => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]!);
    for (let t = 0; t < 400; t++) {
      const prefix = text(rnd(6));
      const suffix = text(rnd(6));
      const a = [...prefix, ...text(rnd(8)), ...suffix];
      const b = [...prefix, ...text(rnd(8)), ...suffix];
      const fast = lcsTable(a, b);
      const slow = wholeTable(a, b);
      let p = 0;
      while (p < a.length && p < b.length && a[p] === b[p]) p++;
      for (let i = p; i <= a.length; i++) for (let j = p; j <= b.length; j++) expect(fast(i, j), `${a.join('')} | ${b.join('')} at ${i},${j}`).toBe(slow(i, j));
    }
  });
});
