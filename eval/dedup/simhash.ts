/**
 * 64-bit SimHash with LSH bands: the alternative measured against MinHash by scripts/eval-dedup.ts (MinHash won;
 * see the report in that script's output). Kept so the comparison can be re-run when the parameters change.
 */
import { hex32, mix32, type ShingleSet } from '../../src/dedup/shingles.ts';

/** Two 32-bit halves, [high, low]. */
export function simHash64(shingleSet: ShingleSet): [number, number] {
  const weights = new Int32Array(64);
  for (const lo of shingleSet) {
    const hi = mix32(lo ^ 0x5bd1e995);
    for (let bit = 0; bit < 32; bit++) {
      weights[bit] = weights[bit]! + ((hi >>> bit) & 1 ? 1 : -1);
      weights[32 + bit] = weights[32 + bit]! + ((lo >>> bit) & 1 ? 1 : -1);
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) hi |= 1 << bit;
    if (weights[32 + bit]! > 0) lo |= 1 << bit;
  }
  return [hi >>> 0, lo >>> 0];
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hammingDistance(a: [number, number], b: [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

/** `bands` equal slices of the 64 bits (bands must divide 64): Hamming distance < bands guarantees a shared band. */
export function simHashBands(h: [number, number], bands: number): string[] {
  const width = 64 / bands;
  const bits = (BigInt(h[0]) << 32n) | BigInt(h[1]);
  const mask = (1n << BigInt(width)) - 1n;
  const out: string[] = [];
  for (let b = 0; b < bands; b++) out.push(`s${b}:${hex32(Number((bits >> BigInt(b * width)) & mask))}`);
  return out;
}
