import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseCacheHints } from '../../src/fetch/cache-hints.ts';

const NOW = Date.parse('Wed, 01 Jan 2025 12:00:00 GMT');

describe('parseCacheHints', () => {
  it.each<[string, IncomingHttpHeaders, { maxAgeMs: number | null; retryAfterMs: number | null }]>([
    ['nothing said', {}, { maxAgeMs: null, retryAfterMs: null }],
    ['max-age', { 'cache-control': 'public, max-age=600' }, { maxAgeMs: 600_000, retryAfterMs: null }],
    ['max-age wins over Expires', { 'cache-control': 'max-age=60', expires: 'Wed, 01 Jan 2025 13:00:00 GMT' }, { maxAgeMs: 60_000, retryAfterMs: null }],
    ['s-maxage is for shared caches, not us', { 'cache-control': 's-maxage=600' }, { maxAgeMs: null, retryAfterMs: null }],
    ['Expires against our clock', { expires: 'Wed, 01 Jan 2025 13:00:00 GMT' }, { maxAgeMs: 3_600_000, retryAfterMs: null }],
    ['Expires against the server Date', { expires: 'Wed, 01 Jan 2030 00:30:00 GMT', date: 'Wed, 01 Jan 2030 00:00:00 GMT' }, { maxAgeMs: 1_800_000, retryAfterMs: null }],
    ['Expires: 0 means already stale', { expires: '0' }, { maxAgeMs: 0, retryAfterMs: null }],
    ['Expires in the past', { expires: 'Wed, 01 Jan 2020 00:00:00 GMT' }, { maxAgeMs: 0, retryAfterMs: null }],
    ['Retry-After seconds', { 'retry-after': '120' }, { maxAgeMs: null, retryAfterMs: 120_000 }],
    ['Retry-After HTTP date', { 'retry-after': 'Wed, 01 Jan 2025 12:05:00 GMT' }, { maxAgeMs: null, retryAfterMs: 300_000 }],
    ['Retry-After nonsense', { 'retry-after': 'soon' }, { maxAgeMs: null, retryAfterMs: null }],
  ])('%s', (_name, headers, hints) => {
    expect(parseCacheHints(headers, NOW)).toEqual(hints);
  });
});
