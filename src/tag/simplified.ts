/**
 * Traditional → Simplified, with Taiwan vocabulary. Conversion is the costliest step of tagging, so it runs only on
 * text that contains a Traditional character.
 */
import * as OpenCC from 'opencc-js/t2cn';
import { identity, SegmentBuilder, segmentMap, type OffsetMap } from './offset-map.ts';

// Taiwan phrases included: 人工智慧 → 人工智能, 輝達 → 英伟达, 晶片 → 芯片, 演算法 → 算法.
let phraseConverter: ((s: string) => string) | undefined;
/** 1 for every BMP character that Traditional→Simplified conversion changes on its own. */
let traditionalChars: Uint8Array | undefined;

function traditionalTable(): Uint8Array {
  if (traditionalChars) return traditionalChars;
  const table = new Uint8Array(0x10000);
  const perChar = OpenCC.Converter({ from: 't', to: 'cn' });
  for (const [from, to] of [
    [0x3400, 0x9fff],
    [0xf900, 0xfaff],
  ] as const) {
    for (let c = from; c <= to; c++) {
      const ch = String.fromCharCode(c);
      if (perChar(ch) !== ch) table[c] = 1;
    }
  }
  return (traditionalChars = table);
}

/** Converting costs more than everything else together: only texts with a Traditional character pay for it. */
function hasTraditional(s: string): boolean {
  const table = traditionalTable();
  for (let i = 0; i < s.length; i++) if (table[s.charCodeAt(i)] === 1) return true;
  return false;
}

function convert(s: string): string {
  const convert = (phraseConverter ??= OpenCC.Converter({ from: 'twp', to: 'cn' }));
  return convert(s);
}

const CLAUSES = /[^\s,.;:!?，。；：！？、…]+|[\s,.;:!?，。；：！？、…]+/gu;

/**
 * The text in Simplified script with an offset map: free when the length is kept (the common case); otherwise clause
 * by clause, and a clause that changes length maps proportionally (網際網路 → 互联网 has no exact map anyway).
 */
export function toSimplified(input: string): [string, OffsetMap] {
  if (!hasTraditional(input)) return [input, identity];
  const whole = convert(input);
  if (whole.length === input.length) return [whole, identity];
  const b = new SegmentBuilder();
  for (const clause of input.matchAll(CLAUSES)) b.push(clause.index, clause[0], convert(clause[0]));
  return [b.out, segmentMap(b.segments)];
}
