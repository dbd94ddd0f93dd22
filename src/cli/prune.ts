import { formatRetentionReport, retentionOptionsFrom } from '../scheduler/retention-job.ts';
import { EXIT, readConfig, withStore, type Io } from './shared.ts';

/** `huiju prune`: remove items older than retention.days and reclaim the space. */
export async function pruneCommand(configFile: string, dbFile: string, io: Io): Promise<number> {
  const config = readConfig(configFile, io);
  if (!config) return EXIT.usage;
  const report = await withStore(dbFile, (store) => store.prune(retentionOptionsFrom(config, new Date())));
  io.out(formatRetentionReport(report));
  return EXIT.ok;
}
