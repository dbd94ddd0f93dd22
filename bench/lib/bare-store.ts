/**
 * A second yardstick beside bare rss-parser: the least an aggregator that keeps and searches what it fetches does with
 * the same libraries. better-sqlite3 with huiju's pragmas (WAL, synchronous NORMAL), one row an item keyed by source
 * and guid, and the same full-text index huiju keeps (FTS5, trigram, title and plain-text body), each document in its
 * own transaction. No dedup, no tags, no stories, no sanitising: what is left of huiju's cost above this line is
 * what it does beyond storing and indexing.
 */
import Database from 'better-sqlite3';
import type Parser from 'rss-parser';

/** rss-parser's default fields include the full body (`content:encoded`) and its text beside `content`. */
interface Encoded {
  'content:encoded'?: string;
  'content:encodedSnippet'?: string;
}

export interface BareStore {
  /** Store one parsed document's items (those not stored before); returns how many were new. */
  store(sourceId: string, feed: Parser.Output<unknown>): number;
  close(): void;
}

export function openBareStore(file: string): BareStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, source_id TEXT NOT NULL, guid TEXT NOT NULL, link TEXT,
      title TEXT, content TEXT, published TEXT, UNIQUE (source_id, guid));
    CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(title, body, tokenize = 'trigram');
  `);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO items (source_id, guid, link, title, content, published) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const index = db.prepare('INSERT INTO items_fts (rowid, title, body) VALUES (?, ?, ?)');
  const storeAll = db.transaction((sourceId: string, feed: Parser.Output<unknown>) => {
    let added = 0;
    for (const item of feed.items as (Parser.Item & Encoded)[]) {
      const guid = item.guid ?? item.link ?? item.title ?? '';
      const html = item['content:encoded'] ?? item.content ?? null;
      const row = insert.run(sourceId, guid, item.link ?? null, item.title ?? null, html, item.isoDate ?? null);
      if (row.changes === 0) continue;
      index.run(row.lastInsertRowid, item.title ?? '', item['content:encodedSnippet'] ?? item.contentSnippet ?? '');
      added++;
    }
    return added;
  });
  return { store: (sourceId, feed) => storeAll(sourceId, feed), close: () => db.close() };
}
