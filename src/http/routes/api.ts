import { Router, type Request, type Response } from 'express';
import type { StorySummary } from '../../model/story.ts';
import { recordCacheLookup } from '../../metrics.ts';
import { knownIds, type AppContext } from '../context.ts';
import { cacheFor, representation, sendRepresentation, type Representation } from '../conditional.ts';
import { HttpError } from '../errors.ts';
import { canonicalQuery, nextCursor, parseStoryFilter } from '../params.ts';
import type { ResponseCache } from '../response-cache.ts';
import { searchSnippets } from '../snippets.ts';
import { sourceHealth } from '../source-health.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const API_MAX_AGE = 60;

function listEntry(s: StorySummary) {
  return {
    id: s.id,
    guid: s.guid,
    title: s.title,
    url: s.url,
    source: s.source,
    publishedAt: s.publishedAt,
    updatedAt: s.updatedAt,
    tags: s.tags,
    duplicates: s.duplicates.map((d) => ({ source: d.source, url: d.url, title: d.title })),
  };
}

export function apiRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();

  /**
   * A JSON answer from the response cache (built once per data change and key), with validators. The key names what the
   * body depends on: the path and the parsed parameters, never the raw query (see canonicalQuery).
   */
  const sendCached = async (req: Request, res: Response, key: string, build: () => Promise<Representation>, cacheControl = cacheFor(API_MAX_AGE)) => {
    const { rep, hit } = await cache.get(`api ${key}`, build);
    recordCacheLookup(hit);
    res.set('Access-Control-Allow-Origin', '*');
    sendRepresentation(req, res, rep, cacheControl);
  };

  router.get('/api/items', (req, res) => {
    const options = { cursor: true, searchOrder: 'relevance' } as const;
    const filter = parseStoryFilter(req, knownIds(ctx.config()), options);
    return sendCached(req, res, `/api/items${canonicalQuery(filter, options)}`, async () => {
      // One extra row tells whether another page exists without a count query.
      const rows = await ctx.store.listStories({ ...filter, limit: filter.limit + 1 }, { content: false });
      const page = rows.slice(0, filter.limit);
      const last = page[page.length - 1];
      const snippets = await searchSnippets(ctx.store, page, filter.q);
      const items = page.map((s) => (filter.q ? { ...listEntry(s), snippet: snippets.get(s.id) ?? null } : listEntry(s)));
      const next = rows.length > filter.limit && last ? nextCursor(filter, last) : null;
      return representation(JSON.stringify({ items, next }), JSON_TYPE, await ctx.store.lastChange());
    });
  });

  router.get('/api/items/:id', async (req, res) => {
    if (!/^\d+$/.test(req.params.id)) throw new HttpError(400, 'item id must be a whole number');
    await sendCached(req, res, `/api/items/${Number(req.params.id)}`, async () => {
      const story = await ctx.store.getStory(Number(req.params.id));
      if (!story) throw new HttpError(404, `no item ${req.params.id}`);
      const evidence = await ctx.store.storyTagEvidence(story.id);
      const body = {
        ...listEntry(story),
        summary: story.summary,
        contentHtml: story.contentHtml,
        author: story.author,
        categories: story.categories,
        tags: story.tags.map((tag) => ({
          id: tag,
          matches: evidence.filter((e) => e.tag === tag).map((e) => ({ itemId: e.itemId, score: e.score, evidence: e.evidence })),
        })),
        duplicates: story.duplicates.map((d) => ({
          source: d.source,
          url: d.url,
          title: d.title,
          publishedAt: d.publishedAt,
          mergedBy: d.matchRule ? { rule: d.matchRule, similarity: d.matchSimilarity } : null,
        })),
      };
      return representation(JSON.stringify(body), JSON_TYPE, story.updatedAt);
    });
  });

  router.get('/api/sources', async (req, res) => {
    // Not cached: the next-fetch times come from the scheduler, not the database. Validators still spare the bytes.
    const health = sourceHealth(ctx.config(), await ctx.store.listSourceStates(), ctx.nextRun);
    res.set('Access-Control-Allow-Origin', '*');
    sendRepresentation(req, res, representation(JSON.stringify(health), JSON_TYPE), 'no-cache');
  });

  router.get('/api/tags', (req, res) =>
    sendCached(req, res, '/api/tags', async () => {
      const counts = await ctx.store.tagCounts();
      const tags = ctx.config().tags.map((t) => ({ id: t.id, label: t.label, parent: t.parent ?? null, count: counts.get(t.id) ?? 0 }));
      return representation(JSON.stringify(tags), JSON_TYPE, await ctx.store.lastChange());
    }),
  );

  return router;
}
