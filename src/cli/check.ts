import { EXIT, readConfig, type Io } from './shared.ts';

/** `huiju check`: validate the config and say what it holds, or print every problem. */
export function checkCommand(configFile: string, io: Io): number {
  const config = readConfig(configFile, io);
  if (!config) return EXIT.usage;
  const enabled = config.sources.filter((s) => s.enabled).length;
  io.out(`${configFile} is valid: ${config.sources.length} sources (${enabled} enabled), ${config.tags.length} tags, ${config.outputs.length} outputs`);
  return EXIT.ok;
}
