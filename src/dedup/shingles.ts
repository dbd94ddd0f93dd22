/**
 * Character n-gram shingles of folded text and the set measures the matcher uses.
 *
 * A shingle set is held as the sorted, distinct 32-bit hashes of its n-grams rather than as a Set of strings: building
 * one allocates no substrings, and two sets intersect in one merge pass. The hash is FNV-1a over the n-gram's UTF-16
 * code units, the same value the string form had, so fingerprints stored before this change still compare equal.
 * Two distinct n-grams of one text colliding in 32 bits is rare enough to move a similarity by a shingle at most.
 */

export type ShingleSet = Uint32Array;

/** Distinct n-character shingles (by code point), hashed and sorted. Text shorter than n yields itself, if not empty. */
export function shingles(text: string, n: number): ShingleSet {
  // UTF-16 offset where each code point starts, plus the end: an n-gram of code points is units [at[i], at[i+n]).
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    at.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
  }
  const count = at.length;
  at.push(text.length);
  if (count === 0) return new Uint32Array(0);
  if (count < n) return Uint32Array.of(hashUnits(text, 0, text.length));
  const out = new Uint32Array(count - n + 1);
  for (let i = 0; i < out.length; i++) out[i] = hashUnits(text, at[i]!, at[i + n]!);
  out.sort();
  let distinct = 1;
  for (let i = 1; i < out.length; i++) if (out[i] !== out[distinct - 1]) out[distinct++] = out[i]!;
  return out.subarray(0, distinct);
}

export function intersectionSize(a: ShingleSet, b: ShingleSet): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** |A∩B| / min(|A|,|B|): 1 when the shorter text (a trimmed summary) is wholly inside the longer one. */
export function containment(a: ShingleSet, b: ShingleSet): number {
  const min = Math.min(a.length, b.length);
  return min === 0 ? 0 : intersectionSize(a, b) / min;
}

export function jaccard(a: ShingleSet, b: ShingleSet): number {
  const inter = intersectionSize(a, b);
  const union = a.length + b.length - inter;
  return union === 0 ? 0 : inter / union;
}

/** FNV-1a over UTF-16 code units, 32 bits. */
function hashUnits(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: spreads a 32-bit value so XOR-seeded copies behave as independent hash functions. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}
