/**
 * Text normalisation for matching: both scripts, both widths, one spelling of the middle dot. Positions in the
 * normalised text map back to the text as given, so evidence points at what the reader sees.
 *
 * Re-tagging a whole store goes through here once per item, so the common case (Simplified text, no compatibility
 * characters) is a few native string passes; offsets are computed only for the handful of matches.
 */
import { identity, SegmentBuilder, segmentMap, type OffsetMap } from './offset-map.ts';
import { toSimplified } from './simplified.ts';

export interface NormalisedText {
  /** Lower-cased matching form. */
  folded: string;
  /** Same characters before lower-casing, for terms whose case matters. Same length as `folded`. */
  cased: string;
  /** Index in the original string of the character at `index` in the normalised one. */
  offsetOf(index: number): number;
}

/** 1 for BMP characters whose NFKC form has another length (… → ..., ㎡ → m2) or that compose with their neighbour. */
let nfkcChangers: Uint8Array | undefined;
function nfkcTable(): Uint8Array {
  if (nfkcChangers) return nfkcChangers;
  const table = new Uint8Array(0x10000);
  const mark = /\p{M}/u;
  for (let c = 0x80; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      table[c] = 1;
      continue;
    }
    const ch = String.fromCharCode(c);
    if (ch.normalize('NFKC').length !== 1 || mark.test(ch)) table[c] = 1;
  }
  return (nfkcChangers = table);
}

/** NFKC with an exact offset map: the text between length-changing characters maps one to one. */
function nfkcMapped(input: string): [string, OffsetMap] {
  const whole = input.normalize('NFKC');
  if (whole.length === input.length) return [whole, identity];
  const table = nfkcTable();
  const b = new SegmentBuilder();
  let plain = 0;
  for (let i = 0; i < input.length; i++) {
    if (table[input.charCodeAt(i)] !== 1) continue;
    // A combining mark belongs with the character before it; surrogate pairs and mark runs stay together.
    let start = i;
    if (start > plain && /\p{M}/u.test(input[i]!)) start--;
    let end = i + 1;
    while (end < input.length && table[input.charCodeAt(end)] === 1 && /\p{M}|[\udc00-\udfff]/u.test(input[end]!)) end++;
    if (start > plain) b.push(plain, input.slice(plain, start), input.slice(plain, start).normalize('NFKC'));
    b.push(start, input.slice(start, end), input.slice(start, end).normalize('NFKC'));
    plain = end;
    i = end - 1;
  }
  if (plain < input.length) b.push(plain, input.slice(plain), input.slice(plain).normalize('NFKC'));
  return [b.out, segmentMap(b.segments)];
}

// Runs of white space and of the dots writers put between the parts of a name (书生·浦语, 书生•浦语): U+00B7 ·,
// U+0387, U+2022 •, U+2027 ‧, U+2219 ∙, U+22C5 ⋅, U+30FB ・, U+FF65 ･, U+16EB, U+2E31.
const GAPS = /[\s\u00a0\u200b\u3000\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65\u16eb\u2e31]+/g;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\ud800-\udbff]/;

/**
 * Remove gaps next to Chinese characters (AI 芯片 → AI芯片, 书生·浦语 → 书生浦语) and turn the others into one space,
 * which keeps Latin words apart. Returns the text and a map from output to input positions.
 */
function closeGaps(s: string): [string, OffsetMap] {
  // Sorted output positions at which input characters were dropped, and how many so far (a step function).
  const at: number[] = [];
  const dropped: number[] = [];
  let total = 0;
  let outLength = 0;
  let last = 0;
  const out = s.replace(GAPS, (gap: string, offset: number) => {
    outLength += offset - last;
    last = offset + gap.length;
    const before = offset > 0 ? s[offset - 1]! : '';
    const after = last < s.length ? s[last]! : '';
    const keep = before !== '' && after !== '' && !CJK.test(before) && !CJK.test(after) ? 1 : 0;
    outLength += keep;
    total += gap.length - keep;
    at.push(outLength);
    dropped.push(total);
    return keep ? ' ' : '';
  });
  if (at.length === 0) return [out, identity];
  return [
    out,
    (i) => {
      // Characters at or after at[k] are shifted by dropped[k].
      let lo = 0;
      let hi = at.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (at[mid]! <= i) lo = mid + 1;
        else hi = mid;
      }
      return i + (lo === 0 ? 0 : dropped[lo - 1]!);
    },
  ];
}

/** NFKC, full width → half width, Traditional → Simplified, dots and CJK-adjacent spaces removed, lower case. */
export function normalise(input: string): NormalisedText {
  const [nfkc, m1] = nfkcMapped(input);
  const [simplified, m2] = toSimplified(nfkc);
  const [cased, m3] = closeGaps(simplified);
  let folded = cased.toLowerCase();
  if (folded.length !== cased.length) {
    // A few characters (İ) lower-case to two: keep those as they are so both forms stay aligned.
    folded = Array.from(cased, (ch) => {
      const l = ch.toLowerCase();
      return l.length === ch.length ? l : ch;
    }).join('');
  }
  return { folded, cased, offsetOf: (i) => m1(m2(m3(i))) };
}

/** The matching form of a rule's term. */
export function normaliseTerm(term: string): { folded: string; cased: string } {
  const { folded, cased } = normalise(term);
  return { folded, cased };
}
