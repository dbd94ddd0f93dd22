import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../../src/dedup/index.ts';

const anyInput = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(null, '', 'http://', 'https://[::1', 'javascript:alert(1)', 'data:text/html,x', 'http://%zz/', 'http://a/%', 'http://例子.中国/新闻?a=1#x', '__proto__', 'http://__proto__/constructor?__proto__=1&utm_source=toString'),
);

const httpUrl = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true });

describe('canonicalizeUrl (fuzz)', () => {
  it('never throws: any input gives a string or null', () => {
    fc.assert(
      fc.property(anyInput, (raw) => {
        const out = canonicalizeUrl(raw);
        expect(out === null || typeof out === 'string').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every http(s) URL a key, the same for http and https, with or without a fragment or a utm_ parameter', () => {
    fc.assert(
      fc.property(httpUrl, fc.webFragments(), fc.stringMatching(/^[a-z0-9]{1,12}$/), (url, fragment, campaign) => {
        const key = canonicalizeUrl(url);
        expect(key).not.toBeNull();
        const other = url.startsWith('https:') ? url.replace(/^https:/, 'http:') : url.replace(/^http:/, 'https:');
        expect(canonicalizeUrl(other)).toBe(key);
        expect(canonicalizeUrl(`${url}#${fragment}`)).toBe(key);
        const tracked = new URL(url);
        tracked.searchParams.append('utm_source', campaign);
        expect(canonicalizeUrl(tracked.href)).toBe(canonicalizeUrl(new URL(url).href));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives no key to URLs a reader cannot open', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['ftp', 'file', 'javascript', 'data', 'mailto'] }), (url) => {
        expect(canonicalizeUrl(url)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
