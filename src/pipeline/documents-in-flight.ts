/**
 * Documents fetched and not yet stored, at most, in one process. The store's own limit (`Store.writeRoom`) counts only
 * what has reached its write queue; a document still being parsed, keyed or waiting for a read of the database is not
 * counted there. On PostgreSQL, where those reads wait for a pooled connection, a 1,000-source cycle fetched every
 * document before storing the first, and held all of them (620 MB against SQLite's 224 MB, BENCHMARKS.md sixth pass).
 * A refresh takes a place here before it asks for a fetch slot, and gives it back once its items are stored: waiting
 * here holds no fetch slot, which the refreshes that have a place may need for article pages.
 */
export const MAX_DOCUMENTS_IN_FLIGHT = 32;

export class DocumentGate {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max = MAX_DOCUMENTS_IN_FLIGHT) {}

  /** Resolves with the place's release once one is free; release it exactly once, however the refresh ends. */
  async enter(): Promise<() => void> {
    if (this.held >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The place passes straight to the next in line, so a newcomer can never overtake it.
      if (next) next();
      else this.held--;
    };
  }

  /** Places taken (tests). */
  get inFlight(): number {
    return this.held;
  }
}

/** The process's gate: every refresh in it, whatever started it, shares the limit. */
export const documentsInFlight = new DocumentGate();
