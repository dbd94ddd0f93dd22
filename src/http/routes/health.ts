import { Router } from 'express';
import { VERSION } from '../../version.ts';
import type { AppContext } from '../context.ts';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    let database = 'ok';
    try {
      await ctx.store.ping();
    } catch {
      database = 'unavailable';
    }
    res.set('Cache-Control', 'no-store');
    res.status(database === 'ok' ? 200 : 503).json({
      status: database === 'ok' ? 'ok' : 'error',
      version: VERSION,
      database,
      sources: ctx.config().sources.length,
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt.getTime()) / 1000),
    });
  });
  return router;
}
