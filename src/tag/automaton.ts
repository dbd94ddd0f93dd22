/**
 * Aho–Corasick over UTF-16 code units: every term of every rule in one automaton, so tagging costs one pass over the
 * text whatever the number of rules and keywords. Reports overlapping matches (an exclusion 人工降雨 and a keyword
 * inside it both surface), which the scorer needs.
 */

export interface Automaton {
  /** Calls onMatch(patternIndex, endExclusive) for every occurrence of every pattern. */
  scan(text: string, onMatch: (pattern: number, end: number) => void): void;
  /** Length of each pattern, by index. */
  readonly lengths: readonly number[];
}

export function buildAutomaton(patterns: readonly string[]): Automaton {
  const next: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  const lengths = patterns.map((p) => p.length);

  patterns.forEach((pattern, index) => {
    if (pattern.length === 0) throw new Error('empty pattern');
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let to = next[state]!.get(code);
      if (to === undefined) {
        to = next.length;
        next.push(new Map());
        outputs.push([]);
        next[state]!.set(code, to);
      }
      state = to;
    }
    outputs[state]!.push(index);
  });

  // Failure links by breadth-first search; outputs inherit those of their failure state.
  const fail = new Int32Array(next.length);
  const queue: number[] = [...next[0]!.values()];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (const [code, to] of next[state]!) {
      let f = fail[state]!;
      while (f !== 0 && !next[f]!.has(code)) f = fail[f]!;
      const target = next[f]!.get(code);
      fail[to] = target !== undefined && target !== to ? target : 0;
      outputs[to]!.push(...outputs[fail[to]!]!);
      queue.push(to);
    }
  }

  // Most characters of a text start no term: the root's moves are a flat table, the rest stay in maps.
  const root = new Int32Array(0x10000);
  for (const [code, to] of next[0]!) root[code] = to;
  return {
    lengths,
    scan(text, onMatch) {
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        while (state !== 0 && !next[state]!.has(code)) state = fail[state]!;
        state = state === 0 ? root[code]! : next[state]!.get(code)!;
        if (state === 0) continue;
        const out = outputs[state]!;
        for (let j = 0; j < out.length; j++) onMatch(out[j]!, i + 1);
      }
    },
  };
}
