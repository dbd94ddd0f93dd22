import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
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
 * quick_check on a read-only connection of its own, in a worker thread: it reads every page of the file (10–12 s for
 * a 1.7 GB database, seen in a profile of huiju serve), and on the serving thread nothing else would be answered
 * meanwhile. The thread loads the same better-sqlite3 huiju does, by path, from src/ or dist/ alike.
 */
const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');
const QUICK_CHECK_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
let reply;
try {
  const db = new (require(workerData.module))(workerData.file, { readonly: true, fileMustExist: true });
  try { reply = { result: String(db.pragma('quick_check(1)', { simple: true })) }; } finally { db.close(); }
} catch (err) {
  reply = { error: { message: String(err && err.message), code: err && err.code } };
}
parentPort.postMessage(reply);`;

type CheckReply = { result: string } | { error: { message: string; code?: string } };

function quickCheckOffThread(file: string): Promise<CheckReply> {
  return new Promise((resolve) => {
    const thread = new Worker(QUICK_CHECK_THREAD, { eval: true, workerData: { module: SQLITE_MODULE, file } });
    thread.once('message', (reply: CheckReply) => resolve(reply));
    // A thread that could not run says nothing of the file.
    thread.once('error', () => resolve({ result: 'ok' }));
    thread.once('exit', () => resolve({ result: 'ok' }));
  });
}

/**
 * Remembers the first fault any query met, and checks the file's structure now and then: a damaged page that no query
 * has read yet is found within QUICK_CHECK_INTERVAL_MS of huiju serve polling its health (plus the check's own time,
 * when the database is a file and the check runs on a thread of its own).
 */
export class FaultWatch {
  private fault: DatabaseCorruptError | null = null;
  private checkedAt = -Infinity;
  /** The check under way on its own thread, if one is. */
  running: Promise<void> | null = null;

  private readonly intervalMs: number;
  /** The database file, checked on a thread of its own; without one (`:memory:`) the check runs here. */
  private readonly file: string | null;

  constructor(
    private readonly db: Db,
    opts: { file?: string | null; intervalMs?: number } = {},
  ) {
    this.intervalMs = opts.intervalMs ?? QUICK_CHECK_INTERVAL_MS;
    this.file = opts.file ?? null;
  }

  /** Note `err` if it is a fault, and pass it on. */
  note(err: unknown): never {
    if (isDatabaseFault(err) && !this.fault) this.fault = new DatabaseCorruptError((err as Error).message, { cause: err });
    throw err;
  }

  /** Run a read (synchronous, or on a worker thread), noting a fault it meets. */
  async read<T>(work: () => T | Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      return this.note(err);
    }
  }

  /**
   * Throw the fault seen, and start `PRAGMA quick_check(1)` when the last check is older than the interval: on its own
   * thread for a file (its verdict is thrown by the calls after it ends), here for an in-memory database.
   */
  check(now = Date.now()): void {
    if (!this.fault && !this.running && now - this.checkedAt >= this.intervalMs) {
      this.checkedAt = now;
      if (this.file) {
        this.running = quickCheckOffThread(this.file).then((reply) => {
          this.running = null;
          this.verdict(reply);
        });
      } else {
        try {
          this.verdict({ result: String(this.db.pragma('quick_check(1)', { simple: true })) });
        } catch (err) {
          this.verdict({ error: { message: (err as Error).message, code: (err as { code?: string }).code } });
        }
      }
    }
    if (this.fault) throw this.fault;
  }

  private verdict(reply: CheckReply): void {
    if (this.fault) return;
    if ('error' in reply) {
      if (isDatabaseFault(reply.error)) this.fault = new DatabaseCorruptError(reply.error.message);
    } else if (reply.result !== 'ok') {
      this.fault = new DatabaseCorruptError(`quick_check: ${reply.result}`);
    }
  }
}
