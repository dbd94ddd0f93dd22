import type { Logger } from '../log.ts';
import { catchUpStoredItems } from '../pipeline/catch-up.ts';
import { formatResult, runCycle } from '../pipeline/cycle.ts';
import { cycleReporter } from './fetch-progress.ts';
import { EXIT, readConfig, refreshSetup, withStore, type Io, type Terminal } from './shared.ts';

export interface FetchCommandOptions {
  configFile: string;
  dbFile: string;
  /** Sources named with --source; empty for every enabled source. */
  wanted: readonly string[];
  log: Logger;
  /** Drop the "fetch failed" warnings on a terminal, where each failure's result line already says it. */
  quietFailures: boolean;
}

/**
 * `huiju fetch`: one cycle over every enabled source (or the named ones). A line per source as it finishes; on a
 * terminal also a progress line and a summary. Exit 1 when a named source fails, or when the disk is full; a full cycle
 * exits 0 otherwise.
 */
export async function fetchCommand(opts: FetchCommandOptions, io: Io, terminal?: Terminal): Promise<number> {
  const config = readConfig(opts.configFile, io);
  if (!config) return EXIT.usage;
  const { wanted } = opts;
  const unknown = wanted.filter((id) => !config.sources.some((s) => s.id === id));
  if (unknown.length) {
    io.err(`unknown source${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    return EXIT.usage;
  }
  const sources = wanted.length ? config.sources.filter((s) => wanted.includes(s.id)) : config.sources.filter((s) => s.enabled);
  const log = opts.quietFailures && terminal?.isTTY ? withoutFetchFailures(opts.log) : opts.log;
  const { results, full } = await withStore(opts.dbFile, async (store) => {
    const deps = refreshSetup(store, config, log);
    await catchUpStoredItems(store, deps.tagger, log);
    const reporter = cycleReporter(sources.length, io.out, formatResult, terminal);
    try {
      return { results: await runCycle(sources, deps, reporter.onResult), full: await store.diskFull() };
    } finally {
      reporter.finish();
    }
  });
  // What was fetched could not be stored: a failure whatever was asked for (what was stored before is all still there).
  if (full) io.err(`huiju: ${full.message}`);
  return full || (wanted.length && results.some((r) => !r.ok)) ? EXIT.failure : EXIT.ok;
}

/** `log`, minus refreshSource's "fetch failed" warning (the result line shows the same error). */
function withoutFetchFailures(log: Logger): Logger {
  const quiet = log.child({});
  const warn = quiet.warn.bind(quiet) as (...args: unknown[]) => void;
  quiet.warn = ((...args: unknown[]) => {
    if (args[1] !== 'fetch failed') warn(...args);
  }) as Logger['warn'];
  return quiet;
}
