import { DatabaseCorruptError } from '../store.ts';
import type { Db } from './db.ts';

/** SQLite's result codes for a damaged database, or a disk that cannot read or write it (SQLITE_IOERR_*). */
const FAULT_CODES = /^SQLITE_(CORRUPT|NOTADB|IOERR)/;

/** Whether an error says the database file itself is damaged, rather than a query or a constraint failing. */
export function isDatabaseFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FAULT_CODES.test(code);
}

/** How often `ping` reads the whole file (quick_check reads every page: ≈1 s a GB); between checks it costs nothing. */
export const QUICK_CHECK_INTERVAL_MS = 10 * 60_000;

/**
 * Remembers the first fault any query met, and checks the file's structure now and then: a damaged page that no query
 * has read yet is found within QUICK_CHECK_INTERVAL_MS of huiju serve polling its health.
 */
export class FaultWatch {
  private fault: DatabaseCorruptError | null = null;
  private checkedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = QUICK_CHECK_INTERVAL_MS,
  ) {}

  /** Note `err` if it is a fault, and pass it on. */
  note(err: unknown): never {
    if (isDatabaseFault(err) && !this.fault) this.fault = new DatabaseCorruptError((err as Error).message, { cause: err });
    throw err;
  }

  /** Run a synchronous read, noting a fault it meets. */
  async read<T>(work: () => T): Promise<T> {
    try {
      return work();
    } catch (err) {
      return this.note(err);
    }
  }

  /** Throw the fault seen, or run `PRAGMA quick_check(1)` when the last check is older than the interval. */
  check(now = Date.now()): void {
    if (!this.fault && now - this.checkedAt >= this.intervalMs) {
      this.checkedAt = now;
      let result: unknown;
      try {
        result = this.db.pragma('quick_check(1)', { simple: true });
      } catch (err) {
        this.note(err);
      }
      if (result !== 'ok') this.fault = new DatabaseCorruptError(`quick_check: ${String(result)}`);
    }
    if (this.fault) throw this.fault;
  }
}
