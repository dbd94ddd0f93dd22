import type { FailureRecord, SourceState } from './store.ts';

/** What an operator can do, said once for every engine. */
const REMEDY = 'free space on that disk, or run `huiju prune`';

/**
 * The disk that holds the database is full: writes fail until space is freed, reads still answer. Not a damaged
 * database: nothing stored is lost, and writing works again as soon as there is room.
 */
export class DatabaseFullError extends Error {
  override readonly name = 'DatabaseFullError';
  /** @param reason what failed and where ("disk full: …"); the message adds what an operator can do. */
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${reason}; ${REMEDY}`, options);
  }
}

/** SQLITE_FULL; PostgreSQL's SQLSTATE 53100 (disk_full: the server could not extend a file). */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === '53100';
}

/** "disk full: …", naming the database and what the engine said. */
function diskFullReason(where: string, err: unknown): string {
  const said = err instanceof Error ? err.message : String(err);
  return `disk full: ${where} cannot grow (${said})`;
}

/**
 * Remembers that writes are failing for want of space, until one succeeds again. A fetch whose failure could not be
 * written (the disk is full) is remembered here instead, so /api/sources shows it and the scheduler backs off as if it
 * had been stored. Both engines keep one per store.
 */
export class DiskFullWatch {
  private full: DatabaseFullError | null = null;
  /** Failures the store could not write, by source: the last one, and how many in a row. */
  private readonly unrecorded = new Map<string, { rec: FailureRecord; count: number }>();

  constructor(private readonly where: string) {}

  /** The disk-full error now in force, or null while writes succeed. */
  current(): DatabaseFullError | null {
    return this.full;
  }

  /** A write failed: the error to pass on. A disk-full error becomes a DatabaseFullError, remembered until a write succeeds. */
  failed(err: unknown): unknown {
    if (err instanceof DatabaseFullError || !isDiskFull(err)) return err;
    this.full = new DatabaseFullError(diskFullReason(this.where, err), { cause: err });
    return this.full;
  }

  /**
   * A write succeeded: there is room again. What was kept of failures is dropped with it: each source's next fetch
   * stores its outcome (a source whose kept failure had pushed its next fetch back is fetched at its next run).
   */
  wrote(): void {
    this.full = null;
    this.unrecorded.clear();
  }

  /** A source's failure that could not be stored because the disk is full. */
  failureNotStored(sourceId: string, rec: FailureRecord): void {
    this.unrecorded.set(sourceId, { rec, count: (this.unrecorded.get(sourceId)?.count ?? 0) + 1 });
  }

  /** The source's state as stored, with a failure that could not be stored laid over it. */
  overlay<S extends SourceState>(state: S): S {
    const kept = this.unrecorded.get(state.id);
    if (!kept) return state;
    return {
      ...state,
      lastFetchAt: kept.rec.at,
      lastError: kept.rec.error,
      consecutiveFailures: state.consecutiveFailures + kept.count,
      nextFetchAt: kept.rec.nextFetchAt,
    };
  }

  /** Every source's state, overlaid; a source with no stored row yet gets one from `blank`. */
  overlayAll<S extends SourceState>(states: Map<string, S>, blank: (id: string) => S): Map<string, S> {
    if (this.unrecorded.size === 0) return states;
    const out = new Map(states);
    for (const id of this.unrecorded.keys()) out.set(id, this.overlay(states.get(id) ?? blank(id)));
    return out;
  }
}
