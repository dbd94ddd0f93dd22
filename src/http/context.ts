import type { Request } from 'express';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { Labels } from '../publish/feed-document.ts';
import type { Db } from '../store/db.ts';
import type { KnownIds } from './params.ts';

/** What the routes need from the running service. The config is read per request: it may be reloaded. */
export interface AppContext {
  db: Db;
  config: () => Config;
  log: Logger;
  /** When the scheduler will next look at a source, if a scheduler runs. */
  nextRun?: (sourceId: string) => Date | null;
  startedAt: Date;
}

export function labelsOf(config: Config): Labels {
  const sources = new Map(config.sources.map((s) => [s.id, s.name]));
  const tags = new Map(config.tags.map((t) => [t.id, t.label]));
  return { source: (id) => sources.get(id) ?? id, tag: (id) => tags.get(id) ?? id };
}

export function knownIds(config: Config): KnownIds {
  return { tags: new Set(config.tags.map((t) => t.id)), sources: new Set(config.sources.map((s) => s.id)) };
}

/** The URL clients reached us by, for absolute links in feeds (honours X-Forwarded-* only via Express's trust proxy). */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
