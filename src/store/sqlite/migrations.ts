import type { Db } from './db.ts';

/**
 * Schema history. Each entry runs once, in order, inside a transaction; PRAGMA user_version records how far a
 * database has come. Never edit a shipped migration: append a new one.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    charset TEXT,
    feed_title TEXT,
    last_fetch_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_fetch_at TEXT,
    permanent_redirect TEXT
  );

  CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    -- Public, stable id: the GUID feed readers see. Fixed when the story is created; never changes.
    guid TEXT NOT NULL UNIQUE,
    representative_item_id INTEGER,
    -- Sort key: the representative's date, or first-seen time when its date could not be trusted.
    published_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    item_count INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX stories_published ON stories(published_at DESC, id DESC);

  CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    -- guid, else link, else a hash of title+summary: unique per source.
    item_key TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id),
    url TEXT,
    canonical_url TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    content_html TEXT,
    author TEXT,
    published_at TEXT NOT NULL,
    date_flag TEXT,
    updated_at TEXT,
    first_seen_at TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    enclosures TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL,
    title_key TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    match_rule TEXT,
    match_similarity REAL,
    matched_item_id INTEGER,
    UNIQUE (source_id, item_key)
  );
  CREATE INDEX items_story ON items(story_id);
  CREATE INDEX items_canonical_url ON items(canonical_url) WHERE canonical_url IS NOT NULL;
  CREATE INDEX items_title_key ON items(title_key, published_at) WHERE title_key <> '';
  CREATE INDEX items_first_seen ON items(first_seen_at);

  -- LSH bands of each item's fingerprint: near-duplicate candidates come from here, never from a scan.
  CREATE TABLE item_bands (
    band TEXT NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (band, item_id)
  ) WITHOUT ROWID;
  CREATE INDEX item_bands_item ON item_bands(item_id);

  CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    score REAL NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (item_id, tag)
  ) WITHOUT ROWID;

  -- A story carries the union of its items' tags, so filtering a feed by tag is one indexed join.
  CREATE TABLE story_tags (
    tag TEXT NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    PRIMARY KEY (tag, story_id)
  ) WITHOUT ROWID;
  CREATE INDEX story_tags_story ON story_tags(story_id);

  -- Trigram full-text index: works for Chinese without a segmenter (queries of 3+ characters).
  CREATE VIRTUAL TABLE items_fts USING fts5(title, body, tokenize = 'trigram');

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // The normalised start of the body: the near-duplicate matcher compares it exactly instead of estimating from bands.
  `ALTER TABLE items ADD COLUMN snippet TEXT NOT NULL DEFAULT '';`,
  `
  -- Items removed by retention, so a feed that still lists one does not bring it back as new. Expire after a while.
  CREATE TABLE tombstones (
    source_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    pruned_at TEXT NOT NULL,
    PRIMARY KEY (source_id, item_key)
  ) WITHOUT ROWID;
  CREATE INDEX tombstones_pruned ON tombstones(pruned_at);
  `,
  // Every listing sends Last-Modified = max(stories.updated_at): without an index that was a scan of every story.
  `CREATE INDEX IF NOT EXISTS stories_updated ON stories(updated_at);`,
  // Fingerprint bands moved to an index in memory, rebuilt from items.fingerprint (src/store/bands.ts): inserting 30
  // random-keyed rows an item into this table was most of the cost of storing it.
  `
  DROP TABLE item_bands;
  DELETE FROM meta WHERE key = 'bands_pruned_upto';
  `,
  // How the source's items are keyed: 'guid', or 'link-title' once its GUIDs were seen to change between fetches
  // (src/pipeline/item-keying.ts).
  `ALTER TABLE sources ADD COLUMN item_keying TEXT NOT NULL DEFAULT 'guid';`,
  // Daily digests as published (src/publish/digest.ts): one row per output and day, written once, never updated.
  `
  CREATE TABLE IF NOT EXISTS digests (
    output_id TEXT NOT NULL,
    day TEXT NOT NULL,
    published_at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (output_id, day)
  ) WITHOUT ROWID;
  `,
  // Push (src/push/): the notification outbox, written in the ingest transaction; per-channel counts; WebSub
  // subscriptions to huiju's hub, and huiju's own subscriptions to its sources' hubs.
  `
  CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    story_id INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0,
    -- pending, sending (claimed until claimed_until), sent, failed (given up), dropped (too old, or its story is gone)
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT,
    last_error TEXT,
    UNIQUE (channel, story_id)
  );
  CREATE INDEX IF NOT EXISTS outbox_due ON outbox(channel, status, next_attempt_at);
  CREATE INDEX IF NOT EXISTS outbox_done ON outbox(done_at) WHERE done_at IS NOT NULL;

  CREATE TABLE IF NOT EXISTS notify_channels (
    channel TEXT PRIMARY KEY,
    sent INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    dropped INTEGER NOT NULL DEFAULT 0,
    last_success_at TEXT,
    last_error_at TEXT,
    last_error TEXT
  );

  CREATE TABLE IF NOT EXISTS websub_subscriptions (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    callback TEXT NOT NULL,
    secret TEXT,
    lease_until TEXT NOT NULL,
    content_hash TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (topic, callback)
  );

  CREATE TABLE IF NOT EXISTS websub_sources (
    source_id TEXT PRIMARY KEY,
    hub TEXT NOT NULL,
    topic TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    secret TEXT NOT NULL,
    state TEXT NOT NULL,
    lease_until TEXT,
    requested_at TEXT NOT NULL
  );
  `,
  // PostgreSQL's step 9 gives its search index a pending list (src/store/postgres/search-index.ts); FTS5 has nothing
  // like it. The step is here too so both engines' schema versions keep counting the same steps (huiju db copy).
  `SELECT 1;`,
];

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this huiju (${MIGRATIONS.length}): upgrade huiju`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
