import { addSearchEntry, replaceSearchEntry } from './items.ts';
import type { Db } from './db.ts';

type SearchWrite = { kind: 'add' | 'replace'; id: number; title: string; text: string };

/**
 * The full-text index writes of one write-queue transaction, held back and made together just before it commits.
 *
 * FTS5 writes what it has buffered as a new index segment whenever a savepoint opens, and the write queue opens one
 * for every unit of work (a document's chunk): so each unit's items made a small segment of their own, and merging
 * those small segments was most of what indexing cost. Held until the units are done, a transaction's items make one
 * segment. They still commit with the items they index, so nothing is ever stored unsearchable, and a unit that is
 * undone takes its held writes with it.
 *
 * Nothing reads the index between a unit and its commit: the queue's units run back to back, and reads (HTTP, the
 * other stages) run only between flushes.
 */
export class HeldSearchWrites {
  private held: SearchWrite[] = [];

  constructor(private readonly db: Db) {}

  add(id: number, title: string, text: string): void {
    this.held.push({ kind: 'add', id, title, text });
  }

  replace(id: number, title: string, text: string): void {
    this.held.push({ kind: 'replace', id, title, text });
  }

  /** Where the next unit's writes begin: `undoTo` it to drop that unit's writes alone. */
  mark(): number {
    return this.held.length;
  }

  undoTo(mark: number): void {
    this.held.length = mark;
  }

  /** Make the held writes, in the order they were asked for (a later replace follows the add it replaces). */
  apply(): void {
    const writes = this.held;
    this.held = [];
    for (const w of writes) {
      if (w.kind === 'add') addSearchEntry(this.db, w.id, w.title, w.text);
      else replaceSearchEntry(this.db, w.id, w.title, w.text);
    }
  }

  /** The transaction is gone: forget what it held. */
  drop(): void {
    this.held = [];
  }
}
