/**
 * Text normalisation for matching: both scripts, both widths, one spelling of the middle dot. Every output character
 * remembers the offset of the input character it came from, so evidence can point into the text the reader sees.
 */
import * as OpenCC from 'opencc-js/t2cn';

export interface NormalisedText {
  /** Lower-cased matching form. */
  folded: string;
  /** Same characters before lower-casing, for terms whose case matters. Same length as `folded`. */
  cased: string;
  /** offsets[i] is the index in the original string of folded[i]. */
  offsets: Int32Array;
}

// Taiwan phrases included: 人工智慧 → 人工智能, 輝達 → 英伟达, 晶片 → 芯片, 演算法 → 算法.
let converter: ((s: string) => string) | undefined;
function toSimplified(s: string): string {
  const convert = (converter ??= OpenCC.Converter({ from: 'twp', to: 'cn' }));
  return convert(s);
}

// U+00B7 ·, U+0387, U+2022 •, U+2027 ‧, U+2219 ∙, U+22C5 ⋅, U+30FB ・, U+FF65 ･, U+16EB, U+2E31: all the dots
// writers put between the parts of a name (书生·浦语, 书生•浦语).
const DOTS = new Set([0xb7, 0x387, 0x2022, 0x2027, 0x2219, 0x22c5, 0x30fb, 0xff65, 0x16eb, 0x2e31]);

function isCjk(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xd800 && code <= 0xdbff);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x3000 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x200b;
}

/** Apply a string transform and keep the offset map; exact when the transform keeps the length. */
function mapped(input: string, inOffsets: Int32Array, transform: (s: string) => string, piece: RegExp): [string, Int32Array] {
  const whole = transform(input);
  if (whole.length === input.length) return [whole, inOffsets];
  // Rare (compatibility characters, multi-character phrase conversions): transform clause by clause so each output
  // character maps into the clause it came from.
  let out = '';
  const offsets: number[] = [];
  for (const m of input.matchAll(piece)) {
    const start = m.index;
    const part = transform(m[0]);
    for (let i = 0; i < part.length; i++) {
      const src = start + Math.min(m[0].length - 1, Math.floor((i * m[0].length) / part.length));
      offsets.push(inOffsets[src] ?? 0);
    }
    out += part;
  }
  return [out, Int32Array.from(offsets)];
}

const CODE_POINTS = /[\s\S]/gu;
const CLAUSES = /[^\s,.;:!?，。；：！？、]+|[\s,.;:!?，。；：！？、]+/gu;

/** NFKC, full width → half width, Traditional → Simplified, dots and CJK-adjacent spaces removed, lower case. */
export function normalise(input: string): NormalisedText {
  const identity = new Int32Array(input.length);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  const [nfkc, o1] = mapped(input, identity, (s) => s.normalize('NFKC'), CODE_POINTS);
  const [simplified, o2] = mapped(nfkc, o1, toSimplified, CLAUSES);

  const n = simplified.length;
  const folded: number[] = [];
  const cased: number[] = [];
  const offsets = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const code = simplified.charCodeAt(i);
    if (DOTS.has(code) || isSpace(code)) {
      // 书生·浦语 and AI 芯片 read as 书生浦语 and AI芯片; between Latin words keep one space as a boundary.
      let j = i;
      while (j + 1 < n && (DOTS.has(simplified.charCodeAt(j + 1)) || isSpace(simplified.charCodeAt(j + 1)))) j++;
      const before = k > 0 ? (cased[k - 1] ?? 0) : 0;
      const after = j + 1 < n ? simplified.charCodeAt(j + 1) : 0;
      if (k > 0 && j + 1 < n && !isCjk(before) && !isCjk(after)) {
        folded.push(0x20);
        cased.push(0x20);
        offsets[k++] = o2[i] ?? 0;
      }
      i = j;
      continue;
    }
    let lower = code;
    if (code >= 0x41 && code <= 0x5a) lower = code + 32;
    else if (code > 0x7f) {
      const l = String.fromCharCode(code).toLowerCase();
      if (l.length === 1) lower = l.charCodeAt(0);
    }
    folded.push(lower);
    cased.push(code);
    offsets[k++] = o2[i] ?? 0;
  }
  return { folded: fromCodes(folded), cased: fromCodes(cased), offsets: offsets.subarray(0, k) };
}

function fromCodes(codes: number[]): string {
  let s = '';
  for (let i = 0; i < codes.length; i += 8192) s += String.fromCharCode(...codes.slice(i, i + 8192));
  return s;
}

/** The matching form of a rule's term (no offsets needed). */
export function normaliseTerm(term: string): { folded: string; cased: string } {
  const { folded, cased } = normalise(term);
  return { folded, cased };
}
