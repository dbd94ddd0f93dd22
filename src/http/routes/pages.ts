import { Router, type Request } from 'express';
import { recordCacheLookup } from '../../metrics.ts';
import { listSourceStates } from '../../store/sources.ts';
import { listStories } from '../../store/queries.ts';
import { tagCounts } from '../../store/tags.ts';
import { knownIds, labelsOf, type AppContext } from '../context.ts';
import { representation, sendRepresentation } from '../conditional.ts';
import { homePage } from '../pages/home.ts';
import { sourcesPage } from '../pages/sources.ts';
import { ICON, STYLE, STYLE_VERSION } from '../pages/style.ts';
import { nextCursor, parseStoryFilter } from '../params.ts';
import { pageSecurity } from '../security.ts';
import type { ResponseCache } from '../response-cache.ts';
import { searchSnippets } from '../snippets.ts';
import { sourceHealth } from '../source-health.ts';

const PAGE_SIZE = 30;
const HTML = 'text/html; charset=utf-8';

/** This page's URL with the next cursor: sort, limit and dates carry over, or the cursor would not fit. */
function nextPage(req: Request, cursor: string): string {
  const params = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
  params.set('cursor', cursor);
  return `/?${params.toString()}`;
}

export function pageRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();

  const home = (req: Request): string => {
    const config = ctx.config();
    const filter = parseStoryFilter(req, knownIds(config), { cursor: true, searchOrder: 'relevance', defaultLimit: PAGE_SIZE });
    const rows = listStories(ctx.db, { ...filter, limit: filter.limit + 1 }, { content: false });
    const stories = rows.slice(0, filter.limit);
    const last = stories[stories.length - 1];
    return homePage({
      config,
      labels: labelsOf(config),
      stories,
      snippets: searchSnippets(ctx.db, stories, filter.q),
      tagCounts: tagCounts(ctx.db),
      activeTags: filter.tags ?? [],
      activeSources: filter.sources ?? [],
      q: filter.q ?? '',
      next: rows.length > filter.limit && last ? nextPage(req, nextCursor(filter, last)) : null,
    });
  };

  router.get('/', pageSecurity, (req, res) => {
    // Like the feeds, the page depends only on the data and the config: cached until either changes.
    const { rep, hit } = cache.get(`page ${req.originalUrl}`, () => representation(home(req), HTML));
    recordCacheLookup(hit);
    sendRepresentation(req, res, rep, 'no-cache');
  });

  router.get('/sources', pageSecurity, (req, res) => {
    const body = sourcesPage(sourceHealth(ctx.config(), listSourceStates(ctx.db), ctx.nextRun));
    sendRepresentation(req, res, representation(body, HTML), 'no-cache');
  });

  const style = representation(STYLE, 'text/css; charset=utf-8');
  router.get('/static/style.css', pageSecurity, (req, res) => {
    // Versioned URL (?v=hash): a year is safe; an unversioned request still revalidates daily.
    sendRepresentation(req, res, style, req.query.v === STYLE_VERSION ? 'public, max-age=31536000, immutable' : 'public, max-age=86400');
  });

  const icon = representation(ICON, 'image/svg+xml');
  router.get(['/static/icon.svg', '/favicon.ico'], pageSecurity, (req, res) => sendRepresentation(req, res, icon, 'public, max-age=86400'));

  return router;
}
