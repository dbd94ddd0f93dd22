import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FaultWatch, isDatabaseFault } from '../../src/store/sqlite/fault.ts';
import { DatabaseCorruptError } from '../../src/store/store.ts';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe.skipIf(process.env.HUIJU_TEST_ENGINE === 'postgres')('FaultWatch (issue 17.3)', () => {
  it.each([
    ['a corrupt page', 'SQLITE_CORRUPT', true],
    ['a file that is not a database', 'SQLITE_NOTADB', true],
    ['a disk that fails to read', 'SQLITE_IOERR_READ', true],
    ['a constraint', 'SQLITE_CONSTRAINT_UNIQUE', false],
    ['a busy database', 'SQLITE_BUSY', false],
  ])('%s is a fault of the file: %s', (_name, code, fault) => {
    expect(isDatabaseFault(sqliteError(code, 'x'))).toBe(fault);
  });

  it('remembers the first fault a read met, and ping-style checks throw it from then on', async () => {
    const watch = new FaultWatch(new Database(':memory:'));
    expect(() => watch.check()).not.toThrow();
    await expect(watch.read(() => 1)).resolves.toBe(1);
    await expect(watch.read(() => { throw sqliteError('SQLITE_CONSTRAINT', 'not a fault'); })).rejects.toThrow('not a fault');
    expect(() => watch.check()).not.toThrow();
    await expect(watch.read(() => { throw sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'); })).rejects.toThrow('malformed');
    expect(() => watch.check()).toThrow(DatabaseCorruptError);
    expect(() => watch.check()).toThrow('database disk image is malformed');
  });

  it('runs quick_check at most once an interval', () => {
    const db = new Database(':memory:');
    let checks = 0;
    const pragma = db.pragma.bind(db);
    db.pragma = ((source: string, opts?: { simple?: boolean }) => {
      checks++;
      return pragma(source, opts);
    }) as typeof db.pragma;
    const watch = new FaultWatch(db, 60_000);
    watch.check(0);
    watch.check(59_999);
    expect(checks).toBe(1);
    watch.check(60_000);
    expect(checks).toBe(2);
  });
});
