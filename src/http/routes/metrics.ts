import { Router } from 'express';
import { stored, registry } from '../../metrics.ts';
import { listSourceStates } from '../../store/sources.ts';
import { storeStats } from '../../store/queries.ts';
import { tagCounts } from '../../store/tags.ts';
import type { AppContext } from '../context.ts';

/** Read the stored counts into the gauges: at scrape time, so they hold whichever process wrote the data. */
function collectStored(ctx: AppContext): void {
  const stats = storeStats(ctx.db);
  const states = listSourceStates(ctx.db);
  const counts = tagCounts(ctx.db);
  const config = ctx.config();
  for (const g of Object.values(stored)) g.reset();
  stored.stories.set(stats.stories);
  for (const [rule, n] of stats.mergedByRule) stored.merged.set({ rule }, n);
  for (const t of config.tags) stored.tagStories.set({ tag: t.id }, counts.get(t.id) ?? 0);
  for (const s of config.sources) {
    const st = states.get(s.id);
    stored.items.set({ source: s.id }, stats.itemsBySource.get(s.id) ?? 0);
    stored.sourceFailures.set({ source: s.id }, st?.consecutiveFailures ?? 0);
    if (st?.lastSuccessAt) stored.sourceLastSuccess.set({ source: s.id }, Date.parse(st.lastSuccessAt) / 1000);
  }
}

export function metricsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    collectStored(ctx);
    res.set('Cache-Control', 'no-store');
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
