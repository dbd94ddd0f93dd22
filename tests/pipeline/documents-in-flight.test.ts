import { describe, expect, it } from 'vitest';
import { DocumentGate } from '../../src/pipeline/documents-in-flight.ts';

describe('DocumentGate: documents fetched and not yet stored, at most', () => {
  it('lets `max` refreshes in, holds the next until one leaves, and hands places on in arrival order', async () => {
    const gate = new DocumentGate(2);
    const a = await gate.enter();
    const b = await gate.enter();
    expect(gate.inFlight).toBe(2);
    const order: string[] = [];
    const noted = (name: string) => (leave: () => void) => {
      order.push(name);
      return leave;
    };
    const c = gate.enter().then(noted('c'));
    const d = gate.enter().then(noted('d'));
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
    const e = gate.enter();
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
});
