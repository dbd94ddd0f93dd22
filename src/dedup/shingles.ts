/** Character n-gram shingles of folded text and the two set measures the matcher uses. */

/** Distinct n-character substrings (by code point). Text shorter than n yields itself, if not empty. */
export function shingles(text: string, n: number): Set<string> {
  const chars = [...text];
  const out = new Set<string>();
  if (chars.length > 0 && chars.length < n) out.add(text);
  for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
  return out;
}

export function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n++;
  return n;
}

/** |A∩B| / min(|A|,|B|): 1 when the shorter text (a trimmed summary) is wholly inside the longer one. */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const min = Math.min(a.size, b.size);
  return min === 0 ? 0 : intersectionSize(a, b) / min;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const inter = intersectionSize(a, b);
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** FNV-1a over UTF-16 code units, 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
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
