import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { loadConfig, type ConfigProblem } from './load.ts';
import type { Config } from './schema.ts';

export interface ConfigWatcher {
  close(): void;
}

/**
 * Reload feeds.json when it changes. A valid file replaces the config; an invalid one is reported and the last good
 * config stays in force. Polling (not fs.watch) because editors and bind mounts replace files in ways fs.watch misses.
 */
export function watchConfig(
  file: string,
  handlers: { onChange: (config: Config) => void; onInvalid: (problems: ConfigProblem[]) => void },
  intervalMs = 1000,
): ConfigWatcher {
  const read = () => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };
  let last = read();
  const listener = () => {
    const text = read();
    if (text === last) return;
    last = text;
    const result = loadConfig(file);
    if (result.ok) handlers.onChange(result.config);
    else handlers.onInvalid(result.problems);
  };
  watchFile(file, { interval: intervalMs, persistent: false }, listener);
  return { close: () => unwatchFile(file, listener) };
}
