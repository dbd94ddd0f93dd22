/**
 * One measurement of ingest on one engine: `--items N` generated items (bench/stream-ingest.ts, eight source batches
 * in flight as in `huiju fetch`) stored into an empty database, SQLite (a file) or PostgreSQL (a database
 * `huiju_perf_<pid>` on the local server, dropped after). Prints one JSON line: wall µs an item, CPU µs an item (this
 * process, plus the server's backends for PostgreSQL), transactions, and statements sent to PostgreSQL a transaction
 * (each a round trip). A driver runs it per engine, interleaved, to compare engines measured side by side:
 *
 *   node --import tsx bench/ingest-engines.ts --engine postgres --items 10000 --seed 7
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { countPostgresQueries, PG_ADMIN_URL, pgUrl, ServerCpuMeter } from './lib/engines.ts';
import { openBenchStore } from './lib/huiju.ts';
import { shippedTags } from './lib/workspace.ts';
import { StreamIngester } from './stream-ingest.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    items: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '7' },
    // What the search index's GIN costs (an experiment, not huiju's setting): `off` turns its pending list off (as
    // before schema version 9: each item's grams entered one by one), `none` drops it.
    gin: { type: 'string', default: 'shipped' },
  },
});
const items = Number(values.items);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'huiju-perf-'));
const database = `huiju_perf_${process.pid}`;
let location = join(dir, 'huiju.db');
if (values.engine === 'postgres') {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${database}`);
  location = pgUrl(database);
}
try {
  const { store, ctx } = await openBenchStore(location, shippedTags());
  if (values.engine === 'postgres' && values.gin !== 'shipped') {
    const c = new pg.Client({ connectionString: location });
    await c.connect();
    await c.query(values.gin === 'none' ? 'DROP INDEX item_grams_gin' : 'ALTER INDEX item_grams_gin SET (fastupdate = off)');
    await c.end();
  }
  let transactions = 0;
  const transaction = store.transaction.bind(store);
  store.transaction = (work) => {
    transactions++;
    return transaction(work);
  };
  const meter = ServerCpuMeter.start(location);
  const statements = countPostgresQueries();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const fed = await new StreamIngester(ctx, Number(values.seed)).feed(items);
  const wallMs = performance.now() - t0;
  const own = process.cpuUsage(cpu0);
  const serverMs = meter?.stop() ?? 0;
  statements.stop();
  await store.close();
  const perItem = (ms: number) => Math.round((ms * 1000) / fed);
  console.log(
    JSON.stringify({
      engine: values.engine,
      ...(values.gin !== 'shipped' ? { gin: values.gin } : {}),
      items: fed,
      wallUsPerItem: perItem(wallMs),
      cpuUsPerItem: perItem((own.user + own.system) / 1000 + serverMs),
      serverCpuUsPerItem: perItem(serverMs),
      transactions,
      statementsPerTransaction: transactions ? Math.round((statements.count() / transactions) * 10) / 10 : 0,
    }),
  );
} finally {
  if (values.engine === 'postgres') await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
}
