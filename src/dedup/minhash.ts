/**
 * MinHash signatures with LSH banding. Two texts share a band with probability 1-(1-J^rows)^bands, J their shingle
 * Jaccard; the store finds candidates through equal band strings, so recall and selectivity are set by bands × rows.
 */
import { hex32, mix32, type ShingleSet } from './shingles.ts';

export interface MinHashParams {
  bands: number;
  rows: number;
}

/** A signature needs this many shingles: below it the minima are noise and its bands would collide widely. */
export const MIN_SHINGLES_FOR_BANDS = 8;

const seedCache = new Map<number, Uint32Array>();
function seeds(count: number): Uint32Array {
  let s = seedCache.get(count);
  if (!s) {
    s = new Uint32Array(count);
    for (let i = 0; i < count; i++) s[i] = mix32(0x9e3779b9 + Math.imul(i + 1, 0x632be5ab));
    seedCache.set(count, s);
  }
  return s;
}

export function minHashSignature(shingleSet: ShingleSet, hashCount: number): Uint32Array {
  const sig = new Uint32Array(hashCount).fill(0xffffffff);
  const seed = seeds(hashCount);
  for (const base of shingleSet) {
    for (let i = 0; i < hashCount; i++) {
      const v = mix32(base ^ seed[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/**
 * One 32-bit key per band; none when the text is too short to trust. The band's number seeds its hash, so equal keys
 * from different bands are chance collisions (one in 2^32), not shared bands.
 */
export function minHashBands(sig: Uint32Array, shingleCount: number, p: MinHashParams): number[] {
  if (shingleCount < MIN_SHINGLES_FOR_BANDS) return [];
  const out: number[] = [];
  for (let b = 0; b < p.bands; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < p.rows; r++) h = mix32(Math.imul(h ^ sig[b * p.rows + r]!, 0x01000193));
    out.push(h >>> 0);
  }
  return out;
}

export function encodeFingerprint(sig: Uint32Array, shingleCount: number): string {
  let hex = '';
  for (const v of sig) hex += hex32(v);
  return `${shingleCount}:${hex}`;
}

export function decodeFingerprint(fp: string): { shingleCount: number; sig: Uint32Array } | null {
  const m = /^(\d+):((?:[0-9a-f]{8})+)$/.exec(fp);
  if (!m) return null;
  const hex = m[2]!;
  const sig = new Uint32Array(hex.length / 8);
  for (let i = 0; i < sig.length; i++) sig[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return { shingleCount: Number(m[1]), sig };
}

/** Share of equal minima: an unbiased estimate of the shingle Jaccard. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let eq = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) eq++;
  return eq / n;
}
