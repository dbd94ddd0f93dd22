import { Router, type Request, type Response } from 'express';
import { DatabaseCorruptError } from '../../store/store.ts';
import { VERSION } from '../../version.ts';
import { configGeneration, type AppContext } from '../context.ts';
import { isDegraded, sourceCounts, type SourceCounts } from '../source-health.ts';

/**
 * `/healthz`: is the process alive and its database answering. "degraded" (many sources failing) still answers 200, so
 * an orchestrator does not restart a server that cannot help it; only an unreachable or damaged database is a 503
 * (`"database": "corrupt: <what SQLite said>"`: restarting will not help, restoring a backup will). A full disk is
 * "degraded" with `"database": "disk full: …"`: everything stored is still served, and writes are retried.
 * `/readyz`: the strict variant, 503 whenever the answer is not "ok", for a load balancer or an alert.
 */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  // The counts come from the sources table; read again only when the data or the config changed (health is polled).
  let counted: { key: string; counts: SourceCounts } | null = null;
  const counts = async (): Promise<SourceCounts> => {
    const config = ctx.config();
    const key = `${await ctx.store.dataVersion()}/${configGeneration(config)}`;
    if (counted?.key !== key) counted = { key, counts: sourceCounts(config, await ctx.store.listSourceStates()) };
    return counted.counts;
  };

  const answer = async (res: Response, strict: boolean) => {
    let database = 'ok';
    let sourceStatus: SourceCounts | null = null;
    try {
      await ctx.store.ping();
      sourceStatus = await counts();
      // Writes fail but reads answer: degraded, not an error (a restart frees no space); /readyz makes it a 503.
      const full = await ctx.store.diskFull();
      if (full) database = full.message;
    } catch (err) {
      // A read that met a damaged page is remembered by the store: asking again names the damage.
      const fault = err instanceof DatabaseCorruptError ? err : await ctx.store.ping().then(() => null, (e: unknown) => e);
      database = fault instanceof DatabaseCorruptError ? `corrupt: ${fault.message}` : 'unavailable';
    }
    const status =
      sourceStatus === null ? 'error' : database !== 'ok' || isDegraded(sourceStatus) ? 'degraded' : 'ok';
    res.set('Cache-Control', 'no-store');
    res.status(status === 'error' || (strict && status !== 'ok') ? 503 : 200).json({
      status,
      version: VERSION,
      database,
      sources: ctx.config().sources.length,
      sourceStatus,
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
    });
  };

  router.get('/healthz', (_req: Request, res: Response) => answer(res, false));
  router.get('/readyz', (_req: Request, res: Response) => answer(res, true));
  return router;
}
