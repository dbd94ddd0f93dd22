import { openStore } from '../store/open.ts';
import { leaseSeconds, requirePostgres } from './cluster-shared.ts';
import { EXIT, parsePort, readConfig, type Io, type ServerCommandOptions } from './shared.ts';
import { untilSignal } from './until-signal.ts';

/** `huiju worker`: runs refresh jobs (and, while it leads, keeps the cluster's schedule), until SIGTERM or SIGINT. */
export async function workerCommand(opts: ServerCommandOptions, io: Io): Promise<number> {
  if (!requirePostgres('worker', opts.dbFile, io)) return EXIT.failure;
  const config = readConfig(opts.configFile, io);
  if (!config) return EXIT.usage;
  const port = parsePort(opts.port, io);
  if (port === null) return EXIT.usage;
  const lease = leaseSeconds(config, io.env, io);
  if (lease === null) return EXIT.usage;
  const { ListenError } = await import('../http/server.ts');
  const { startWorker } = await import('../cluster/worker.ts');
  const store = await openStore(opts.dbFile);
  let worker: Awaited<ReturnType<typeof startWorker>>;
  try {
    worker = await startWorker({
      store,
      url: opts.dbFile,
      config,
      configFile: opts.configFile,
      log: opts.log,
      host: opts.host,
      port,
      timing: { leaseSeconds: lease },
      env: io.env,
    });
  } catch (err) {
    await store.close().catch(() => {});
    if (!(err instanceof ListenError)) throw err;
    io.err(`huiju worker: ${err.message}`);
    return EXIT.failure;
  }
  await untilSignal(opts.log, () => worker.close());
  return EXIT.ok;
}
