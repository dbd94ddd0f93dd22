import { Router } from 'express';
import type { StoryFilter } from '../../model/story.ts';
import { recordCacheLookup } from '../../metrics.ts';
import { knownIds, labelsOf, type AppContext } from '../context.ts';
import { representation, sendRepresentation } from '../conditional.ts';
import { HttpError } from '../errors.ts';
import { homePage } from '../pages/home.ts';
import { sourcesPage } from '../pages/sources.ts';
import { storyPage } from '../pages/story.ts';
import { ICON, STYLE, STYLE_VERSION } from '../pages/style.ts';
import { canonicalParams, canonicalQuery, nextCursor, parseStoryFilter, type FilterOptions } from '../params.ts';
import { pageSecurity } from '../security.ts';
import type { ResponseCache } from '../response-cache.ts';
import { searchSnippets } from '../snippets.ts';
import { sourceCounts, sourceHealth } from '../source-health.ts';

const PAGE_SIZE = 30;
const HTML = 'text/html; charset=utf-8';

const HOME_OPTIONS: FilterOptions = { cursor: true, searchOrder: 'relevance', defaultLimit: PAGE_SIZE };

/** This page's URL with the next cursor: sort, limit and dates carry over, or the cursor would not fit. */
function nextPage(filter: StoryFilter, cursor: string): string {
  const params = canonicalParams(filter, HOME_OPTIONS);
  params.set('cursor', cursor);
  return `/?${params.toString()}`;
}

export function pageRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();

  const home = async (filter: StoryFilter): Promise<string> => {
    const config = ctx.config();
    const rows = await ctx.store.listStories({ ...filter, limit: filter.limit + 1 }, { content: false });
    const stories = rows.slice(0, filter.limit);
    const last = stories[stories.length - 1];
    const unfiltered = !filter.tags && !filter.sources && !filter.q && !filter.since && !filter.until && !filter.after && !filter.offset;
    return homePage({
      config,
      labels: labelsOf(config),
      stories,
      snippets: await searchSnippets(ctx.store, stories, filter.q),
      tagCounts: await ctx.store.tagCounts(),
      activeTags: filter.tags ?? [],
      activeSources: filter.sources ?? [],
      q: filter.q ?? '',
      next: rows.length > filter.limit && last ? nextPage(filter, nextCursor(filter, last)) : null,
      // An empty page says why: read only then, since counting every source's items is not free.
      sourceCounts: stories.length === 0 && unfiltered ? sourceCounts(config, await ctx.store.listSourceStates()) : null,
    });
  };

  router.get('/', pageSecurity, async (req, res) => {
    // Like the feeds, the page depends only on the data and the config: cached until either changes.
    const filter = parseStoryFilter(req, knownIds(ctx.config()), HOME_OPTIONS);
    const { rep, hit } = await cache.get(`page /${canonicalQuery(filter, HOME_OPTIONS)}`, async () => representation(await home(filter), HTML));
    recordCacheLookup(hit);
    sendRepresentation(req, res, rep, 'no-cache');
  });

  router.get('/items/:id', pageSecurity, async (req, res) => {
    if (!/^\d+$/.test(req.params.id)) throw new HttpError(400, 'item id must be a whole number');
    const id = Number(req.params.id);
    const { rep, hit } = await cache.get(`page /items/${id}`, async () => {
      const story = await ctx.store.getStory(id);
      if (!story) throw new HttpError(404, `no item ${id}`);
      const config = ctx.config();
      return representation(storyPage(story, config, labelsOf(config), await ctx.store.storyTagEvidence(story.id)), HTML, story.updatedAt);
    });
    recordCacheLookup(hit);
    sendRepresentation(req, res, rep, 'no-cache');
  });

  router.get('/sources', pageSecurity, async (req, res) => {
    const config = ctx.config();
    const body = sourcesPage(sourceHealth(config, await ctx.store.listSourceStates(), ctx.nextRun), config.defaults.timezone);
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
