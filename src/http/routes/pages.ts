import { Router } from 'express';
import { listSourceStates } from '../../store/sources.ts';
import { listStories } from '../../store/queries.ts';
import { tagCounts } from '../../store/tags.ts';
import { knownIds, labelsOf, type AppContext } from '../context.ts';
import { homePage } from '../pages/home.ts';
import { sourcesPage } from '../pages/sources.ts';
import { parseStoryFilter } from '../params.ts';

export function pageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const config = ctx.config();
    const filter = parseStoryFilter(req, knownIds(config), { cursor: false });
    res.set('Cache-Control', 'no-cache');
    res.type('html').send(
      homePage({
        config,
        labels: labelsOf(config),
        stories: listStories(ctx.db, filter),
        tagCounts: tagCounts(ctx.db),
        activeTags: filter.tags ?? [],
        q: filter.q ?? '',
      }),
    );
  });
  router.get('/sources', (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.type('html').send(sourcesPage(ctx.config(), listSourceStates(ctx.db)));
  });
  return router;
}
