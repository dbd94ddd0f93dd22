import { EXIT, type Io } from './shared.ts';

/** `huiju import-opml FILE`: add a feed reader's subscriptions to the config as sources. */
export async function importOpmlCommand(file: string | undefined, configFile: string, io: Io): Promise<number> {
  if (!file) {
    io.err('usage: huiju import-opml FILE [--config PATH]');
    return EXIT.usage;
  }
  const { importOpmlFile } = await import('../config/opml-import.ts');
  const imported = importOpmlFile(file, configFile);
  if (!imported.ok) {
    io.err(imported.message);
    return EXIT.usage;
  }
  const { added, skipped } = imported.import;
  for (const s of added) io.out(`added    ${s.id}  ${s.name}  ${s.url}`);
  for (const s of skipped) io.out(`skipped  ${s.url}  (${s.reason})`);
  io.out(`${configFile}: ${added.length} added, ${skipped.length} skipped`);
  return EXIT.ok;
}
