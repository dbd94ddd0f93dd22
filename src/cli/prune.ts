import { formatRetentionReport, retentionOptionsFrom } from '../scheduler/retention-job.ts';
import { DatabaseFullError } from '../store/disk-full.ts';
import { EXIT, readConfig, withStore, type Io } from './shared.ts';

/** `huiju prune`: remove items older than retention.days and reclaim the space. */
export async function pruneCommand(configFile: string, dbFile: string, io: Io): Promise<number> {
  const config = readConfig(configFile, io);
  if (!config) return EXIT.usage;
  try {
    const report = await withStore(dbFile, (store) => store.prune(retentionOptionsFrom(config, new Date())));
    io.out(formatRetentionReport(report));
    return EXIT.ok;
  } catch (err) {
    // Even the reserve (store/sqlite/reserve.ts) was not room enough, or there was none: say so in one line.
    if (!(err instanceof DatabaseFullError)) throw err;
    io.err(`huiju: prune could not finish: ${err.reason}; free some space on that disk by other means, then run it again`);
    return EXIT.failure;
  }
}
