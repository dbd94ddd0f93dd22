import type pg from 'pg';
import { MIGRATION_LOCK } from './locks.ts';
import { SEARCH_GIN_PENDING_DDL, SEARCH_INDEX_DDL } from './search-index.ts';

/**
 * Schema history, step for step the same as SQLite's (src/store/sqlite/migrations.ts), so a database of either engine
 * at version N holds the same tables and a copy between them needs no translation. Each entry runs once, in order, in
 * its own transaction; `schema_version` records how far a database has come. Never edit a shipped migration: append.
 * That includes SEARCH_INDEX_DDL (search-index.ts), which migration 1 runs: once databases exist, a change to the search
 * index is a new migration here, or they keep the old one.
 *
 * Times stay ISO-8601 `text`, as in SQLite: they round-trip byte for byte (feeds built from either engine are
 * identical) and sort as strings. `COLLATE "C"` makes them, and the keys listings sort or compare, compare byte by byte
 * as SQLite's BINARY does, whatever collation the operator created the database with (in en_US a string comparison
 * ignores punctuation first).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sources (
    id text COLLATE "C" PRIMARY KEY,
    etag text,
    last_modified text,
    charset text,
    feed_title text,
    last_fetch_at text COLLATE "C",
    last_success_at text COLLATE "C",
    last_error text,
    consecutive_failures integer NOT NULL DEFAULT 0,
    next_fetch_at text COLLATE "C",
    permanent_redirect text
  );

  CREATE TABLE stories (
    id bigserial PRIMARY KEY,
    -- Public, stable id: the GUID feed readers see. Fixed when the story is created; never changes.
    guid text COLLATE "C" NOT NULL UNIQUE,
    representative_item_id bigint,
    -- Sort key: the representative's date, or first-seen time when its date could not be trusted.
    published_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    item_count integer NOT NULL DEFAULT 1
  );
  CREATE INDEX stories_published ON stories(published_at DESC, id DESC);

  CREATE TABLE items (
    id bigserial PRIMARY KEY,
    source_id text COLLATE "C" NOT NULL,
    -- guid, else link, else a hash of title+summary: unique per source.
    item_key text COLLATE "C" NOT NULL,
    story_id bigint NOT NULL REFERENCES stories(id),
    url text,
    canonical_url text COLLATE "C",
    title text NOT NULL,
    summary text,
    content_html text,
    author text,
    published_at text COLLATE "C" NOT NULL,
    date_flag text,
    updated_at text COLLATE "C",
    first_seen_at text COLLATE "C" NOT NULL,
    categories text NOT NULL DEFAULT '[]',
    enclosures text NOT NULL DEFAULT '[]',
    content_hash text NOT NULL,
    title_key text COLLATE "C" NOT NULL DEFAULT '',
    fingerprint text NOT NULL DEFAULT '',
    match_rule text,
    match_similarity double precision,
    matched_item_id bigint,
    UNIQUE (source_id, item_key)
  );
  CREATE INDEX items_story ON items(story_id);
  CREATE INDEX items_canonical_url ON items(canonical_url) WHERE canonical_url IS NOT NULL;
  CREATE INDEX items_title_key ON items(title_key, published_at) WHERE title_key <> '';
  CREATE INDEX items_first_seen ON items(first_seen_at);

  -- LSH bands of each item's fingerprint (dropped by migration 5, kept here so both engines share one history).
  CREATE TABLE item_bands (
    band text NOT NULL,
    item_id bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (band, item_id)
  );
  CREATE INDEX item_bands_item ON item_bands(item_id);

  CREATE TABLE item_tags (
    item_id bigint NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag text COLLATE "C" NOT NULL,
    score double precision NOT NULL,
    evidence text NOT NULL,
    PRIMARY KEY (item_id, tag)
  );

  -- A story carries the union of its items' tags, so filtering a feed by tag is one indexed join.
  CREATE TABLE story_tags (
    tag text COLLATE "C" NOT NULL,
    story_id bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    PRIMARY KEY (tag, story_id)
  );
  CREATE INDEX story_tags_story ON story_tags(story_id);

  -- SQLite's items_fts(title, body): an item's indexed plain text. How it is searched is search-index.ts's business.
  CREATE TABLE item_search (
    item_id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    title text NOT NULL,
    body text NOT NULL
  );
  ${SEARCH_INDEX_DDL}

  CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);

  -- Bumped by every write transaction of every process: the response cache's key (Store.dataVersion). PostgreSQL has
  -- no counterpart of SQLite's data_version pragma.
  CREATE TABLE data_version (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL
  );
  INSERT INTO data_version (version) VALUES (0);
  -- Writes huiju did not make (an operator's SQL, a restore) move it too, as any write moves SQLite's data_version: a
  -- statement-level trigger on every table a listing reads.
  CREATE FUNCTION huiju_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS
    'BEGIN UPDATE data_version SET version = version + 1; RETURN NULL; END';
  CREATE TRIGGER stories_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION huiju_bump_data_version();
  CREATE TRIGGER items_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON items
    FOR EACH STATEMENT EXECUTE FUNCTION huiju_bump_data_version();
  CREATE TRIGGER item_tags_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON item_tags
    FOR EACH STATEMENT EXECUTE FUNCTION huiju_bump_data_version();
  CREATE TRIGGER story_tags_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON story_tags
    FOR EACH STATEMENT EXECUTE FUNCTION huiju_bump_data_version();
  CREATE TRIGGER sources_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sources
    FOR EACH STATEMENT EXECUTE FUNCTION huiju_bump_data_version();
  `,
  // The normalised start of the body: the near-duplicate matcher compares it exactly instead of estimating from bands.
  `ALTER TABLE items ADD COLUMN snippet text NOT NULL DEFAULT '';`,
  `
  -- Items removed by retention, so a feed that still lists one does not bring it back as new. Expire after a while.
  CREATE TABLE tombstones (
    source_id text COLLATE "C" NOT NULL,
    item_key text COLLATE "C" NOT NULL,
    pruned_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (source_id, item_key)
  );
  CREATE INDEX tombstones_pruned ON tombstones(pruned_at);
  `,
  // Every listing sends Last-Modified = max(stories.updated_at): without an index that was a scan of every story.
  `CREATE INDEX IF NOT EXISTS stories_updated ON stories(updated_at);`,
  // Fingerprint bands moved to an index in memory, rebuilt from items.fingerprint (src/store/band-sync.ts).
  `
  DROP TABLE item_bands;
  DELETE FROM meta WHERE key = 'bands_pruned_upto';
  `,
  // How the source's items are keyed: 'guid', or 'link-title' once its GUIDs were seen to change between fetches
  // (src/pipeline/item-keying.ts).
  `ALTER TABLE sources ADD COLUMN item_keying text NOT NULL DEFAULT 'guid';`,
  // Daily digests as published (src/publish/digest.ts): one row per output and day, written once, never updated.
  `
  CREATE TABLE digests (
    output_id text COLLATE "C" NOT NULL,
    day text COLLATE "C" NOT NULL,
    published_at text COLLATE "C" NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (output_id, day)
  );
  CREATE TRIGGER digests_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON digests
    FOR EACH STATEMENT EXECUTE FUNCTION huiju_bump_data_version();
  `,
  // Push (src/push/): the notification outbox, written in the ingest transaction; per-channel counts; WebSub
  // subscriptions to huiju's hub, and huiju's own subscriptions to its sources' hubs (as SQLite's step).
  `
  CREATE TABLE IF NOT EXISTS outbox (
    id bigserial PRIMARY KEY,
    channel text COLLATE "C" NOT NULL,
    story_id bigint NOT NULL,
    published_at text COLLATE "C" NOT NULL,
    revision integer NOT NULL DEFAULT 0,
    status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at text COLLATE "C" NOT NULL,
    claimed_until text COLLATE "C",
    created_at text COLLATE "C" NOT NULL,
    done_at text COLLATE "C",
    last_error text,
    UNIQUE (channel, story_id)
  );
  CREATE INDEX IF NOT EXISTS outbox_due ON outbox(channel, status, next_attempt_at);
  CREATE INDEX IF NOT EXISTS outbox_done ON outbox(done_at) WHERE done_at IS NOT NULL;

  CREATE TABLE IF NOT EXISTS notify_channels (
    channel text COLLATE "C" PRIMARY KEY,
    sent bigint NOT NULL DEFAULT 0,
    failed bigint NOT NULL DEFAULT 0,
    dropped bigint NOT NULL DEFAULT 0,
    last_success_at text COLLATE "C",
    last_error_at text COLLATE "C",
    last_error text
  );

  CREATE TABLE IF NOT EXISTS websub_subscriptions (
    id bigserial PRIMARY KEY,
    topic text COLLATE "C" NOT NULL,
    callback text COLLATE "C" NOT NULL,
    secret text,
    lease_until text COLLATE "C" NOT NULL,
    content_hash text,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at text COLLATE "C",
    created_at text COLLATE "C" NOT NULL,
    UNIQUE (topic, callback)
  );

  CREATE TABLE IF NOT EXISTS websub_sources (
    source_id text COLLATE "C" PRIMARY KEY,
    hub text NOT NULL,
    topic text NOT NULL,
    token text COLLATE "C" NOT NULL UNIQUE,
    secret text NOT NULL,
    state text NOT NULL,
    lease_until text COLLATE "C",
    requested_at text COLLATE "C" NOT NULL
  );
  `,
  // The search index keeps a pending list, merged in bulk after each commit that wrote search entries
  // (search-index.ts): entering each item's grams one by one was most of the server's time when storing.
  SEARCH_GIN_PENDING_DDL,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Bring the schema up to date, one migration a transaction. Each takes the migration lock and reads the version
 * again under it: a second process starting at the same moment waits, then finds the work done.
 */
export async function migrate(client: pg.PoolClient): Promise<void> {
  for (;;) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await step(client);
      await client.query('COMMIT');
      if (done) return;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }
}

/** Apply the next pending migration; true when there was none. */
async function step(client: pg.PoolClient): Promise<boolean> {
  await client.query('CREATE TABLE IF NOT EXISTS schema_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), version integer NOT NULL)');
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
  const current = rows[0]?.version ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this huiju (${SCHEMA_VERSION}): upgrade huiju`);
  }
  if (current === SCHEMA_VERSION) return true;
  await client.query(MIGRATIONS[current]!);
  await client.query(
    'INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT (one) DO UPDATE SET version = excluded.version',
    [current + 1],
  );
  return false;
}
