import { Router } from 'express';
import { renderOpml } from '../../publish/opml.ts';
import { baseUrl, configGeneration, type AppContext } from '../context.ts';
import { cacheFor, representation, sendRepresentation } from '../conditional.ts';

export function opmlRoutes(ctx: AppContext): Router {
  const router = Router();
  const startedAt = new Date();
  let cached: { generation: number; base: string; body: string } | null = null;
  router.get('/opml', (req, res) => {
    const config = ctx.config();
    const base = baseUrl(req);
    const generation = configGeneration(config);
    if (cached?.generation !== generation || cached.base !== base) {
      cached = { generation, base, body: renderOpml({ title: 'huiju 汇聚 · 信息源', ownerUrl: `${base}/`, updated: startedAt }, config.sources) };
    }
    res.set('Content-Disposition', 'inline; filename="huiju-sources.opml"');
    sendRepresentation(req, res, representation(cached.body, 'text/x-opml; charset=utf-8'), cacheFor(300));
  });
  return router;
}
