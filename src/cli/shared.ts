import { formatProblems, loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { createLimiter } from '../fetch/limiter.ts';
import { fetchOptionsFromConfig, limiterOptionsFromConfig } from '../fetch/options.ts';
import type { Logger } from '../log.ts';
import type { RefreshDeps } from '../pipeline/refresh.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { compileTagger } from '../tag/index.ts';
import type { ProgressSink } from './copy-progress.ts';

/** Exit codes: scripts depend on them. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Where a command writes: `out` is its output (stdout), `err` its messages (stderr). */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

/** The real stderr, for progress redrawn in place; absent when a test passes its own Io. */
export type Terminal = ProgressSink | undefined;

/** What the long-running commands (`serve`, `web`, `worker`) are started with. */
export interface ServerCommandOptions {
  configFile: string;
  dbFile: string;
  host: string;
  /** As given (--port, PORT or the default); checked once the config is. */
  port: string;
  log: Logger;
}

/** Open the store, run `work` with it, and close it whatever happens. */
export async function withStore<T>(location: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The config in `file`, or null after printing every problem with its JSON path. */
/** A port as given (--port, PORT or the default), or null after saying what is wrong. */
export function parsePort(value: string, io: Pick<Io, 'err'>): number | null {
  const port = Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  io.err('--port must be a number from 0 to 65535');
  return null;
}

export function readConfig(file: string, io: Pick<Io, 'err'>): Config | null {
  const result = loadConfig(file);
  if (result.ok) return result.config;
  io.err(`${file} is not a valid huiju config:\n${formatProblems(result.problems)}`);
  return null;
}

/** What refreshing sources needs, built from one config: the tagger, the limiter and the fetch options. */
export function refreshSetup(store: Store, config: Config, log: Logger): RefreshDeps {
  return {
    store,
    config,
    tagger: compileTagger(config.tags),
    log,
    limiter: createLimiter(limiterOptionsFromConfig(config.fetch)),
    fetchOptions: fetchOptionsFromConfig(config.fetch, undefined, process.env),
  };
}
