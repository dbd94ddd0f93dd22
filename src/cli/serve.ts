import { openStore, StoreOpenError } from '../store/open.ts';
import { isDatabaseFault } from '../store/sqlite/fault.ts';
import { EXIT, parsePort, readConfig, type Io, type ServerCommandOptions } from './shared.ts';

/** `huiju serve`: the scheduler and the HTTP server, until SIGTERM or SIGINT. */
export async function serveCommand(opts: ServerCommandOptions, io: Io): Promise<number> {
  const { configFile, log } = opts;
  const config = readConfig(configFile, io);
  if (!config) return EXIT.usage;
  const port = parsePort(opts.port, io);
  if (port === null) return EXIT.usage;
  // Loaded here, not at the top: the HTTP stack (express, helmet, the page templates) is only for `serve`, and a
  // one-off `huiju fetch` or `check` starts faster and uses less memory without it.
  const { startService } = await import('../service.ts');
  const { ListenError } = await import('../http/server.ts');
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    const store = await openStore(opts.dbFile);
    service = await startService({ store, config, configFile, host: opts.host, port, log });
  } catch (err) {
    // A damaged file met by start-up's first write rather than by opening it: the same one line as opening says.
    if (isDatabaseFault(err)) throw new StoreOpenError(opts.dbFile, err);
    if (!(err instanceof ListenError)) throw err;
    io.err(`huiju serve: ${err.message}`);
    return EXIT.failure;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      // The last resort if closing itself gets stuck: an orchestrator (Docker, systemd) kills after 10 s anyway.
      setTimeout(() => {
        log.error('shutdown did not finish in 9.5 s; exiting now');
        process.exit(EXIT.failure);
      }, 9_500).unref();
      void service.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return EXIT.ok;
}
