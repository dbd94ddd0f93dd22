import type { Request } from 'express';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { Labels } from '../publish/feed-document.ts';
import type { Push } from '../push/start.ts';
import type { Store } from '../store/store.ts';
import type { KnownIds } from './params.ts';

/** What the routes need from the running service. The config is read per request: it may be reloaded. */
export interface AppContext {
  store: Store;
  config: () => Config;
  log: Logger;
  /** When the scheduler will next look at a source, if a scheduler runs. */
  nextRun?: (sourceId: string) => Date | null;
  startedAt: Date;
  /** Notifications and WebSub (push/start.ts), when the service runs them: the hub's routes hand it subscriptions. */
  push?: Push;
}

/**
 * Built once per config (a reload makes a new Config object, as configGeneration counts on): with a thousand sources,
 * making these maps and sets afresh was a tenth of a millisecond of every feed and listing request.
 */
const labelsByConfig = new WeakMap<Config, Labels>();
const idsByConfig = new WeakMap<Config, KnownIds>();

export function labelsOf(config: Config): Labels {
  let labels = labelsByConfig.get(config);
  if (!labels) {
    const sources = new Map(config.sources.map((s) => [s.id, s]));
    const tags = new Map(config.tags.map((t) => [t.id, t.label]));
    labels = { source: (id) => sources.get(id)?.name ?? id, tag: (id) => tags.get(id) ?? id, sourceUrl: (id) => sources.get(id)?.url };
    labelsByConfig.set(config, labels);
  }
  return labels;
}

export function knownIds(config: Config): KnownIds {
  let ids = idsByConfig.get(config);
  if (!ids) {
    ids = { tags: new Set(config.tags.map((t) => t.id)), sources: new Set(config.sources.map((s) => s.id)) };
    idsByConfig.set(config, ids);
  }
  return ids;
}

/** The URL clients reached us by, for absolute links in feeds (honours X-Forwarded-* only via Express's trust proxy). */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

const generations = new WeakMap<Config, number>();
let nextGeneration = 1;

/** A number that changes when the config is reloaded (labels and outputs are part of every generated feed). */
export function configGeneration(config: Config): number {
  let g = generations.get(config);
  if (g === undefined) generations.set(config, (g = nextGeneration++));
  return g;
}
