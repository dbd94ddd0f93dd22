import { setMaxListeners } from 'node:events';
import type { ResolvedSource } from '../config/schema.ts';
import { fetchOptionsFromConfig } from '../fetch/options.ts';
import { withDeadline } from '../scheduler/deadline.ts';
import { MAX_ARTICLES_PER_REFRESH } from './articles.ts';
import { refreshSource, type RefreshDeps } from './refresh.ts';

type Refreshed = Awaited<ReturnType<typeof refreshSource>>;

export interface RefreshRunnerDeps {
  /** What a refresh starting now uses: the config, tagger and limiter of the moment (a reload replaces them). */
  current: () => Omit<RefreshDeps, 'fetchOptions' | 'redefined'>;
  /** The environment's proxy settings (HTTPS_PROXY, …). */
  env: Parameters<typeof fetchOptionsFromConfig>[2];
  /** After each refresh, done or failed: new stories were queued for delivery in its transactions. */
  onSettled?: () => void;
}

/**
 * Refreshes as `huiju serve` and `huiju worker` run them: each with an abort signal of its own (shutdown aborts those
 * in flight), and a deadline after which its slot is freed whether or not it finished.
 */
export function createRefreshRunner(deps: RefreshRunnerDeps) {
  /**
   * The abort controller of each refresh in flight. Each refresh has its own; one signal shared by every fetch gathered
   * a listener per fetch in flight, and Node printed a MaxListenersExceededWarning (not a JSON line) into the log as
   * soon as more than ten were.
   */
  const inFlight = new Set<AbortController>();
  return {
    /** Refresh `source`; undefined when it outlived `deadlineMs` (`onLate` was called, with its abort controller). */
    run(source: ResolvedSource, redefined: boolean, deadlineMs: number, onLate: (controller: AbortController) => void): Promise<Refreshed | undefined> {
      const controller = new AbortController();
      // Listening on it at once: the source's document, then at most this many article pages of a scraped source.
      setMaxListeners(1 + MAX_ARTICLES_PER_REFRESH, controller.signal);
      inFlight.add(controller);
      const current = deps.current();
      const fetchOptions = fetchOptionsFromConfig(current.config.fetch, controller.signal, deps.env);
      const work = refreshSource(source, { ...current, fetchOptions, redefined }).finally(() => {
        inFlight.delete(controller);
        deps.onSettled?.();
      });
      return withDeadline(work, deadlineMs, () => onLate(controller));
    },
    /** Abort every refresh in flight (shutdown's last resort). */
    abortAll(): void {
      for (const controller of inFlight) controller.abort();
    },
  };
}
