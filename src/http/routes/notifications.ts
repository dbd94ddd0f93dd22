import { Router } from 'express';
import { channelStatuses } from '../../push/status.ts';
import type { AppContext } from '../context.ts';

/** GET /api/notifications: each notify channel's queue and delivery record. Addresses and secrets are never shown. */
export function notificationRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/notifications', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json({ channels: await channelStatuses(ctx.store, ctx.config()) });
  });
  return router;
}
