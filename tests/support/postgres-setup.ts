/**
 * Global setup of the `postgres` project: fails the run at once, loudly, when PostgreSQL does not answer (its tests
 * are never skipped quietly), and makes the template every test database is copied from: huiju's schema, migrated once
 * instead of once a database. Teardown drops it, and test databases a crashed run left behind.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/open.ts';
import type {} from './provided.ts';

const ADMIN_URL = process.env.HUIJU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

export default async function setup(project: TestProject) {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL does not answer at ${ADMIN_URL}: the postgres project cannot run (${(err as Error).message}). ` +
        'Start it (pg_ctlcluster 15 main start) or run only the sqlite project (vitest run --project sqlite).',
    );
  }

  const template = `huiju_t_${process.pid}_template`;
  // Test databases of this run (huiju_t_<this pid>_…), and of runs whose process is gone: killed before their teardown.
  const dropLeftovers = async () => {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'huiju\\_t\\_%' ORDER BY datname");
    const names = rows
      .map((r) => r.datname)
      .filter((name) => {
        const pid = Number(/^huiju_t_(\d+)_/.exec(name)?.[1]);
        return name !== template && pid && (pid === process.pid || !alive(pid));
      });
    // Each DROP DATABASE waits for a checkpoint; dropped side by side they share them.
    const lanes = Array.from({ length: 6 }, async () => {
      const lane = new pg.Client({ connectionString: ADMIN_URL });
      await lane.connect();
      try {
        for (let name = names.shift(); name; name = names.shift()) await lane.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await lane.end();
      }
    });
    await Promise.all(lanes);
  };
  await dropLeftovers();

  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${template}`;
  const store = await openStore(url.toString());
  await store.close();
  // A template must have no one connected when it is copied.
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [template]);
  project.provide('pgTemplate', template);

  return async () => {
    await dropLeftovers();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
