import { describe, expect, it } from 'vitest';
import { DatabaseFullError, DiskFullWatch, isDiskFull } from '../../src/store/disk-full.ts';
import { openTestStore } from '../helpers/store.ts';

// Issue 17.2 on PostgreSQL: the server's disk filling up reaches huiju as SQLSTATE 53100 (disk_full). Filling the
// server's disk is not this test's to do: a trigger makes the real server answer a write with that very error.

describe('the disk-full classifier', () => {
  it('knows SQLite\'s SQLITE_FULL and PostgreSQL\'s 53100, and nothing else', () => {
    expect(isDiskFull({ code: 'SQLITE_FULL' })).toBe(true);
    expect(isDiskFull({ code: '53100' })).toBe(true);
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_IOERR', '53200', '53300', '23505', undefined]) expect(isDiskFull({ code })).toBe(false);
    expect(isDiskFull(null)).toBe(false);
  });

  it('turns a disk-full error into "disk full: …" naming the database, remembered until a write succeeds', () => {
    const watch = new DiskFullWatch('the PostgreSQL database postgres://huiju@db/huiju');
    const err = Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100' });
    const out = watch.failed(err);
    expect(out).toBeInstanceOf(DatabaseFullError);
    expect((out as Error).message).toBe(
      'disk full: the PostgreSQL database postgres://huiju@db/huiju cannot grow (could not extend file "base/16384/16385": No space left on device); free space on that disk, or run `huiju prune`',
    );
    expect(watch.current()).toBe(out);
    const other = new Error('duplicate key');
    expect(watch.failed(other)).toBe(other);
    watch.wrote();
    expect(watch.current()).toBeNull();
  });
});

describe.runIf(process.env.HUIJU_TEST_ENGINE === 'postgres')('PostgreSQL answering a write with disk_full', () => {
  it('the store says "disk full" (for /healthz), keeps the failure it could not write, and clears once a write succeeds', async () => {
    const t = await openTestStore();
    await t.sql(`CREATE FUNCTION huiju_test_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file "base/1/2": No space left on device' USING ERRCODE = 'disk_full'; END $$`);
    await t.sql('CREATE TRIGGER full_disk BEFORE INSERT OR UPDATE ON sources FOR EACH ROW EXECUTE FUNCTION huiju_test_full()');
    const rec = { at: '2026-01-01T00:00:00.000Z', error: 'disk full: …', nextFetchAt: '2026-01-01T00:05:00.000Z' };

    const failed = await t.store.recordFailure('a', rec).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(DatabaseFullError);
    expect((failed as Error).message).toMatch(/^disk full: the PostgreSQL database postgres:\/\/.* cannot grow \(could not extend file/);
    expect(await t.store.diskFull()).toBe(failed);
    // What could not be written is still what /api/sources and the scheduler see.
    expect(await t.store.getSourceState('a')).toMatchObject({ lastError: rec.error, consecutiveFailures: 1, nextFetchAt: rec.nextFetchAt });
    expect((await t.store.listSourceStates()).get('a')).toMatchObject({ lastError: rec.error, itemCount: 0 });

    await t.sql('DROP TRIGGER full_disk ON sources');
    await t.store.transaction((tx) => tx.setMeta('probe', '1'));
    expect(await t.store.diskFull()).toBeNull();
  });
});
