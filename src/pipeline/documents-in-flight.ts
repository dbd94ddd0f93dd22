/**
 * Documents fetched and not yet stored, at most, in one process. The store's own limit (`Store.writeRoom`) counts only
 * what has reached its write queue; a document still being parsed, keyed or waiting for a read of the database is not
 * counted there. On PostgreSQL, where those reads wait for a pooled connection, a 1,000-source cycle fetched every
 * document before storing the first, and held all of them (620 MB against SQLite's 224 MB, BENCHMARKS.md sixth pass).
 * A refresh takes a place here before it asks for a fetch slot, and gives it back once its items are stored: waiting
 * here holds no fetch slot, which the refreshes that have a place may need for article pages.
 *
 * The places are as many as the documents the process may fetch at once (`fetch.concurrency`), as a cluster worker
 * takes that many jobs: fewer would leave fetch slots idle behind slow servers, and more only hold documents in memory
 * while the writer catches up, which made a cold cycle both larger and slower (BENCHMARKS.md, ninth pass).
 */
export class DocumentGate {
  private held = 0;
  private max = 1;
  private readonly waiting: (() => void)[] = [];

  /**
   * Resolves with the place's release once one is free; release it exactly once, however the refresh ends. `max`: the
   * places there are from now on (the config's, which a reload may change); places already taken stay taken.
   */
  async enter(max: number): Promise<() => void> {
    this.max = max;
    // More places than before: those already waiting take them first.
    while (this.held < this.max && this.waiting.length > 0) {
      this.held++;
      this.waiting.shift()!();
    }
    if (this.held >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The place passes straight to the next in line, so a newcomer can never overtake it, unless the places have
      // become fewer than those taken.
      const next = this.held <= this.max ? this.waiting.shift() : undefined;
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
