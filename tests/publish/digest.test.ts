import { describe, expect, it } from 'vitest';
import { dueDigest } from '../../src/publish/digest.ts';

const shanghai = { time: '08:00', timezone: 'Asia/Shanghai', top: 20, keep: 30 };

describe('which daily digest is due', () => {
  it('is today’s once its time has passed in the digest’s zone, yesterday’s before', () => {
    // 08:30 in Shanghai on 7 July.
    expect(dueDigest(shanghai, new Date('2024-07-07T00:30:00Z'))).toEqual({
      day: '2024-07-07',
      at: new Date('2024-07-07T00:00:00Z'),
      since: new Date('2024-07-06T00:00:00Z'),
    });
    // 07:59 in Shanghai on 7 July: still 6 July's.
    expect(dueDigest(shanghai, new Date('2024-07-06T23:59:00Z')).day).toBe('2024-07-06');
    // Exactly on time.
    expect(dueDigest(shanghai, new Date('2024-07-07T00:00:00Z')).day).toBe('2024-07-07');
    // 01:00 UTC on 7 July is already 09:00, the 7th, in Shanghai; 23:00 UTC on the 6th is 07:00 on the 7th.
    expect(dueDigest(shanghai, new Date('2024-07-06T23:00:00Z')).day).toBe('2024-07-06');
  });

  it('follows daylight saving time: 08:00 in Berlin is 06:00 UTC in summer, 07:00 in winter', () => {
    const berlin = { ...shanghai, timezone: 'Europe/Berlin' };
    expect(dueDigest(berlin, new Date('2024-07-07T12:00:00Z')).at.toISOString()).toBe('2024-07-07T06:00:00.000Z');
    expect(dueDigest(berlin, new Date('2024-01-07T12:00:00Z')).at.toISOString()).toBe('2024-01-07T07:00:00.000Z');
  });
});
