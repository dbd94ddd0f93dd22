import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';
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
    const watch = new FaultWatch(db, { intervalMs: 60_000 });
    watch.check(0);
    watch.check(59_999);
    expect(checks).toBe(1);
    watch.check(60_000);
    expect(checks).toBe(2);
  });

  /** A file database of a few hundred pages whose items table's pages are then overwritten, with no query reading them. */
  function damagedFile(): string {
    const file = join(tempDir('huiju-fault-'), 'damaged.db');
    const db = new Database(file);
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT)');
    const insert = db.prepare('INSERT INTO items (body) VALUES (?)');
    for (let i = 0; i < 400; i++) insert.run('正文'.repeat(500));
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize * 20, 0xa5), 0, pageSize * 20, pageSize * 50);
    closeSync(fd);
    return file;
  }

  it('checks a database file on a thread of its own: the call returns at once, and the calls after the check throw what it found', async () => {
    const file = damagedFile();
    const watch = new FaultWatch(new Database(file, { readonly: true }), { intervalMs: 60_000, file });
    expect(() => watch.check(0)).not.toThrow(); // started, not waited for
    expect(watch.running).not.toBeNull();
    await watch.running;
    expect(() => watch.check(1)).toThrow(DatabaseCorruptError);
    expect(() => watch.check(2)).toThrow(/quick_check|malformed/);
  });

  it('finds nothing wrong with a sound file, on its thread', async () => {
    const file = join(tempDir('huiju-fault-'), 'sound.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    const watch = new FaultWatch(db, { intervalMs: 60_000, file });
    watch.check(0);
    await watch.running;
    expect(() => watch.check(60_000)).not.toThrow();
    await watch.running;
    expect(() => watch.check(60_001)).not.toThrow();
  });
});
