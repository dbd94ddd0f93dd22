import type { Config, ResolvedSource, SourceConfig } from '../config/schema.ts';
import type { DedupOptions } from '../dedup/index.ts';
import { FetchError } from '../fetch/errors.ts';
import { fetchDocument } from '../fetch/client.ts';
import type { Limiter } from '../fetch/limiter.ts';
import { scheduleBoundsFromConfig } from '../fetch/options.ts';
import { nextFetch, type FetchResult } from '../fetch/schedule-policy.ts';
import type { CacheHints, FetchOptions, FetchOutcome, FetchRequest } from '../fetch/types.ts';
import type { Logger } from '../log.ts';
import type { ParsedFeed } from '../model/item.ts';
import { recordFetch, recordIngest } from '../metrics.ts';
import type { RefreshCounts } from '../model/source.ts';
import { normaliseItems, type ItemKeying, type NormalisedItem } from '../normalise/item.ts';
import { ParseError } from '../parse/errors.ts';
import { ScrapeError } from '../scrape/errors.ts';
import { scrapeRequest } from '../scrape/request.ts';
import { DatabaseFullError } from '../store/disk-full.ts';
import type { SourceState, Store } from '../store/store.ts';
import type { Tagger } from '../tag/index.ts';
import { cronIntervalMs } from '../scheduler/cron-interval.ts';
import { ingestItems, type IngestContext } from './ingest.ts';
import { outboxRouter } from '../push/routes.ts';
import { documentsInFlight } from './documents-in-flight.ts';
import { keyItems } from './item-keying.ts';
import type { ArticleDeps } from './articles.ts';
import type { FullTextDeps } from '../fulltext/stage.ts';
import { sharedParsePool } from './parse-pool.ts';

export interface RefreshDeps {
  store: Store;
  config: Config;
  tagger: Tagger;
  fetchOptions: FetchOptions;
  /** Global and per-site concurrency, shared by every refresh in the process. */
  limiter: Limiter;
  log: Logger;
  now?: () => Date;
  /**
   * The source's definition changed in feeds.json since its last fetch: the validators and the failures counted so
   * far belong to the old one: no validators are sent, and a failure of the new one waits one interval, not the old
   * backoff (the stored count of failures in a row still goes on, and so does the backoff after it).
   */
  redefined?: boolean;
}

export type RefreshResult =
  | { sourceId: string; ok: true; notModified: boolean; counts: RefreshCounts; warnings: string[] }
  | { sourceId: string; ok: false; error: string };

function requestFor(source: SourceConfig, state: SourceState): FetchRequest {
  const base: FetchRequest = source.type === 'feed' ? { url: source.url, encoding: source.encoding ?? null } : scrapeRequest(source);
  return { ...base, etag: state.etag, lastModified: state.lastModified, proxy: source.proxy ?? null };
}

/** The document's items, normalised; a feed's are read on the parse pool's workers when it has any (parse-pool.ts). */
async function readDocument(
  source: SourceConfig,
  doc: Extract<FetchOutcome, { status: 'ok' }>,
  ctx: { timezone: string; now: Date; dedup: DedupOptions; keying: ItemKeying },
): Promise<{ feed: Pick<ParsedFeed, 'title' | 'warnings'>; items: NormalisedItem[] }> {
  if (source.type === 'feed') return sharedParsePool().read({ sourceId: source.id, text: doc.text, url: doc.finalUrl, ...ctx });
  const { extractItems } = await import('../scrape/index.ts');
  const feed = await extractItems(source, { text: doc.text, finalUrl: doc.finalUrl }, ctx);
  return { feed, items: normaliseItems(source.id, feed.items, ctx.now, ctx.keying) };
}

// Scraping (cheerio) and full text (Readability over linkedom) are loaded by the first source that uses them: a
// deployment of plain feeds never holds their modules (≈ 50 MB of a `huiju fetch`'s memory, BENCHMARKS.md).

/** A scraped source's article pages, read for its new items (articles.ts). */
async function readArticlePages(source: SourceConfig, items: NormalisedItem[], deps: ArticleDeps): Promise<NormalisedItem[]> {
  if (source.type === 'feed') return items;
  const { enrichNewItems } = await import('./articles.ts');
  return enrichNewItems(source, items, deps);
}

/** The article text behind a teaser feed's items, for a source with `fullText` (fulltext/stage.ts). */
async function readFullText(source: SourceConfig, items: NormalisedItem[], deps: FullTextDeps): Promise<{ items: NormalisedItem[]; warnings: string[] }> {
  if (!source.fullText) return { items, warnings: [] };
  const { withFullText } = await import('../fulltext/stage.ts');
  return withFullText(source, items, deps);
}

/** A failure as the sentence shown in /api/sources and `huiju fetch`. */
export function describeError(err: unknown): string {
  if (err instanceof FetchError || err instanceof ParseError || err instanceof ScrapeError || err instanceof DatabaseFullError) return err.message;
  return `internal error: ${err instanceof Error ? err.message : String(err)}`;
}

async function scheduleNext(
  store: Store,
  source: ResolvedSource,
  config: Config,
  now: Date,
  result: FetchResult,
  consecutiveFailures: number,
  hints: CacheHints = { retryAfterMs: null, maxAgeMs: null },
): Promise<string> {
  const baseIntervalMs = cronIntervalMs(source.schedule, source.timezone);
  const publishIntervalMs = config.fetch.adaptiveSchedule && result.kind !== 'error' ? await store.publishingGapMs(source.id, now) : null;
  const decision = nextFetch(
    { result, consecutiveFailures, hints, baseIntervalMs, publishIntervalMs, now: now.getTime() },
    scheduleBoundsFromConfig(config.fetch),
  );
  return new Date(decision.nextFetchAt).toISOString();
}

/** What storing a batch needs, from the config in force: dedup settings and the sources' priorities. */
function ingestContext({ store, config, tagger }: RefreshDeps): IngestContext {
  return { store, tagger, dedup: config.dedupOptions, priorityOf: config.priorityOf, outbox: outboxRouter(config.channels) };
}

/**
 * One refresh of one source, the pipeline in order: fetch → parse → normalise → dedup + tag + store.
 * Never throws: a failure is recorded against the source (with backoff) and returned.
 */
export async function refreshSource(source: ResolvedSource, deps: RefreshDeps): Promise<RefreshResult> {
  const { store, config, log } = deps;
  const now = deps.now?.() ?? new Date();
  const stored = await store.getSourceState(source.id);
  const state = deps.redefined ? { ...stored, etag: null, lastModified: null, consecutiveFailures: 0 } : stored;
  const timezone = source.timezone;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const leave = await documentsInFlight.enter(config.fetch.concurrency);
  try {
    const request = requestFor(source, state);
    // Waiting for room in the write queue holds the fetch slot: fetching stops while storing is behind.
    const outcome = await deps.limiter.run(request.url, async () => {
      await store.writeRoom();
      return fetchDocument(request, deps.fetchOptions);
    });
    // Decided once the items are stored, so that a rate measured from the store counts what this fetch brought.
    const next = () => scheduleNext(store, source, config, now, { kind: outcome.status === 'ok' ? 'ok' : 'not-modified' }, 0, outcome.cache);
    if (outcome.status === 'not-modified') {
      const nextFetchAt = await next();
      await store.transaction((tx) =>
        tx.recordSuccess(source.id, { at: now.toISOString(), nextFetchAt, permanentRedirect: outcome.permanentRedirectTo }),
      );
      recordFetch(source.id, 'not_modified', seconds());
      log.debug({ source: source.id }, 'not modified');
      return { sourceId: source.id, ok: true, notModified: true, counts: { new: 0, updated: 0, unchanged: 0 }, warnings: [] };
    }
    const keying = await store.itemKeying(source.id);
    const { feed, items: read } = await readDocument(source, outcome, { timezone, now, dedup: config.dedupOptions, keying });
    const keyed = await keyItems(store, source.id, read, keying, log);
    const items = await readArticlePages(source, keyed, { ...deps, timezone, now });
    const full = await readFullText(source, items, { ...deps, timezone, now });
    const counts = await ingestItems(ingestContext(deps), full.items);
    // The validators that describe the document are saved only once its items are: a crash in between cannot leave an
    // ETag saved for a document whose items were not, which would make the next fetch a 304 and lose them.
    const nextFetchAt = await next();
    await store.transaction((tx) =>
      tx.recordSuccess(source.id, {
        at: now.toISOString(),
        nextFetchAt,
        permanentRedirect: outcome.permanentRedirectTo,
        document: { etag: outcome.etag, lastModified: outcome.lastModified, charset: outcome.charset, feedTitle: feed.title },
      }),
    );
    recordIngest(source.id, counts);
    recordFetch(source.id, 'ok', seconds());
    log.info({ source: source.id, ...counts, charset: outcome.charset }, 'fetched');
    return { sourceId: source.id, ok: true, notModified: false, counts, warnings: [...feed.warnings, ...full.warnings] };
  } catch (err) {
    const error = describeError(err);
    // Our own shutdown is not the source's fault: nothing to record.
    if (err instanceof FetchError && err.kind === 'aborted') return { sourceId: source.id, ok: false, error };
    recordFetch(source.id, 'error', seconds());
    const failures = state.consecutiveFailures + 1;
    const result: FetchResult =
      err instanceof FetchError
        ? { kind: 'error', errorKind: err.kind, status: err.details.status ?? null }
        : { kind: 'error', errorKind: 'bad-response' };
    const hints = { retryAfterMs: err instanceof FetchError ? (err.details.retryAfterMs ?? null) : null, maxAgeMs: null };
    try {
      const nextFetchAt = await scheduleNext(store, source, config, now, result, failures, hints);
      await store.recordFailure(source.id, { at: now.toISOString(), error, nextFetchAt });
    } catch (storeErr) {
      log.error({ source: source.id, err: describeError(storeErr) }, 'could not record the failure');
    }
    log.warn({ source: source.id, err: error, failures }, 'fetch failed');
    return { sourceId: source.id, ok: false, error };
  } finally {
    leave();
  }
}
