/**
 * Settle within `ms`: if `work` has not settled by then, call `onLate` and resolve with undefined, leaving `work` to
 * finish (or not) on its own. A refresh that never settles (a parser that stops calling back) must not hold its source
 * and its fetch slot for ever: a service that runs for months would slowly stop fetching anything.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onLate: () => void): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      onLate();
      resolve(undefined);
    }, ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
