/**
 * A platform's send limit for one channel, in this process: at most `perMinute` in any sliding minute, and at least
 * `minGapMs` between two. `pauseUntil` holds the channel back after the platform itself said to wait.
 */
export class RateGate {
  private readonly sent: number[] = [];
  private pausedUntil = 0;

  constructor(private readonly limits: { perMinute: number; minGapMs: number }) {}

  /** Milliseconds until the next send is allowed (0: now). */
  waitMs(now: number): number {
    while (this.sent.length && this.sent[0]! <= now - 60_000) this.sent.shift();
    const last = this.sent.at(-1);
    const gap = last === undefined ? 0 : last + this.limits.minGapMs - now;
    const window = this.sent.length >= this.limits.perMinute ? this.sent[0]! + 60_000 - now : 0;
    return Math.max(0, gap, window, this.pausedUntil - now);
  }

  note(now: number): void {
    this.sent.push(now);
  }

  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}
