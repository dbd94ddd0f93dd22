import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, rate, runCorpus, tally } from './harness.ts';

// Pass rates reached per source / category (written by `npm run conformance -- --write-floors`).
const floors = JSON.parse(readFileSync(join(CORPUS_DIR, '..', 'floors.json'), 'utf8')) as Record<string, number>;

describe('peer corpus conformance (feedparser + rss-parser manifests)', async () => {
  const results = await runCorpus();
  const byCategory = tally(results, (r) => `${r.source} / ${r.group}`);

  it('runs every manifest check', () => {
    expect(results.length).toBeGreaterThan(9900);
  });

  it.each(Object.entries(floors))('%s: pass rate at or above the floor (%s)', (category, floor) => {
    const t = byCategory.get(category);
    expect(t, `category ${category} missing from the run`).toBeDefined();
    expect(rate(t!)).toBeGreaterThanOrEqual(floor);
  });
});
