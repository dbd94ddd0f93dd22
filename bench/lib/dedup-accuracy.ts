/**
 * How well ingest grouped the generated items into stories, against the generator's ground truth, counted over
 * pairs of items: precision = grouped pairs that are true copies, recall = true copy pairs that were grouped. The
 * benchmarks report it beside the timings so that a faster ingest cannot quietly merge less.
 */
export interface PairAccuracy {
  precision: number;
  recall: number;
  truePairs: number;
  groupedPairs: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** `truth` and `grouped` map each item to its story: the generator's and the store's. */
export function pairAccuracy(truth: ReadonlyMap<string, string>, grouped: ReadonlyMap<string, string | number>): PairAccuracy {
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const truthSizes = new Map<string, number>();
  const groupSizes = new Map<string, number>();
  const bothSizes = new Map<string, number>();
  for (const [item, story] of truth) {
    const group = grouped.get(item);
    if (group === undefined) continue;
    count(truthSizes, story);
    count(groupSizes, String(group));
    count(bothSizes, `${story}\u0000${group}`);
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, n) => a + pairs(n), 0);
  const truePairs = sum(truthSizes);
  const groupedPairs = sum(groupSizes);
  const both = sum(bothSizes);
  return {
    precision: groupedPairs === 0 ? 1 : both / groupedPairs,
    recall: truePairs === 0 ? 1 : both / truePairs,
    truePairs,
    groupedPairs,
  };
}
