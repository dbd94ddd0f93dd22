import { describe, expect, it } from 'vitest';
import { createSemaphore } from '../../src/scheduler/semaphore.ts';
import { withDeadline } from '../../src/scheduler/deadline.ts';

const never = () => new Promise<never>(() => {});

describe('withDeadline', () => {
  it('passes a result through when the work settles in time, without calling onLate', async () => {
    let late = 0;
    expect(await withDeadline(Promise.resolve(42), 1_000, () => late++)).toBe(42);
    await expect(withDeadline(Promise.reject(new Error('boom')), 1_000, () => late++)).rejects.toThrow('boom');
    expect(late).toBe(0);
  });

  it('gives up on work that never settles, and says so', async () => {
    let late = 0;
    expect(await withDeadline(never(), 20, () => late++)).toBeUndefined();
    expect(late).toBe(1);
  });

  it('frees a fetch slot held by a refresh that hangs, so the other sources still run', async () => {
    const limit = createSemaphore(1);
    const ran: string[] = [];
    const hung = limit(() => withDeadline(never(), 20, () => ran.push('gave up on hung')));
    const next = limit(async () => ran.push('next source'));
    await Promise.all([hung, next]);
    expect(ran).toEqual(['gave up on hung', 'next source']);
  });
});
