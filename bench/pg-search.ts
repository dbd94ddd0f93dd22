/**
 * Measures PostgreSQL full-text search designs on generated Chinese news (docs/search-postgres.md records a run):
 *   gram  the chosen one: a tsvector of character pairs under GIN (src/store/postgres/search-*.ts), read through
 *         read.ts's listStories as huiju serves it;
 *   trgm  pg_trgm's GIN index on title and text, searched with ILIKE (bench/pg-search-trgm.ts).
 * It builds huiju_search_bench_main (the production schema, migrations and all), loads N items, builds both indexes,
 * checks that both designs return the same stories for every date-ordered query (trgm's ILIKE is SQLite's rule taken
 * literally), times the queries, then the cost of writing search entries, and drops the database unless --keep.
 *
 *   node --import tsx bench/pg-search.ts [--items 100000] [--runs 15] [--keep] [--reuse] [--explain] [--writes-only]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { StoryFilter } from '../src/model/story.ts';
import { createPool } from '../src/store/postgres/connect.ts';
import { migrate } from '../src/store/postgres/migrations.ts';
import { hydrate } from '../src/store/postgres/read-hydrate.ts';
import { listStories } from '../src/store/postgres/read.ts';
import { searchGrams } from '../src/store/postgres/search-grams.ts';
import { writeSearchEntry } from '../src/store/postgres/search-index.ts';
import { describeMachine } from './lib/machine.ts';
import { percentile, round } from './lib/stats.ts';
import { searchCorpus, type CorpusItem, type CorpusStory } from './pg-search-corpus.ts';
import { trgmStories } from './pg-search-trgm.ts';

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '15' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    'writes-only': { type: 'boolean', default: false },
  },
});
const N = Number(args.items);
const RUNS = Number(args.runs);
const WRITES = 2000;
const DB = 'huiju_search_bench_main';
const SERVER = process.env.HUIJU_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const log = (s: string) => console.log(s);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await work();
  return [out, performance.now() - t];
}

function itemColumns(items: readonly CorpusItem[]) {
  return [
    items.map((i) => i.id),
    items.map((i) => i.sourceId),
    items.map((i) => i.guid),
    items.map((i) => i.storyId),
    items.map((i) => i.url),
    items.map((i) => i.title),
    items.map((i) => i.body.slice(0, 120)),
    items.map((i) => `<p>${i.body.replaceAll('\n', '</p><p>')}</p>`),
    items.map((i) => i.publishedAt),
    items.map((i) => (i.storyId === i.id ? null : 'near-duplicate')),
  ];
}

const INSERT_ITEMS = `INSERT INTO items (id, source_id, item_key, story_id, url, title, summary, content_html, published_at, match_rule,
    first_seen_at, content_hash, match_similarity)
  SELECT *, u.published_at, md5(u.title), CASE WHEN u.match_rule IS NULL THEN NULL ELSE 0.8 END
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
    AS u(id, source_id, item_key, story_id, url, title, summary, content_html, published_at, match_rule)`;

async function insertStories(db: pg.Pool, stories: readonly CorpusStory[]): Promise<void> {
  await db.query(
    `INSERT INTO stories (id, guid, representative_item_id, published_at, updated_at)
     SELECT *, u.p FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, guid, rep, p)`,
    [stories.map((s) => s.id), stories.map((s) => s.guid), stories.map((s) => s.representative), stories.map((s) => s.publishedAt)],
  );
  const pairs = stories.flatMap((s) => s.tags.map((t) => [t, s.id] as const));
  await db.query('INSERT INTO story_tags (tag, story_id) SELECT * FROM unnest($1::text[], $2::bigint[])', [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
}

async function build(db: pg.Pool): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${DB}`);
  await admin(`CREATE DATABASE ${DB}`);
  const client = await db.connect();
  await migrate(client);
  client.release();
  await db.query('CREATE EXTENSION pg_trgm');
  await db.query('DROP INDEX item_grams_gin');
  await db.query('CREATE TABLE item_search_trgm (item_id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE, title text NOT NULL, body text NOT NULL)');
  await db.query('CREATE TABLE item_search_plain (item_id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE, title text NOT NULL, body text NOT NULL)');

  const [corpus, genMs] = await timed(async () => searchCorpus(N));
  const items = corpus.items.slice(0, N);
  const storyById = new Map(corpus.stories.map((s) => [s.id, s]));
  log(`generated ${corpus.items.length} items in ${round(genMs / 1000)} s; loading ${N}`);
  let vectorMs = 0;
  let chars = 0;
  const started = performance.now();
  const seen = new Set<number>();
  for (let at = 0; at < items.length; at += 1000) {
    const batch = items.slice(at, at + 1000);
    const newStories = [...new Set(batch.map((i) => i.storyId))].filter((id) => !seen.has(id)).map((id) => storyById.get(id)!);
    for (const s of newStories) seen.add(s.id);
    await insertStories(db, newStories);
    await db.query(INSERT_ITEMS, itemColumns(batch));
    const t = process.cpuUsage();
    // Grams hold no spaces: one string an item passes through unnest.
    const grams = batch.map((i) => searchGrams(i.title, i.body).join(' '));
    const used = process.cpuUsage(t);
    vectorMs += (used.user + used.system) / 1000;
    for (const i of batch) chars += i.title.length + i.body.length;
    const cols = [batch.map((i) => i.id), batch.map((i) => i.title), batch.map((i) => i.body)];
    await db.query('INSERT INTO item_search SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', cols);
    await db.query("INSERT INTO item_grams SELECT u.i, array_to_tsvector(string_to_array(u.g, ' ')) FROM unnest($1::bigint[], $2::text[]) AS u(i, g)", [cols[0], grams]);
    await db.query('INSERT INTO item_search_trgm SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', cols);
    await db.query('INSERT INTO item_search_plain SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', cols);
    if ((at / 1000) % 20 === 19) log(`  ${at + 1000} items, ${round((performance.now() - started) / 1000)} s`);
  }
  log(`loaded in ${round((performance.now() - started) / 1000)} s; cutting grams in JS: ${round((vectorMs * 1000) / N)} µs of CPU an item (${round(chars / N)} characters)`);
  await db.query("SET maintenance_work_mem = '256MB'");
  const [, gramIndexMs] = await timed(() => db.query('CREATE INDEX item_grams_gin ON item_grams USING gin (grams) WITH (fastupdate = off)'));
  const [, trgmIndexMs] = await timed(() => db.query('CREATE INDEX item_search_trgm_gin ON item_search_trgm USING gin (title gin_trgm_ops, body gin_trgm_ops)'));
  log(`GIN build: grams ${round(gramIndexMs / 1000)} s, trgm ${round(trgmIndexMs / 1000)} s (maintenance_work_mem 256MB)`);
  await db.query('VACUUM ANALYZE');
}

async function sizes(db: pg.Pool): Promise<void> {
  const { rows } = await db.query<{ name: string; heap: string; toast: string; index: string }>(
    `SELECT c.relname AS name, pg_size_pretty(pg_relation_size(c.oid)) AS heap,
            pg_size_pretty(coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)) AS toast,
            pg_size_pretty(pg_indexes_size(c.oid)) AS index
     FROM pg_class c WHERE c.relname IN ('items', 'stories', 'item_search', 'item_grams', 'item_search_trgm', 'item_search_plain')`,
  );
  const idx = await db.query<{ name: string; size: string }>(
    `SELECT relname AS name, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class WHERE relname IN ('item_grams_gin', 'item_search_trgm_gin')`,
  );
  log('\n| table | heap | toast | indexes |\n|---|---|---|---|');
  for (const r of rows) log(`| ${r.name} | ${r.heap} | ${r.toast} | ${r.index} |`);
  for (const r of idx.rows) log(`index ${r.name}: ${r.size}`);
}

/** A CJK pair in about 0.05% of items (title or text, in a tenth of them): a rare two-character term that occurs. */
function rareTerm(items: readonly { title: string; body: string }[]): string {
  const df = new Map<string, number>();
  for (const i of items) {
    const pairs = new Set<string>();
    for (const text of [i.title, i.body]) for (let k = 0; k + 1 < text.length; k++) pairs.add(text.slice(k, k + 2));
    for (const p of pairs) if (/^[\u4e00-\u9fff]{2}$/u.test(p)) df.set(p, (df.get(p) ?? 0) + 1);
  }
  const want = items.length * 0.0005;
  return [...df].sort((a, b) => Math.abs(a[1] - want) - Math.abs(b[1] - want) || (a[0] < b[0] ? -1 : 1))[0]![0];
}

interface Case {
  name: string;
  f: StoryFilter;
}

function cases(rare: string): Case[] {
  const q = (name: string, f: Partial<StoryFilter>): Case => ({ name, f: { limit: 50, ...f } });
  const out: Case[] = [];
  for (const [label, text] of [
    ['common 2-char', '算力'],
    ['very common ASCII 2-char', 'AI'],
    [`rare 2-char (${rare})`, rare],
    ['2-char found nowhere', 'zq'],
    ['3-char', '大模型'],
    ['4-char', '具身智能'],
    ['ASCII 6-char', 'OpenAI'],
    ['two terms', '大模型 算力'],
  ] as const) {
    out.push(q(`${label} \`${text}\`, date`, { q: text, sort: 'date' }));
    out.push(q(`${label} \`${text}\`, relevance`, { q: text, sort: 'relevance' }));
  }
  out.push(q('`大模型` + tag robotics, date', { q: '大模型', tags: ['robotics'], sort: 'date' }));
  out.push(q('`算力` + since/until a week, date', { q: '算力', since: '2026-01-10T00:00:00.000Z', until: '2026-01-17T00:00:00.000Z', sort: 'date' }));
  out.push(q('`大模型`, relevance, page 5 (offset 200)', { q: '大模型', sort: 'relevance', offset: 200 }));
  out.push(q('no search, tag ai, date', { tags: ['ai'] }));
  return out;
}

/** p50 and p95 of RUNS runs after a warm-up; 3 runs in all when one takes over a second (a scan: the figure is clear). */
async function timeRuns(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run();
  const ms = [(await timed(run))[1]];
  const runs = ms[0]! > 1000 ? 3 : RUNS;
  while (ms.length < runs) ms.push((await timed(run))[1]);
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** The statements listStories sends, for EXPLAIN. */
function recording(db: pg.Pool): { db: pg.Pool; sent: { text: string; values: unknown[] }[] } {
  const sent: { text: string; values: unknown[] }[] = [];
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'query') {
        return (text: string, values: unknown[]) => {
          sent.push({ text, values });
          return target.query(text, values);
        };
      }
      return Reflect.get(target, key);
    },
  });
  return { db: proxy, sent };
}

async function queries(db: pg.Pool, rare: string, title: string, only?: number): Promise<void> {
  log(`\n${title}\n\n| query | stories | gram p50 | gram p95 | trgm p50 | trgm p95 | same stories |\n|---|---|---|---|---|---|---|`);
  for (const c of cases(rare).slice(0, only)) {
    const gram = await listStories(db, c.f, { content: false });
    const trgm = await hydrate(db, await trgmStories(db, c.f), { content: false });
    // Relevance orders differ by design (ts_rank vs counts); the set of matching stories must not.
    const same = c.f.sort === 'relevance' ? '(ranked)' : JSON.stringify(gram.map((s) => s.id)) === JSON.stringify(trgm.map((s) => s.id)) ? 'yes' : 'NO';
    const g = await timeRuns(() => listStories(db, c.f, { content: false }));
    const t = await timeRuns(async () => hydrate(db, await trgmStories(db, c.f), { content: false }));
    log(`| ${c.name} | ${gram.length} | ${round(g.p50)} | ${round(g.p95)} | ${round(t.p50)} | ${round(t.p95)} | ${same} |`);
    if (args.explain) {
      const r = recording(db);
      await listStories(r.db, c.f, { content: false });
      for (const s of r.sent.filter((s) => /FROM stories s/.test(s.text))) {
        const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${s.text}`, s.values);
        console.error(`\n### ${c.name}\n${plan.rows.map((x) => x['QUERY PLAN']).join('\n')}`);
      }
    }
  }
}

/**
 * Search entries written one statement an item, 20 items a transaction (a source's document), into each table. The
 * gram index with fastupdate off (as shipped), then on with a 256 kB pending list, then on with PostgreSQL's 4 MB:
 * `between` measures searches after each, while the pending list they leave is still there.
 */
async function writes(db: pg.Pool, between: (state: string) => Promise<void>): Promise<void> {
  // Items after those stored (a database kept from an earlier run holds that run's writes too).
  const stored = Number((await db.query('SELECT max(id) AS n FROM items')).rows[0].n);
  const corpus = searchCorpus(stored + 3 * WRITES);
  const extra = corpus.items.slice(stored);
  const known = new Set((await db.query<{ id: number }>('SELECT id FROM stories WHERE id = ANY($1::bigint[])', [extra.map((i) => i.storyId)])).rows.map((r) => Number(r.id)));
  const wanted = new Set(extra.map((i) => i.storyId));
  await insertStories(db, corpus.stories.filter((s) => wanted.has(s.id) && !known.has(s.id)));
  await db.query(INSERT_ITEMS, itemColumns(extra));
  const chunks = [extra.slice(0, WRITES), extra.slice(WRITES, 2 * WRITES), extra.slice(2 * WRITES)] as const;
  const client = await db.connect();
  const gin = (options: string) => () => client.query(`ALTER INDEX item_grams_gin SET (${options})`);
  const copyTo = (table: string, items: readonly CorpusItem[]) =>
    client.query(`INSERT INTO ${table} SELECT item_id, title, body FROM item_search WHERE item_id = ANY($1::bigint[])`, [items.map((i) => i.id)]);
  const gram = (i: CorpusItem) => writeSearchEntry(client, i.id, i.title, i.body);
  const variants: [string, readonly CorpusItem[], (i: CorpusItem) => Promise<unknown>, () => Promise<unknown>][] = [
    ['plain (no search index)', chunks[0], (i) => client.query('INSERT INTO item_search_plain VALUES ($1, $2, $3)', [i.id, i.title, i.body]), async () => {}],
    ['trgm, fastupdate on (default)', chunks[0], (i) => client.query('INSERT INTO item_search_trgm VALUES ($1, $2, $3)', [i.id, i.title, i.body]), async () => {}],
    ['gram, fastupdate off (as shipped)', chunks[0], gram, gin('fastupdate = off')],
    ['gram, fastupdate on, pending list 256 kB', chunks[1], gram, gin('fastupdate = on, gin_pending_list_limit = 256')],
    ['gram, fastupdate on, pending list 4 MB (default)', chunks[2], gram, gin('fastupdate = on, gin_pending_list_limit = 4096')],
  ];
  for (const [name, items, write, before] of variants) {
    await before();
    const t = performance.now();
    for (let at = 0; at < items.length; at += 20) {
      await client.query('BEGIN');
      for (const i of items.slice(at, at + 20)) await write(i);
      await client.query('COMMIT');
    }
    log(`\n| writing ${items.length} search entries, 20 a transaction | µs an item |\n|---|---|\n| ${name} | ${Math.round(((performance.now() - t) * 1000) / items.length)} |`);
    if (name.startsWith('gram')) {
      // The other tables get the same rows, so both designs still search the same items.
      await copyTo('item_search_trgm', name.includes('off') ? [] : items);
      await copyTo('item_search_plain', name.includes('off') ? [] : items);
      await client.query('ANALYZE');
      await between(`after: ${name} (no VACUUM since)`);
    }
  }
  await gin('fastupdate = off, gin_pending_list_limit = 4096')();
  client.release();
}

async function main(): Promise<void> {
  log(`machine: ${JSON.stringify(describeMachine())}`);
  const { pool: db } = createPool(`${SERVER}/${DB}`);
  try {
    if (!args.reuse) await build(db);
    const version = (await db.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
    const settings = (await db.query<{ s: string }>(`SELECT string_agg(name || '=' || setting, ', ') AS s FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'gin_pending_list_limit')`)).rows[0]!.s;
    log(`${version}\n${settings}`);
    await sizes(db);
    const sample = (await db.query<{ title: string; body: string }>('SELECT title, body FROM item_search WHERE item_id % 10 = 0')).rows;
    const rare = rareTerm(sample);
    if (!args['writes-only']) {
      await queries(db, rare, `Queries, limit 50, no article bodies (content: false), ${RUNS} runs after a warm-up (3 for a scan over a second), ms:`);
    }
    await writes(db, (state) => queries(db, rare, `Searches ${state}:`, 4));
    await db.query('VACUUM item_grams, item_search_trgm');
    await queries(db, rare, 'After VACUUM merged the pending lists:', 4);
    log(`\nload average at the end: ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    await db.end();
    if (!args.keep) await admin(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

await main();
