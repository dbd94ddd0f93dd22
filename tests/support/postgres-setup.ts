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

  // Test databases whose process is gone: a run that was killed before its own clean-up.
  const dropLeftovers = async () => {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'huiju\\_t\\_%'");
    for (const { datname } of rows) {
      const pid = Number(/^huiju_t_(\d+)_/.exec(datname)?.[1]);
      if (pid && pid !== process.pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  };
  await dropLeftovers();

  const template = `huiju_t_${process.pid}_template`;
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
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await dropLeftovers();
    await admin.end();
  };
}
