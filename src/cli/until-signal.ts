import type { Logger } from '../log.ts';

/** Resolve once SIGTERM or SIGINT arrives and `close` has finished; exit 1 if closing takes longer than 9.5 s. */
export function untilSignal(log: Logger, close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      // The last resort if closing itself gets stuck: an orchestrator (Docker, systemd) kills after 10 s anyway.
      setTimeout(() => {
        log.error('shutdown did not finish in 9.5 s; exiting now');
        process.exit(1);
      }, 9_500).unref();
      void close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
