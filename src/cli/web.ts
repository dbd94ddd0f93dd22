import { openStore } from '../store/open.ts';
import { requirePostgres } from './cluster-shared.ts';
import { EXIT, parsePort, readConfig, type Io, type ServerCommandOptions } from './shared.ts';
import { untilSignal } from './until-signal.ts';

/** `huiju web`: one HTTP replica of a cluster on PostgreSQL, until SIGTERM or SIGINT. */
export async function webCommand(opts: ServerCommandOptions, io: Io): Promise<number> {
  if (!requirePostgres('web', opts.dbFile, io)) return EXIT.failure;
  const config = readConfig(opts.configFile, io);
  if (!config) return EXIT.usage;
  const port = parsePort(opts.port, io);
  if (port === null) return EXIT.usage;
  const { ListenError } = await import('../http/server.ts');
  const { startWeb } = await import('../cluster/web.ts');
  let web: Awaited<ReturnType<typeof startWeb>>;
  try {
    web = await startWeb({ store: await openStore(opts.dbFile), config, configFile: opts.configFile, host: opts.host, port, log: opts.log });
  } catch (err) {
    if (!(err instanceof ListenError)) throw err;
    io.err(`huiju web: ${err.message}`);
    return EXIT.failure;
  }
  await untilSignal(opts.log, () => web.close());
  return EXIT.ok;
}
