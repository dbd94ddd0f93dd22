import type { PublishedDigest } from '../model/digest.ts';
import type { DedupFeatures, StoryCandidate, StoryMatch } from '../dedup/index.ts';
import type { StoryFilter, StorySummary, TagEvidenceRow } from '../model/story.ts';
import type { ItemKeying, NormalisedItem } from '../normalise/item.ts';
import type { TagMatch } from '../tag/index.ts';
import type { OutboxEntry, PushStore } from './outbox.ts';
import type { DatabaseFullError } from './disk-full.ts';

/**
 * The one boundary between huiju and its database. pipeline/, http/, scheduler/ and the CLI talk to this interface
 * only; SQL lives behind it, one implementation per engine (src/store/sqlite, src/store/postgres). Every method is
 * async, so an engine may answer from another thread, another process or another machine.
 */

export type Engine = 'sqlite' | 'postgres';

/**
 * The database itself is damaged: corrupt pages, a file that is not a database, a disk that fails to read or write.
 * `Store.ping` throws it once any query has met such a fault, or its own periodic check finds one; /healthz reports it.
 */
export class DatabaseCorruptError extends Error {
  override readonly name = 'DatabaseCorruptError';
}

/** What a listing reads of each story's copies. Listings that show no article body skip reading it: most of a row. */
export interface ListOptions {
  /**
   * Load the representative's `contentHtml` (feeds do; the API and page listings show none). Default true.
   * `'stamp'`: load neither it nor the summary (both null) but the representative's `textStamp`, which changes whenever
   * its text does: a feed takes the text of copies it has seen before from memory (http/feed-stories.ts), and reads
   * the others with `copyTexts`.
   */
  content?: boolean | 'stamp';
  /** Matching copies a relevance search ranks before it ranks them all (tests make it small). */
  relevanceWindow?: number;
}

/** A copy's text as a listing gives it (StorySummary.summary, .contentHtml), and the stamp that changes with it. */
export interface CopyText {
  summary: string | null;
  contentHtml: string | null;
  textStamp: string;
}

export interface TagDayCount {
  tag: string;
  day: string;
  stories: number;
}

/** Counts for the metrics gauges. */
export interface StoreStats {
  stories: number;
  itemsBySource: Map<string, number>;
  mergedByRule: Map<string, number>;
}

/** What huiju remembers about fetching one source. */
export interface SourceState {
  id: string;
  etag: string | null;
  lastModified: string | null;
  charset: string | null;
  feedTitle: string | null;
  lastFetchAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextFetchAt: string | null;
  permanentRedirect: string | null;
}

export interface SuccessRecord {
  at: string;
  nextFetchAt: string;
  /** Validators and charset are only replaced when a document was actually received (not on a 304). */
  document?: { etag: string | null; lastModified: string | null; charset: string | null; feedTitle: string | null };
  permanentRedirect: string | null;
}

export interface FailureRecord {
  at: string;
  error: string;
  nextFetchAt: string;
}

/** What identifies a stored item within its source, besides its key. */
export interface ItemIdentity {
  itemKey: string;
  url: string | null;
  title: string;
}

export interface StoredItemRef {
  id: number;
  storyId: number;
  contentHash: string;
}

/** A stored item with what it is tagged on (normalise/item.ts tagInput picks from it), for re-tagging. */
export interface TaggableItem {
  id: number;
  storyId: number;
  title: string;
  summary: string | null;
  /** The item's search text: its fullest body. */
  text: string;
}

/** A stored item with what its plain text is derived from, and the text its search entry holds now. */
export interface StoredItemText {
  id: number;
  sourceId: string;
  url: string | null;
  title: string;
  summary: string | null;
  contentHtml: string | null;
  publishedAt: string;
  indexed: string;
}

export interface RetentionOptions {
  /** Items huiju first saw longer ago than this are removed (feeds.json `retention.days`). */
  days: number;
  now: Date;
  /** feeds.json `priority` of a source: a story that loses its representative picks a new one with it. */
  priorityOf: (sourceId: string) => number;
  /** Tombstones are forgotten after this many days (default: twice `days`). */
  tombstoneDays?: number;
  /** Items removed per transaction: keeps each write short so fetches and the HTTP API are not held up. */
  batchSize?: number;
}

export interface RetentionReport {
  items: number;
  storiesDeleted: number;
  storiesUpdated: number;
  tombstonesExpired: number;
  /** Bytes handed back to the file system (SQLite's incremental vacuum; 0 where the engine reclaims on its own). */
  freedBytes: number;
  /** The database was switched to incremental auto-vacuum (one full VACUUM) during this run (SQLite only). */
  convertedToIncrementalVacuum: boolean;
}

export interface CandidateRequest {
  features: DedupFeatures;
  publishedAt: string;
}

export interface StoredCandidates {
  exact: StoryCandidate[];
  near: StoryCandidate[];
}

/**
 * The writes of one unit of work, inside one transaction: all of it is stored, or none. Reads made through it see its
 * own writes. Only `Store.transaction` hands one out.
 */
export interface StoreTx {
  // Placing new items (pipeline/ingest.ts).
  /** Bring the near-duplicate band index in step with the items table: every item first seen from `since` on. */
  syncBandIndex(since: string): Promise<void>;
  /** The stored items of one source among these keys. */
  findItemsByKeys(sourceId: string, itemKeys: readonly string[]): Promise<Map<string, StoredItemRef>>;
  /** The keys among these that retention removed (tombstones): a feed that still lists them does not bring them back. */
  tombstonedKeys(sourceId: string, itemKeys: readonly string[]): Promise<Set<string>>;
  /**
   * The stored items each new item of a chunk might join, for all of them at once (one call a chunk, so an engine
   * across a network answers in a few round trips, not a few per item): `exact`, those sharing its canonical URL, or
   * its title key within the window (candidates for the certain rules); `near`, those sharing its fingerprint bands,
   * published within the window, most shared bands first. Items stored by this same chunk are not among them: ingest
   * matches a chunk's items against each other itself.
   */
  findCandidates(requests: readonly CandidateRequest[], windowMs: number): Promise<StoredCandidates[]>;
  storedContentHtml(itemId: number): Promise<string | null>;
  /** A new story for an item no stored story matched; its GUID is derived from that first item and never changes. */
  createStory(firstItem: { sourceId: string; itemKey: string; publishedAt: string }): Promise<number>;
  // createStory, insertItem, updateItem and setItemTags may be held back and written together (an engine across a
  // network does so): they are stored by the time the transaction commits, and seen by the reads made through `tx`.
  insertItem(item: NormalisedItem, storyId: number, features: DedupFeatures, match: StoryMatch | null): Promise<number>;
  /** An item its feed changed: what readers see and its match keys change; identity, story and first-seen stay. */
  updateItem(itemId: number, item: NormalisedItem, features: DedupFeatures): Promise<void>;
  setItemTags(itemId: number, matches: readonly TagMatch[]): Promise<void>;
  /** Recompute stories' representatives, dates, counts and tags after their items changed; delete those left empty. */
  refreshStories(storyIds: readonly number[], priorityOf: (sourceId: string) => number): Promise<void>;
  recordSuccess(sourceId: string, rec: SuccessRecord): Promise<void>;
  /** Queue stories for notify channels (src/push/), in the transaction that stored them: one row per (channel, story). */
  enqueueOutbox(entries: readonly OutboxEntry[]): Promise<void>;

  // Bringing stored items in line (pipeline/retag.ts, pipeline/reindex-text.ts).
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  deleteMeta(key: string): Promise<void>;
  taggableItemsAfter(afterId: number, limit: number): Promise<TaggableItem[]>;
  /** Rebuild every story's tag set from its items' tags. */
  rebuildStoryTags(): Promise<void>;
  itemTextsAfter(afterId: number, limit: number): Promise<StoredItemText[]>;
  countItemsAfter(afterId: number): Promise<number>;
  /** A stored item's plain text derived anew: its search entry and the dedup keys taken from the text. */
  updateItemText(itemId: number, title: string, text: string, features: DedupFeatures): Promise<void>;
}

export interface Store {
  readonly engine: Engine;
  /** Where the data lives, as an operator names it: a file path, or the URL without its password. */
  readonly location: string;

  // Reading: feeds, the API, the page, `huiju explain`.
  /** Stories matching the filter, newest first (or best match first), each with its copies and tags. */
  listStories(f: StoryFilter, opts?: ListOptions): Promise<StorySummary[]>;
  getStory(id: number): Promise<StorySummary | undefined>;
  /** The story an item URL or story GUID belongs to. */
  findStoryIdByUrlOrGuid(ref: string): Promise<number | undefined>;
  storyTagEvidence(storyId: number): Promise<TagEvidenceRow[]>;
  /** The summary and content of copies as a listing gives them, with each copy's `textStamp` (ListOptions.content). */
  copyTexts(itemIds: readonly number[]): Promise<Map<number, CopyText>>;
  /** The indexed plain text (title and body) of items, for search snippets. */
  searchTexts(itemIds: readonly number[]): Promise<Map<number, { title: string; body: string }>>;
  /** Number of stories carrying each tag. */
  tagCounts(): Promise<Map<string, number>>;
  /**
   * Stories per tag per day, for /trends: stories published in [since, until), each on its date at `offsetMinutes`
   * east of UTC (YYYY-MM-DD). Days and tags without stories are left out.
   */
  tagDayCounts(since: string, until: string, offsetMinutes: number): Promise<TagDayCount[]>;
  storeStats(): Promise<StoreStats>;
  /** Time of the latest change to any story: the Last-Modified of every listing. */
  lastChange(): Promise<string | null>;
  /** A value that changes whenever anything is written, by this process or another: the response cache's key. */
  dataVersion(): Promise<string>;
  /** Throws when the database cannot answer (for /healthz): a DatabaseCorruptError when it is damaged. */
  ping(): Promise<void>;
  /** Writes are failing because the disk is full (src/store/disk-full.ts): why; null once a write succeeds again. */
  diskFull(): Promise<DatabaseFullError | null>;

  // Sources.
  getSourceState(sourceId: string): Promise<SourceState>;
  listSourceStates(): Promise<Map<string, SourceState & { itemCount: number }>>;
  recordFailure(sourceId: string, rec: FailureRecord): Promise<void>;
  /** The typical gap between a source's items over the last week; null until huiju has followed it for a week. */
  publishingGapMs(sourceId: string, now: Date): Promise<number | null>;
  /** Which of these item keys a source already has stored. */
  storedItemKeys(sourceId: string, itemKeys: readonly string[]): Promise<Set<string>>;
  /** How a source's items are keyed (pipeline/item-keying.ts): 'guid' until GUID churn was found. */
  itemKeying(sourceId: string): Promise<ItemKeying>;
  /** A source's stored items with one of these links: their key and title. */
  itemsWithLinks(sourceId: string, urls: readonly string[]): Promise<ItemIdentity[]>;
  /**
   * Key a source's items another way from now on, and re-key its stored items alike in the same transaction, so none
   * comes back as new: `keyOf` gives an item's new key (null: keep the old). Two stored items given one key (copies the
   * old keying let in) keep the older its new key and the other its old. Returns how many were re-keyed.
   */
  switchItemKeying(sourceId: string, keying: ItemKeying, keyOf: (item: ItemIdentity) => string | null): Promise<number>;

  // Daily digests (src/publish/digest.ts, src/scheduler/digest-job.ts).
  /** Store a digest unless its output's digest for that day is stored already; resolves to the stored one either way. */
  publishDigest(digest: PublishedDigest): Promise<PublishedDigest>;
  getDigest(outputId: string, day: string): Promise<PublishedDigest | undefined>;
  /** An output's published digests, newest day first. */
  listDigests(outputId: string, limit: number): Promise<PublishedDigest[]>;

  // Writing.
  /**
   * Run `work` in one transaction: committed when it resolves, rolled back when it rejects (and the rejection passed
   * on). The promise settles only once the commit is durable. `work` must do its I/O through `tx` alone.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Resolves once the store can take more writes: call before fetching a document that will be stored. */
  writeRoom(): Promise<void>;
  /** Retention: remove items first seen more than `days` ago, leave tombstones, give space back. */
  prune(opts: RetentionOptions): Promise<RetentionReport>;

  /** The notification outbox and WebSub subscriptions (store/outbox.ts). */
  readonly push: PushStore;

  close(): Promise<void>;
}
