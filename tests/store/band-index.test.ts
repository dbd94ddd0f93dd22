import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BandIndex } from '../../src/store/band-index.ts';
import { nearCandidates, rankBandCandidates, ROWS_PER_BAND } from '../../src/store/rules.ts';

/** Entries one lookup walks, from the index's counter. */
function walked(index: BandIndex, bands: number[], perBand: number): number {
  const before = index.visited;
  index.shared(bands, perBand);
  return index.visited - before;
}

/** A band key as minHashBands makes them: 32 well-mixed bits. */
const key = (n: number) => Math.imul(n + 1, 0x9e3779b1) >>> 0;

/**
 * What `shared` answers, from a plain list of (band, item) pairs in the order added: per band, its newest `perBand`
 * distinct items not forgotten (id above `floor`), each counted once for every band it is found under.
 */
function sharedInModel(model: readonly { band: number; id: number }[], floor: number, lookup: number[], perBand: number): Map<number, number> {
  const expected = new Map<number, number>();
  for (const band of lookup) {
    const ids: number[] = [];
    for (let i = model.length - 1; i >= 0 && ids.length < perBand; i--) {
      const e = model[i]!;
      if (e.band === band && e.id > floor && !ids.includes(e.id)) ids.push(e.id);
    }
    for (const id of ids) expected.set(id, (expected.get(id) ?? 0) + 1);
  }
  return expected;
}

describe('BandIndex', () => {
  it('counts the bands each item shares with a lookup', () => {
    const index = new BandIndex();
    index.add(1, [10, 20, 30]);
    index.add(2, [20, 30, 40]);
    index.add(3, [50]);
    expect(index.shared([20, 30, 60], 32)).toEqual(new Map([[2, 2], [1, 2]]));
    expect(index.shared([99], 32).size).toBe(0);
  });

  it('takes only the newest items of a crowded band', () => {
    const index = new BandIndex();
    for (let id = 1; id <= 100; id++) index.add(id, [7]);
    expect([...index.shared([7], 5).keys()]).toEqual([100, 99, 98, 97, 96]);
  });

  it('counts an item listed again under changed bands once per band', () => {
    const index = new BandIndex();
    index.add(1, [10, 20]);
    index.add(1, [10, 30]);
    expect(index.shared([10, 20, 30], 32)).toEqual(new Map([[1, 3]]));
  });

  it('tells keys apart that land in the same bucket', () => {
    const index = new BandIndex();
    index.add(1, [5]);
    index.add(2, [5 + 1024 * 7]);
    expect(index.shared([5], 32)).toEqual(new Map([[1, 1]]));
  });

  it('skips forgotten items at once and drops them when it compacts', () => {
    const index = new BandIndex();
    for (let id = 1; id <= 3000; id++) index.add(id, [id % 50, 1000 + id]);
    index.forgetUpTo(2990);
    expect(index.shared([1000 + 5, 1000 + 2995], 32)).toEqual(new Map([[2995, 1]]));
    expect(index.size).toBe(20); // 6,000 entries, twice the minimum: compacted to the 10 items left
    index.add(3001, [45]);
    expect([...index.shared([45], 32).keys()]).toEqual([3001, 2995]);
  });

  it('walks only the entries of the keys looked up: a crowded key costs another key nothing', () => {
    const index = new BandIndex();
    // Chains shared by a bucket (a key's low bits) made this lookup walk all 5,000 entries of the crowded key.
    const crowded = 0x1234;
    for (let id = 1; id <= 5000; id++) index.add(id, [crowded, key(id)]);
    index.add(5001, [crowded + 2 ** 31]);
    expect(walked(index, [crowded + 2 ** 31], 32)).toBe(1);
    expect(walked(index, [crowded], 32)).toBe(32);
  });

  it('stops a lookup where the forgotten items begin, before any compaction', () => {
    const index = new BandIndex();
    for (let id = 1; id <= 2000; id++) index.add(id, [key(id)]);
    index.forgetUpTo(1); // compacts: the next compaction waits until the index grows a quarter
    for (let id = 2001; id <= 2400; id++) index.add(id, [7]);
    index.forgetUpTo(2395);
    expect(index.size).toBe(2399); // not compacted
    expect(walked(index, [7], 32)).toBe(5);
  });

  it('walks perBand entries of each shared band in a batch of items alike, and nothing else, however many it holds', () => {
    // Items alike but for a number: 25 of their 30 bands are the same for all, 5 their own.
    const bandsOf = (id: number) => Array.from({ length: 30 }, (_, b) => (b < 25 ? key(b) : key(1000 + id * 30 + b)));
    const index = new BandIndex();
    let expected = 0;
    for (let id = 1; id <= 10_000; id++) {
      index.shared(bandsOf(id), ROWS_PER_BAND);
      expected += 25 * Math.min(ROWS_PER_BAND, id - 1);
      index.add(id, bandsOf(id));
    }
    expect(index.visited).toBe(expected);
  });

  it('ranks near-duplicate candidates as rankBandCandidates ranks the shared counts', () => {
    const band = fc.integer({ min: 0, max: 60 }).map(key);
    fc.assert(
      fc.property(
        fc.array(fc.array(band, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 400 }),
        fc.array(band, { maxLength: 30 }),
        fc.nat({ max: 100 }),
        (adds, lookup, forget) => {
          const index = new BandIndex();
          adds.forEach((bands, i) => {
            index.add(i % 7 === 6 ? i - 3 : i + 1, bands);
          });
          index.forgetUpTo(forget);
          const expected = rankBandCandidates(index.shared(lookup, ROWS_PER_BAND));
          expect(nearCandidates(index, lookup)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers as a plain list of (band, item) pairs would, through growth and compaction', () => {
    const op = fc.oneof(
      fc.record({ add: fc.array(fc.integer({ min: 0, max: 300 }).map((k) => k * 2654435761 >>> 0), { maxLength: 30, size: 'max' }) }),
      fc.record({ forget: fc.nat({ max: 40 }) }),
      fc.record({ lookup: fc.array(fc.integer({ min: 0, max: 300 }).map((k) => k * 2654435761 >>> 0), { maxLength: 30 }), perBand: fc.integer({ min: 1, max: 8 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 100, maxLength: 300, size: 'max' }), (ops) => {
        const index = new BandIndex(2); // four entries a chunk: growth and compaction cross chunks all the time
        const model: { band: number; id: number }[] = [];
        let nextId = 1;
        let floor = 0;
        for (const o of ops) {
          if ('add' in o) {
            // Now and then an old item again, as an update re-lists it.
            const id = nextId > 3 && o.add.length % 5 === 0 ? nextId - 3 : nextId++;
            index.add(id, o.add);
            for (const band of o.add) model.push({ band, id });
          } else if ('forget' in o) {
            floor = Math.max(floor, nextId - o.forget);
            index.forgetUpTo(nextId - o.forget);
          } else {
            expect(index.shared(o.lookup, o.perBand)).toEqual(sharedInModel(model, floor, o.lookup, o.perBand));
          }
        }
      }),
      // No shrinking: a counterexample hundreds of operations long takes minutes to shrink.
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('takes back what was added and forgotten since a mark, as if it never happened, or refuses after a compaction', () => {
    const band = fc.integer({ min: 0, max: 300 }).map((k) => k * 2654435761 >>> 0);
    const op = fc.oneof(
      fc.record({ add: fc.array(band, { maxLength: 30, size: 'max' }) }),
      fc.record({ forget: fc.nat({ max: 40 }) }),
      fc.record({ mark: fc.constant(true) }),
      fc.record({ undo: fc.constant(true) }),
      fc.record({ lookup: fc.array(band, { maxLength: 30 }), perBand: fc.integer({ min: 1, max: 8 }) }),
    );
    let undone = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 100, maxLength: 300, size: 'max' }), (ops) => {
        const index = new BandIndex(4);
        let model: { band: number; id: number }[] = [];
        let nextId = 1;
        let floor = 0;
        const marks: { at: ReturnType<BandIndex['mark']>; model: typeof model; nextId: number; floor: number }[] = [];
        for (const o of ops) {
          if ('add' in o) {
            const id = nextId > 3 && o.add.length % 5 === 0 ? nextId - 3 : nextId++;
            index.add(id, o.add);
            for (const b of o.add) model.push({ band: b, id });
          } else if ('forget' in o) {
            floor = Math.max(floor, nextId - o.forget);
            index.forgetUpTo(nextId - o.forget);
          } else if ('mark' in o) {
            marks.push({ at: index.mark(), model: [...model], nextId, floor });
          } else if ('undo' in o) {
            const m = marks.pop();
            if (!m) continue;
            const before = index.mark();
            if (index.undoTo(m.at)) {
              // Ids handed out again after a rollback, as SQLite does: they must not find the undone entries.
              ({ model, nextId, floor } = m);
              undone++;
            } else {
              expect(index.mark(), 'a refused undo changes nothing').toEqual(before);
              marks.length = 0; // a compaction moved every entry: no earlier mark holds either
            }
          } else {
            expect(index.shared(o.lookup, o.perBand)).toEqual(sharedInModel(model, floor, o.lookup, o.perBand));
          }
        }
      }),
      { numRuns: 100, endOnFailure: true },
    );
    // Undoing was exercised (a compaction between a mark and its undo is rare here: the next test makes one).
    expect(undone).toBeGreaterThan(100);
  });

  it('refuses to undo across a compaction, which moved the entries a mark counts', () => {
    const index = new BandIndex();
    for (let id = 1; id <= 100; id++) index.add(id, [key(id), key(id + 1000)]);
    const mark = index.mark();
    for (let id = 101; id <= 1000; id++) index.add(id, [key(id), key(id + 1000)]);
    index.forgetUpTo(900);
    expect(index.size).toBeLessThan(1000); // compacted
    expect(index.undoTo(mark)).toBe(false);
    expect(index.shared([key(950)], 8)).toEqual(new Map([[950, 1]]));
    // Without a compaction between, the same undo goes through.
    const again = index.mark();
    index.add(2000, [key(950)]);
    expect(index.undoTo(again)).toBe(true);
    expect(index.shared([key(950)], 8)).toEqual(new Map([[950, 1]]));
  });
});
