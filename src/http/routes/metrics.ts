import { Router } from 'express';
import { stored, registry } from '../../metrics.ts';
import type { AppContext } from '../context.ts';
import { setNotifyGauges } from '../../push/metrics.ts';
import { channelStatuses } from '../../push/status.ts';

/** Read the stored counts into the gauges: at scrape time, so they hold whichever process wrote the data. */
async function collectStored(ctx: AppContext): Promise<void> {
  const [stats, states, counts] = await Promise.all([ctx.store.storeStats(), ctx.store.listSourceStates(), ctx.store.tagCounts()]);
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
  setNotifyGauges(await channelStatuses(ctx.store, config));
}

export function metricsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    await collectStored(ctx);
    res.set('Cache-Control', 'no-store');
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
