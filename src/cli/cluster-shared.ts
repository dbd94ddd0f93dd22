import type { Config } from '../config/schema.ts';
import { isPostgresUrl } from '../store/open.ts';
import type { Io } from './shared.ts';

/** The web and worker roles share one PostgreSQL database; a SQLite file belongs to one `huiju serve`. */
export function requirePostgres(role: 'web' | 'worker', location: string, io: Pick<Io, 'err'>): boolean {
  if (isPostgresUrl(location)) return true;
  io.err(
    `huiju ${role}: the cluster needs PostgreSQL: give --db postgres://user@host:5432/huiju (env HUIJU_DB); ${location} is a SQLite file, which one huiju serve uses alone`,
  );
  return false;
}

/**
 * How long a worker may hold a refresh job before another takes it up: HUIJU_JOB_LEASE_SECONDS, or the fetch timeout
 * plus a minute to parse and store (as `huiju serve` gives a refresh before freeing its slot).
 */
export function leaseSeconds(config: Config, env: NodeJS.ProcessEnv, io: Pick<Io, 'err'>): number | null {
  const given = env.HUIJU_JOB_LEASE_SECONDS;
  if (given === undefined || given === '') return Math.ceil(config.fetch.timeoutSeconds) + 60;
  const n = Number(given);
  if (Number.isInteger(n) && n >= 5 && n <= 3600) return n;
  io.err(`HUIJU_JOB_LEASE_SECONDS must be a whole number of seconds from 5 to 3600; got "${given}"`);
  return null;
}
