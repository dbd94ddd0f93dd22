import { describe, expect, it } from 'vitest';
import { describeLost, judgeRun, readFloors, type Floors } from '../../eval/conformance/floors.ts';
import { runCorpus, runSmoke, type Result } from '../../eval/conformance/harness.ts';
import { ParseError } from '../../src/parse/errors.ts';
import { parseFeed } from '../../src/parse/index.ts';

describe('peer corpus conformance (feedparser + rss-parser manifests) against eval/conformance/floors.json', async () => {
  const results = await runCorpus(parseFeed);
  const floors = readFloors();

  it('runs every manifest check, a fifth of them as the holdout', () => {
    expect(results.length).toBeGreaterThan(9900);
    const holdout = results.filter((r) => r.holdout).length;
    expect(holdout).toBeGreaterThan(500);
    expect(holdout).toBeLessThan(results.length / 2);
  });

  it('passes every check its floors say it passes', () => {
    const judged = judgeRun(floors, results);
    expect(floors, 'eval/conformance/floors.json is missing: npm run conformance -- --write-floors').not.toBeNull();
    if (judged.kind === 'corpus-changed') expect.fail(judged.change);
    if (judged.kind === 'lost') expect.fail(`lost ${judged.lost.length} check(s):\n${describeLost(judged.lost)}`);
    expect(judged.kind).toBe('held');
  });

  it("reads the manifests' smoke files or rejects them with a ParseError, never another exception, and refuses the HTML page", async () => {
    const runs = await runSmoke(parseFeed);
    expect(runs.length).toBe(36);
    const crashed = runs.filter((r) => r.error !== null && !(r.error instanceof ParseError));
    expect(crashed.map((r) => `${r.source} ${r.file}: ${String(r.error)}`)).toEqual([]);
    const html = runs.find((r) => r.file === 'input/unrecognized.rss');
    expect(html?.error instanceof ParseError && html.error.kind).toBe('not-a-feed');
  });
});

describe('floors only rise', () => {
  const result = (id: string, verdict: Result['verdict'], holdout = false): Result => ({
    source: 'feedparser',
    case: { id, file: `${id}.xml`, format: 'rss', scope: 'entry', entry: 0, field: 'title', op: 'equals', expected: 'Hello' },
    holdout,
    threw: false,
    group: 'rss',
    fieldGroup: 'title',
    verdict,
    actual: verdict === 'pass' ? 'Hello' : 'Goodbye',
  });
  const floors: Floors = { cases: { feedparser: 3, 'rss-parser': 0 }, notPassing: { 'feedparser c': 'fail' } };

  it('a run that fails a check the floors pass is refused, naming the check, what was wanted and what came', () => {
    const judged = judgeRun(floors, [result('a', 'pass'), result('b', 'fail'), result('c', 'fail')]);
    expect(judged.kind).toBe('lost');
    if (judged.kind !== 'lost') return;
    expect(judged.lost.map((r) => r.case.id)).toEqual(['b']);
    expect(describeLost(judged.lost)).toBe('feedparser b title: now fail, want "Hello", got "Goodbye"');
  });

  it('a lost holdout check is named by its id only', () => {
    const judged = judgeRun(floors, [result('a', 'n/a', true), result('b', 'pass'), result('c', 'fail')]);
    expect(judged.kind === 'lost' && describeLost(judged.lost)).toBe('feedparser a (holdout) title: now n/a');
  });

  it('a run that passes a listed check takes it off the list, and the next run may not lose it', () => {
    const judged = judgeRun(floors, [result('a', 'pass'), result('b', 'pass'), result('c', 'pass')]);
    expect(judged.kind).toBe('held');
    if (judged.kind !== 'held') return;
    expect(judged.gained.map((r) => r.case.id)).toEqual(['c']);
    expect(judged.next.notPassing).toEqual({});
    expect(judgeRun(judged.next, [result('a', 'pass'), result('b', 'pass'), result('c', 'fail')]).kind).toBe('lost');
  });

  it('a run over another corpus is not compared with floors written for this one', () => {
    const judged = judgeRun(floors, [result('a', 'pass')]);
    expect(judged).toEqual({ kind: 'corpus-changed', change: 'feedparser: 1 checks, the floors were written for 3' });
  });
});
