import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, computeFeatures, normaliseTitle } from '../../src/dedup/index.ts';
import { decodeFingerprint, estimateJaccard, minHashSignature } from '../../src/dedup/minhash.ts';
import { jaccard, shingles } from '../../src/dedup/shingles.ts';

const cjk = fc.string({ unit: fc.constantFrom(...'新华社电北京上海人工智能大模型发布会议记者报道，。：｜【】（）— _-|12３ＡaB臺灣'), maxLength: 60 });

describe('properties', () => {
  it('normaliseTitle is idempotent and never throws', () => {
    fc.assert(
      fc.property(cjk, (t) => {
        expect(normaliseTitle(normaliseTitle(t))).toBe(normaliseTitle(t));
      }),
    );
  });

  it('computeFeatures never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (url, title, text) => {
        const f = computeFeatures({ sourceId: 's', url, title, text, publishedAt: 'x' });
        expect(Array.isArray(f.bands)).toBe(true);
      }),
    );
  });

  it('canonical URLs do not depend on query order or tracking parameters', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 5 }), (keys) => {
        const content = keys.filter((k) => k !== 'from' && k !== 'src' && k !== 'ref' && k !== 'scene' && k !== 'share');
        const q = content.map((k, i) => `${k}=${i}`);
        const a = canonicalizeUrl(`https://x.cn/a?${q.join('&')}`);
        const b = canonicalizeUrl(`http://X.CN/a?utm_source=z&${[...q].reverse().join('&')}#f`);
        expect(b).toBe(a);
      }),
    );
  });

  it('the MinHash estimate stays near the exact shingle Jaccard', () => {
    const base = '据英国航运媒体劳埃德船舶日报报道霍尔木兹海峡航运18日傍晚再次陷入停滞此前无线电通信警告称伊朗武装部队已恢复对该海峡的严格管理和控制';
    fc.assert(
      fc.property(fc.integer({ min: 10, max: base.length }), fc.integer({ min: 0, max: 30 }), (cut, skip) => {
        const a = shingles(base, 3);
        const b = shingles(base.slice(skip, cut), 3);
        fc.pre(b.length > 0);
        const exact = jaccard(a, b);
        const estimate = estimateJaccard(minHashSignature(a, 256), minHashSignature(b, 256));
        expect(Math.abs(estimate - exact)).toBeLessThan(0.15);
      }),
    );
  });

  it('the fingerprint round-trips', () => {
    const sig = minHashSignature(shingles('上海人工智能已形成全产业链布局', 3), 8);
    expect(decodeFingerprint(`13:${[...sig].map((x) => x.toString(16).padStart(8, '0')).join('')}`)?.sig).toEqual(sig);
  });
});
