/**
 * Traditional → Simplified Chinese with Taiwan vocabulary (人工智慧 → 人工智能, 晶片 → 芯片), shared by dedup (so a
 * 台灣/香港 reprint fingerprints like the mainland original) and tagging (so Taiwan terms match). Conversion is the
 * costliest text step either has, so it runs only on text that contains a Traditional character.
 */
import * as OpenCC from 'opencc-js/t2cn';

let phraseConverter: ((s: string) => string) | undefined;
let charConverter: ((s: string) => string) | undefined;
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

export function hasTraditional(s: string): boolean {
  const table = traditionalTable();
  for (let i = 0; i < s.length; i++) if (table[s.charCodeAt(i)] === 1) return true;
  return false;
}

/** Convert text known to contain Traditional characters (dictionaries are parsed once, on first use). */
export function convertToSimplified(s: string): string {
  return (phraseConverter ??= OpenCC.Converter({ from: 'twp', to: 'cn' }))(s);
}

/**
 * Character by character, without Taiwan phrases: for dedup fingerprints, where rewriting vocabulary (網路 → 网络)
 * moved a reprint away from its original more often than it helped (measured by npm run eval:dedup: recall 0.9952
 * by character, 0.9905 by phrase). Simplified text comes back unchanged at the cost of one table scan.
 */
export function toSimplifiedChars(s: string): string {
  return hasTraditional(s) ? (charConverter ??= OpenCC.Converter({ from: 'tw', to: 'cn' }))(s) : s;
}
