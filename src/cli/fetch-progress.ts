import type { RefreshResult } from '../pipeline/refresh.ts';
import type { ProgressSink } from './copy-progress.ts';

/** How a cycle is going: sources finished so far, and what they brought. */
export interface CycleTally {
  total: number;
  done: number;
  ok: number;
  notModified: number;
  failed: number;
  new: number;
  updated: number;
}

const n = (x: number) => x.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function emptyTally(total: number): CycleTally {
  return { total, done: 0, ok: 0, notModified: 0, failed: 0, new: 0, updated: 0 };
}

export function addResult(t: CycleTally, r: RefreshResult): void {
  t.done += 1;
  if (!r.ok) {
    t.failed += 1;
    return;
  }
  t.ok += 1;
  if (r.notModified) t.notModified += 1;
  t.new += r.counts.new;
  t.updated += r.counts.updated;
}

/** `fetching 12/50 sources, 1 failing, 4.2 s`: redrawn in place on a terminal. */
export function progressLine(t: CycleTally, elapsedMs: number): string {
  const failing = t.failed ? `, ${n(t.failed)} failing` : '';
  return `fetching ${n(t.done)}/${n(t.total)} source${t.total === 1 ? '' : 's'}${failing}, ${seconds(elapsedMs)}`;
}

/** `50 sources: 48 ok (3 not modified), 2 failed, 1,234 new, 5 updated in 12.3 s` */
export function cycleSummary(t: CycleTally, elapsedMs: number): string {
  const notModified = t.notModified ? ` (${n(t.notModified)} not modified)` : '';
  return (
    `${n(t.total)} source${t.total === 1 ? '' : 's'}: ${n(t.ok)} ok${notModified}, ${n(t.failed)} failed, ` +
    `${n(t.new)} new, ${n(t.updated)} updated in ${seconds(elapsedMs)}`
  );
}

/**
 * Reports a cycle as it goes: each result line on `out` as its source finishes. On a terminal (`terminal.isTTY`), also
 * a progress line redrawn in place (cleared before each result line, so the two never mix) and the summary at the end.
 */
export function cycleReporter(
  total: number,
  out: (line: string) => void,
  format: (r: RefreshResult) => string,
  terminal?: ProgressSink,
  now: () => number = Date.now,
) {
  const tally = emptyTally(total);
  const started = now();
  const tty = terminal?.isTTY ? terminal : undefined;
  const draw = () => tty?.write(`\r${progressLine(tally, now() - started)}\x1b[K`);
  const clear = () => tty?.write('\r\x1b[K');
  // The elapsed time keeps moving while one slow source holds the rest of the cycle.
  const timer = tty ? setInterval(draw, 250) : undefined;
  timer?.unref();
  draw();
  return {
    tally,
    onResult(r: RefreshResult) {
      addResult(tally, r);
      clear();
      out(format(r));
      draw();
    },
    /** Stop redrawing; on a terminal, replace the progress line with the summary. */
    finish() {
      clearInterval(timer);
      clear();
      tty?.write(`${cycleSummary(tally, now() - started)}\n`);
    },
  };
}
