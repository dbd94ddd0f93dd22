import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/scheduler/deadline.ts';

const never = () => new Promise<never>(() => {});

describe('withDeadline', () => {
  it('passes a result through when the work settles in time, without calling onLate', async () => {
    let late = 0;
    expect(await withDeadline(Promise.resolve(42), 1_000, () => late++)).toBe(42);
    await expect(withDeadline(Promise.reject(new Error('boom')), 1_000, () => late++)).rejects.toThrow('boom');
    expect(late).toBe(0);
  });

  it('gives up on work that never settles, and says so, so whatever waits on it (a fetch slot, a source) is freed', async () => {
    let late = 0;
    const freed: string[] = [];
    await withDeadline(never(), 20, () => late++).finally(() => freed.push('slot'));
    expect(late).toBe(1);
    expect(freed).toEqual(['slot']);
  });
});
