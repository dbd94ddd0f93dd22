import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RefreshCounts } from './model/source.ts';

/**
 * huiju's Prometheus metrics, served at GET /metrics. Counters and histograms of what happens in this process are
 * recorded by the pipeline and the HTTP layer through the functions below; gauges of what is stored are read from the
 * database at scrape time (http/routes/metrics.ts), so they are right even when `huiju fetch` wrote the data.
 */
export const registry = new Registry();
registry.setDefaultLabels({ app: 'huiju' });
collectDefaultMetrics({ register: registry, prefix: 'huiju_' });

export type FetchOutcome = 'ok' | 'not_modified' | 'error';

const fetches = new Counter({
  name: 'huiju_fetches_total',
  help: 'Source fetches by outcome (ok, not_modified, error)',
  labelNames: ['source', 'outcome'] as const,
  registers: [registry],
});
const fetchDuration = new Histogram({
  name: 'huiju_fetch_duration_seconds',
  help: 'Time to fetch, parse and store one source',
  labelNames: ['source'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60],
  registers: [registry],
});
const ingested = new Counter({
  name: 'huiju_items_ingested_total',
  help: 'Items seen in fetched documents, by what happened to them (new, updated, unchanged)',
  labelNames: ['source', 'kind'] as const,
  registers: [registry],
});
const httpDuration = new Histogram({
  name: 'huiju_http_request_duration_seconds',
  help: 'HTTP requests by route pattern, method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
const responseCache = new Counter({
  name: 'huiju_http_cache_lookups_total',
  help: 'Generated feed and listing lookups in the response cache (hit, miss)',
  labelNames: ['result'] as const,
  registers: [registry],
});
const rateLimited = new Counter({
  name: 'huiju_http_rate_limited_total',
  help: 'Requests refused with 429 by the per-IP rate limit',
  registers: [registry],
});

/** Gauges set from the database at scrape time. */
export const stored = {
  stories: new Gauge({ name: 'huiju_stories', help: 'Stories stored', registers: [registry] }),
  items: new Gauge({ name: 'huiju_items', help: 'Items stored, per source', labelNames: ['source'] as const, registers: [registry] }),
  merged: new Gauge({
    name: 'huiju_merged_items',
    help: 'Items that joined an existing story, by the dedup rule that merged them',
    labelNames: ['rule'] as const,
    registers: [registry],
  }),
  tagStories: new Gauge({ name: 'huiju_tag_stories', help: 'Stories carrying each tag', labelNames: ['tag'] as const, registers: [registry] }),
  sourceFailures: new Gauge({
    name: 'huiju_source_consecutive_failures',
    help: 'Failed fetches in a row, per source (0 when the last fetch succeeded)',
    labelNames: ['source'] as const,
    registers: [registry],
  }),
  sourceLastSuccess: new Gauge({
    name: 'huiju_source_last_success_timestamp_seconds',
    help: 'Unix time of the last successful fetch, per source',
    labelNames: ['source'] as const,
    registers: [registry],
  }),
};

/** One fetch of one source finished (call once per refreshSource, whatever its outcome). */
export function recordFetch(sourceId: string, outcome: FetchOutcome, seconds: number): void {
  fetches.inc({ source: sourceId, outcome });
  fetchDuration.observe({ source: sourceId }, seconds);
}

/** What one stored batch did (the counts ingestItems returns). */
export function recordIngest(sourceId: string, counts: RefreshCounts): void {
  ingested.inc({ source: sourceId, kind: 'new' }, counts.new);
  ingested.inc({ source: sourceId, kind: 'updated' }, counts.updated);
  ingested.inc({ source: sourceId, kind: 'unchanged' }, counts.unchanged);
}

export function recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route, status: String(status) }, seconds);
}

export function recordCacheLookup(hit: boolean): void {
  responseCache.inc({ result: hit ? 'hit' : 'miss' });
}

export function recordRateLimited(): void {
  rateLimited.inc();
}
