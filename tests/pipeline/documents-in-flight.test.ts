import { describe, expect, it } from 'vitest';
import { DocumentGate } from '../../src/pipeline/documents-in-flight.ts';

describe('DocumentGate: documents fetched and not yet stored, at most', () => {
  it('lets `max` refreshes in, holds the next until one leaves, and hands places on in arrival order', async () => {
    const gate = new DocumentGate();
    const a = await gate.enter(2);
    const b = await gate.enter(2);
    expect(gate.inFlight).toBe(2);
    const order: string[] = [];
    const noted = (name: string) => (leave: () => void) => {
      order.push(name);
      return leave;
    };
    const c = gate.enter(2).then(noted('c'));
    const d = gate.enter(2).then(noted('d'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]); // both wait: two places, both taken

    a();
    const leaveC = await c;
    expect(order).toEqual(['c']);
    expect(gate.inFlight).toBe(2);

    b();
    b(); // leaving twice gives back one place, not two
    const leaveD = await d;
    expect(order).toEqual(['c', 'd']);
    const e = gate.enter(2);
    let entered = false;
    void e.then(() => {
      entered = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(entered).toBe(false);

    leaveC();
    (await e)();
    leaveD();
    expect(gate.inFlight).toBe(0);
  });

  it('has as many places as the latest refresh asks for: more let waiting refreshes in first, fewer are taken back as places are left', async () => {
    const gate = new DocumentGate();
    const first = [await gate.enter(1)];
    const waiting = [gate.enter(1), gate.enter(1)];
    // A reload raises fetch.concurrency to 3: the two waiting take the new places before the newcomer, which waits.
    const newcomer = gate.enter(3);
    const [b, c] = await Promise.all(waiting);
    expect(gate.inFlight).toBe(3);
    let entered = false;
    void newcomer.then(() => {
      entered = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(entered).toBe(false);
    // Down to 1 again: a place left is taken back while more are taken than there are, not passed on.
    const late = gate.enter(1);
    first[0]!();
    b!();
    await new Promise((r) => setTimeout(r, 10));
    expect(entered).toBe(false);
    expect(gate.inFlight).toBe(1);
    c!();
    (await newcomer)();
    (await late)();
    expect(gate.inFlight).toBe(0);
  });
});
