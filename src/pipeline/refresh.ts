import type { Config, SourceConfig } from '../config/schema.ts';
import { FetchError } from '../fetch/errors.ts';
import { fetchDocument } from '../fetch/client.ts';
import type { FetchOptions, FetchOutcome, FetchRequest } from '../fetch/types.ts';
import type { Logger } from '../log.ts';
import type { ParsedFeed } from '../model/item.ts';
import type { RefreshCounts } from '../model/source.ts';
import { normaliseItems } from '../normalise/item.ts';
import { ParseError } from '../parse/errors.ts';
import { parseFeed } from '../parse/index.ts';
import type { Db } from '../store/db.ts';
import { getSourceState, recordFailure, recordSuccess } from '../store/sources.ts';
import type { Tagger } from '../tag/index.ts';
import { ingestItems } from './ingest.ts';
import { nextFetchAt } from './next-fetch.ts';

export interface RefreshDeps {
  db: Db;
  config: Config;
  tagger: Tagger;
  fetchOptions: FetchOptions;
  log: Logger;
  now?: () => Date;
}

export type RefreshResult =
  | { sourceId: string; ok: true; notModified: boolean; counts: RefreshCounts; warnings: string[] }
  | { sourceId: string; ok: false; error: string };

function requestFor(source: SourceConfig, state: ReturnType<typeof getSourceState>): FetchRequest {
  return { url: source.url, etag: state.etag, lastModified: state.lastModified, encoding: source.encoding ?? null };
}

async function readDocument(
  source: SourceConfig,
  doc: Extract<FetchOutcome, { status: 'ok' }>,
  ctx: { timezone: string; now: Date },
): Promise<ParsedFeed> {
  if (source.type !== 'feed') throw new ParseError('not-a-feed', `source type "${source.type}" is not supported yet`);
  return parseFeed(doc.text, { url: doc.finalUrl, ...ctx });
}

/** A failure as the sentence shown in /api/sources and `huiju fetch`. */
export function describeError(err: unknown): string {
  if (err instanceof FetchError || err instanceof ParseError) return err.message;
  return `internal error: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * One refresh of one source, the pipeline in order: fetch → parse → normalise → dedup + tag + store.
 * Never throws: a failure is recorded against the source (with backoff) and returned.
 */
export async function refreshSource(source: SourceConfig, deps: RefreshDeps): Promise<RefreshResult> {
  const { db, config, log } = deps;
  const now = deps.now?.() ?? new Date();
  const state = getSourceState(db, source.id);
  const timezone = source.timezone ?? config.defaults.timezone;
  try {
    const outcome = await fetchDocument(requestFor(source, state), deps.fetchOptions);
    const next = nextFetchAt({ ok: true, failures: 0, retryAfterMs: outcome.cache.retryAfterMs }, now, config.fetch);
    if (outcome.status === 'not-modified') {
      recordSuccess(db, source.id, { at: now.toISOString(), nextFetchAt: next.toISOString(), permanentRedirect: outcome.permanentRedirectTo });
      log.debug({ source: source.id }, 'not modified');
      return { sourceId: source.id, ok: true, notModified: true, counts: { new: 0, updated: 0, unchanged: 0 }, warnings: [] };
    }
    const feed = await readDocument(source, outcome, { timezone, now });
    const items = normaliseItems(source.id, feed.items, now);
    const priorities = new Map(config.sources.map((s) => [s.id, s.priority]));
    const counts = ingestItems(
      {
        db,
        tagger: deps.tagger,
        dedup: { windowMs: config.dedup.windowDays * 24 * 3600_000 },
        priorityOf: (id) => priorities.get(id) ?? 0,
      },
      items,
    );
    recordSuccess(db, source.id, {
      at: now.toISOString(),
      nextFetchAt: next.toISOString(),
      permanentRedirect: outcome.permanentRedirectTo,
      document: { etag: outcome.etag, lastModified: outcome.lastModified, charset: outcome.charset, feedTitle: feed.title },
    });
    log.info({ source: source.id, ...counts, charset: outcome.charset }, 'fetched');
    return { sourceId: source.id, ok: true, notModified: false, counts, warnings: feed.warnings };
  } catch (err) {
    const error = describeError(err);
    const failures = state.consecutiveFailures + 1;
    const retryAfterMs = err instanceof FetchError ? (err.details.retryAfterMs ?? null) : null;
    const next = nextFetchAt({ ok: false, failures, retryAfterMs }, now, config.fetch);
    recordFailure(db, source.id, { at: now.toISOString(), error, nextFetchAt: next.toISOString() });
    log.warn({ source: source.id, err: error, failures }, 'fetch failed');
    return { sourceId: source.id, ok: false, error };
  }
}
