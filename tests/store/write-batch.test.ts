import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchedWrite, writeRoom } from '../../src/store/write-batch.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A writer and an independent reader on one database file, as the service and a second process would be. */
function twoConnections(): { writer: Db; reader: Db } {
  const dir = mkdtempSync(join(tmpdir(), 'huiju-batch-'));
  dirs.push(dir);
  const writer = openDatabase(join(dir, 'h.db'));
  writer.exec('CREATE TABLE t (v TEXT NOT NULL)');
  const reader = openDatabase(join(dir, 'h.db'));
  open.push(writer, reader);
  return { writer, reader };
}

const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;

describe('batchedWrite', () => {
  it('commits writes queued in one turn of the event loop together, and settles them only after the commit', async () => {
    const { writer, reader } = twoConnections();
    const seenBySecond: number[] = [];
    const insert = (v: string) => () => {
      writer.prepare('INSERT INTO t (v) VALUES (?)').run(v);
      // Another connection sees nothing until the shared transaction commits.
      seenBySecond.push(count(reader));
      return writer.inTransaction;
    };
    const settledCounts: number[] = [];
    const all = ['a', 'b', 'c'].map((v) => batchedWrite(writer, insert(v)).then((inTx) => (settledCounts.push(count(reader)), inTx)));
    expect(await Promise.all(all)).toEqual([true, true, true]);
    expect(seenBySecond).toEqual([0, 0, 0]);
    expect(settledCounts).toEqual([3, 3, 3]);
  });

  it('undoes a write that throws on its own; the others in its transaction still commit', async () => {
    const { writer, reader } = twoConnections();
    const good = batchedWrite(writer, () => writer.prepare('INSERT INTO t (v) VALUES (?)').run('kept').changes);
    const bad = batchedWrite(writer, () => {
      writer.prepare('INSERT INTO t (v) VALUES (?)').run('undone');
      throw new Error('parse exploded halfway');
    });
    const alsoGood = batchedWrite(writer, () => writer.prepare('INSERT INTO t (v) VALUES (?)').run('kept too').changes);
    await expect(bad).rejects.toThrow('parse exploded halfway');
    expect(await good).toBe(1);
    expect(await alsoGood).toBe(1);
    expect(reader.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['kept', 'kept too']);
  });

  it('rejects every write of a group whose commit fails, and stores none of them', async () => {
    const { writer, reader } = twoConnections();
    // A reader holding a write lock makes the writer's COMMIT fail once its busy timeout is spent.
    writer.pragma('busy_timeout = 0');
    reader.exec('BEGIN IMMEDIATE');
    const a = batchedWrite(writer, () => writer.prepare('INSERT INTO t (v) VALUES (?)').run('a'));
    const b = batchedWrite(writer, () => writer.prepare('INSERT INTO t (v) VALUES (?)').run('b'));
    await expect(a).rejects.toThrow(/locked|busy/i);
    await expect(b).rejects.toThrow(/locked|busy/i);
    reader.exec('ROLLBACK');
    expect(count(reader)).toBe(0);
    // The queue is not wedged: the next write goes through.
    await batchedWrite(writer, () => writer.prepare('INSERT INTO t (v) VALUES (?)').run('c'));
    expect(count(reader)).toBe(1);
  });

  it('stops taking writes once a commit has worked for its budget, and lets the event loop run between commits', async () => {
    const { writer, reader } = twoConnections();
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const events: string[] = [];
    const writes = [1, 2, 3, 4, 5].map((n) =>
      batchedWrite(writer, () => {
        busy(30);
        writer.prepare('INSERT INTO t (v) VALUES (?)').run(String(n));
        // What another connection sees: the rows of the commits before this write's own.
        return count(reader);
      }).then((committedBefore) => events.push(`write ${n} after ${committedBefore}`)),
    );
    // Queued after the writes: runs as soon as the event loop gets a turn.
    setImmediate(() => events.push('event loop'));
    await Promise.all(writes);
    // 30 ms a write against a 50 ms budget: the five writes did not share one commit, and the loop ran in between.
    expect(events.at(-1)).toMatch(/^write 5 after [1-4]$/);
    expect(events.indexOf('event loop')).toBeGreaterThan(0);
    expect(events.indexOf('event loop')).toBeLessThan(events.length - 1);
  });

  it('makes a refresh wait for room while the write queue is long, and lets it go as commits drain it', async () => {
    const { writer } = twoConnections();
    expect(await Promise.race([writeRoom(writer).then(() => 'room'), new Promise((r) => setTimeout(() => r('waited'), 50))])).toBe('room');
    const queued = Array.from({ length: 40 }, (_, n) => batchedWrite(writer, () => writer.prepare('INSERT INTO t (v) VALUES (?)').run(String(n))));
    let roomAfter = -1;
    const room = writeRoom(writer).then(() => (roomAfter = count(writer)));
    // Nothing has been committed yet: the queue holds 40 writes, more than the 16 it takes before refreshes wait.
    expect(roomAfter).toBe(-1);
    await Promise.all([...queued, room]);
    expect(roomAfter).toBeGreaterThan(40 - 16 - 1);
  });

  it('fails the queued writes when no transaction can begin, rather than retrying them turn after turn', async () => {
    const { writer } = twoConnections();
    const a = batchedWrite(writer, () => 'a');
    const b = batchedWrite(writer, () => 'b');
    writer.close();
    await expect(a).rejects.toThrow(/not open/);
    await expect(b).rejects.toThrow(/not open/);
  });
});
