/** Tunables of the dedup stage, with the values measured on eval/dedup/tuning.json (see scripts/eval-dedup.ts). */
import { DAY_MS } from '../time.ts';

export interface CanonicalUrlOptions {
  /** Host → host it is the same site as, e.g. `{ 'm.thepaper.cn': 'www.thepaper.cn' }`. Matched lower-case. */
  hostAliases: Readonly<Record<string, string>>;
  /** Treat `m.example.com` / `wap.example.com` as `www.example.com` for every host. Off by default: some sites
   * serve different articles on their mobile host, so this is a per-deployment choice. */
  foldMobilePrefixes: boolean;
}

/** Only windowMs is required, so `{ windowMs }` from config works; the rest default to DEFAULT_DEDUP_OPTIONS. */
export interface DedupOptions {
  /** Only items published within this many ms of each other can be one story (canonical URL excepted). */
  windowMs: number;
  url?: CanonicalUrlOptions;
  /** Body-lead containment (3-gram shingles) needed for a near-duplicate when the titles also agree a little. */
  minBodySimilarity?: number;
  /** Body-lead containment that merges on its own (headline rewritten) when the shorter lead is long enough. */
  strongBodySimilarity?: number;
  /** Title bigram containment needed alongside minBodySimilarity. */
  minTitleSimilarity?: number;
  /** Title bigram containment that merges items without a usable body. */
  titleOnlySimilarity?: number;
}

export const DEFAULT_CANONICAL_URL_OPTIONS: CanonicalUrlOptions = { hostAliases: {}, foldMobilePrefixes: false };

export const DEFAULT_DEDUP_OPTIONS: Required<DedupOptions> = {
  windowMs: 3 * DAY_MS,
  url: DEFAULT_CANONICAL_URL_OPTIONS,
  minBodySimilarity: 0.75,
  strongBodySimilarity: 0.9,
  minTitleSimilarity: 0.3,
  titleOnlySimilarity: 0.85,
};

/** Fills what the caller left out from the defaults. */
export function resolveDedupOptions(opts: DedupOptions): Required<DedupOptions> {
  const filled = { ...DEFAULT_DEDUP_OPTIONS };
  for (const [key, value] of Object.entries(opts)) if (value !== undefined) Object.assign(filled, { [key]: value });
  return filled;
}
