import { resolveChannels } from '../push/channels.ts';
import { DAY_MS } from '../time.ts';
import type { Config, ParsedConfig } from './schema.ts';

/**
 * Everything in feeds.json that depends on another key, worked out once at the edge: each source's schedule and time
 * zone (its own, else `defaults`), the priority of each source by id, the dedup options, and the notify channels with
 * their secrets read from the environment (`{"env": "NAME"}`: the config edge is the one place that reads it). Routes, the scheduler and
 * the pipeline read these plain values and apply no default of their own.
 *
 * `priorityOf` and `dedupOptions` are derived, not written in the file: they are non-enumerable, so the config still
 * spreads and serialises as a valid feeds.json (`{ ...config, outputs }` validates again).
 */
export function resolveConfig(parsed: ParsedConfig, env: NodeJS.ProcessEnv = process.env): Config {
  const sources = parsed.sources.map((s) => ({
    ...s,
    schedule: s.schedule ?? parsed.defaults.schedule,
    timezone: s.timezone ?? parsed.defaults.timezone,
  }));
  const priorities = new Map(sources.map((s) => [s.id, s.priority] as const));
  const derived: Pick<Config, 'priorityOf' | 'dedupOptions' | 'channels'> = {
    channels: resolveChannels(parsed.outputs, env),
    priorityOf: (id) => priorities.get(id) ?? 0,
    dedupOptions: {
      windowMs: parsed.dedup.windowDays * DAY_MS,
      url: { hostAliases: parsed.dedup.hostAliases, foldMobilePrefixes: parsed.dedup.foldMobilePrefixes },
    },
  };
  return Object.defineProperties({ ...parsed, sources }, {
    priorityOf: { value: derived.priorityOf, enumerable: false },
    dedupOptions: { value: derived.dedupOptions, enumerable: false },
    channels: { value: derived.channels, enumerable: false },
  }) as Config;
}
