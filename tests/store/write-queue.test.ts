/**
 * SQLite's write queue (src/store/sqlite/write-queue.ts): how units of work share commits on one connection. SQLite
 * only: PostgreSQL gives each transaction a connection of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/sqlite/db.ts';
import { WriteQueue } from '../../src/store/sqlite/write-queue.ts';

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A writer with its queue and an independent reader on one database file, as the service and a second process would be. */
function twoConnections(): { writer: Db; reader: Db; queue: WriteQueue; rollbacks: () => number; groupsLost: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'huiju-queue-'));
  dirs.push(dir);
  const writer = openDatabase(join(dir, 'h.db'));
  // A deferred foreign key is checked at COMMIT: a row pointing nowhere makes the commit itself fail.
  writer.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (v TEXT NOT NULL, p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)');
  const reader = openDatabase(join(dir, 'h.db'));
  open.push(writer, reader);
  let rollbacks = 0;
  let groupsLost = 0;
  const queue = new WriteQueue(writer, {
    onRollback: (group) => {
      rollbacks++;
      if (group) groupsLost++;
    },
  });
  return { writer, reader, queue, rollbacks: () => rollbacks, groupsLost: () => groupsLost };
}

const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
const insert = (db: Db, v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;

describe('the SQLite write queue', () => {
  it('commits units queued in one turn of the event loop together, and settles them only after the commit', async () => {
    const { writer, reader, queue } = twoConnections();
    const seenBySecond: number[] = [];
    const unit = (v: string) => async () => {
      insert(writer, v);
      // Another connection sees nothing until the shared transaction commits.
      seenBySecond.push(count(reader));
      return writer.inTransaction;
    };
    const settledCounts: number[] = [];
    const all = ['a', 'b', 'c'].map((v) => queue.run(unit(v)).then((inTx) => {
      settledCounts.push(count(reader));
      return inTx;
    }));
    expect(await Promise.all(all)).toEqual([true, true, true]);
    expect(seenBySecond).toEqual([0, 0, 0]);
    expect(settledCounts).toEqual([3, 3, 3]);
  });

  it('undoes a unit that throws on its own; the others in its transaction still commit', async () => {
    const { writer, reader, queue, rollbacks, groupsLost } = twoConnections();
    const good = queue.run(async () => insert(writer, 'kept'));
    const bad = queue.run(async () => {
      insert(writer, 'undone');
      throw new Error('parse exploded halfway');
    });
    const alsoGood = queue.run(async () => insert(writer, 'kept too'));
    await expect(bad).rejects.toThrow('parse exploded halfway');
    expect(await good).toBe(1);
    expect(await alsoGood).toBe(1);
    expect(reader.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['kept', 'kept too']);
    // What was built in memory from the undone write (the band index) is told, and that the rest of the group stands.
    expect(rollbacks()).toBe(1);
    expect(groupsLost()).toBe(0);
  });

  it('rejects every unit of a group whose commit fails, and stores none of them', async () => {
    const { writer, reader, queue, rollbacks, groupsLost } = twoConnections();
    const a = queue.run(async () => writer.prepare('INSERT INTO t (v, p) VALUES (?, 999)').run('a'));
    const b = queue.run(async () => insert(writer, 'b'));
    await expect(a).rejects.toThrow(/FOREIGN KEY/);
    await expect(b).rejects.toThrow(/FOREIGN KEY/);
    expect(writer.inTransaction).toBe(false);
    expect(count(reader)).toBe(0);
    expect(rollbacks()).toBe(1);
    expect(groupsLost()).toBe(1);
    // The queue is not wedged: the next unit goes through.
    await queue.run(async () => insert(writer, 'c'));
    expect(count(reader)).toBe(1);
  });

  it('waits for another connection’s write lock from timers, with the event loop free, instead of failing', async () => {
    const { writer, reader, queue } = twoConnections();
    reader.exec('BEGIN IMMEDIATE');
    const write = queue.run(async () => insert(writer, 'after the lock'));
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(ticker);
    // A busy wait inside SQLite would have held the event loop for the whole 300 ms.
    expect(ticks).toBeGreaterThan(10);
    expect(count(reader)).toBe(0);
    reader.exec('ROLLBACK');
    expect(await write).toBe(1);
    expect(count(reader)).toBe(1);
  });

  it('stops taking units once a commit has worked for its budget, and lets the event loop run between commits', async () => {
    const { writer, reader, queue } = twoConnections();
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const events: string[] = [];
    const writes = [1, 2, 3, 4, 5].map((n) =>
      queue
        .run(async () => {
          busy(30);
          insert(writer, String(n));
          // What another connection sees: the rows of the commits before this unit's own.
          return count(reader);
        })
        .then((committedBefore) => events.push(`write ${n} after ${committedBefore}`)),
    );
    // Queued after the writes: runs as soon as the event loop gets a turn.
    setImmediate(() => events.push('event loop'));
    await Promise.all(writes);
    // 30 ms a unit against a 50 ms budget: the five units did not share one commit, and the loop ran in between.
    expect(events.at(-1)).toMatch(/^write 5 after [1-4]$/);
    expect(events.indexOf('event loop')).toBeGreaterThan(0);
    expect(events.indexOf('event loop')).toBeLessThan(events.length - 1);
  });

  it('makes a refresh wait for room while the queue is long, and lets it go as commits drain it', async () => {
    const { writer, queue } = twoConnections();
    expect(await Promise.race([queue.room().then(() => 'room'), new Promise((r) => setTimeout(() => r('waited'), 50))])).toBe('room');
    const queued = Array.from({ length: 40 }, (_, n) => queue.run(async () => insert(writer, String(n))));
    let roomAfter = -1;
    const room = queue.room().then(() => (roomAfter = count(writer)));
    // Nothing has been committed yet: the queue holds 40 units, more than the 16 it takes before refreshes wait.
    expect(roomAfter).toBe(-1);
    await Promise.all([...queued, room]);
    expect(roomAfter).toBeGreaterThan(40 - 16 - 1);
  });

  it('fails the queued units when no transaction can begin, rather than retrying them turn after turn', async () => {
    const { writer, queue } = twoConnections();
    const a = queue.run(async () => 'a');
    const b = queue.run(async () => 'b');
    writer.close();
    await expect(a).rejects.toThrow(/not open/);
    await expect(b).rejects.toThrow(/not open/);
  }, 5_000);
});
