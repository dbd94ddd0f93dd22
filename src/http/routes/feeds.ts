import { Router, type Request, type Response } from 'express';
import type { Config, OutputConfig } from '../../config/schema.ts';
import { FEED_CONTENT_TYPES, renderFeedBytes, type FeedFormat } from '../../publish/feed-document.ts';
import type { StoryFilter } from '../../model/story.ts';
import { hubsFor, linkHeader } from '../../push/websub/advertise.ts';
import { baseUrl, knownIds, labelsOf, type AppContext } from '../context.ts';
import { cacheFor, representation, sendRepresentation, type Representation } from '../conditional.ts';
import { HttpError } from '../errors.ts';
import { canonicalQuery, parseStoryFilter } from '../params.ts';
import type { ResponseCache } from '../response-cache.ts';
import { recordCacheLookup } from '../../metrics.ts';
import { feedStories } from '../feed-stories.ts';
import { sendDigestFeed } from './digests.ts';

const EXTENSIONS: Record<string, FeedFormat> = { xml: 'rss', rss: 'rss', atom: 'atom', json: 'json' };

/** Readers poll every few minutes; five minutes of freshness is what they expect, and revalidation is cheap. */
const FEED_MAX_AGE = 300;

function formatOf(ext: string): FeedFormat {
  const format = EXTENSIONS[ext];
  if (!format) throw new HttpError(404, `unknown feed format ".${ext}": use .xml (RSS), .atom or .json`);
  return format;
}

/** The filters of a named output, narrowed further by whatever the request adds; its order unless the request names one. */
function merge(output: OutputConfig | undefined, req: StoryFilter, sortGiven: boolean): StoryFilter {
  if (!output) return req;
  return {
    ...req,
    tags: req.tags ?? output.tags,
    sources: req.sources ?? output.sources,
    q: [output.q, req.q].filter(Boolean).join(' ') || undefined,
    sort: sortGiven || !output.sort ? req.sort : output.sort,
  };
}

/** Which feed a path names: `/feed.xml`, `/feeds/ID.atom`, … (404 for anything else). */
export function feedTarget(config: Config, pathname: string): { format: FeedFormat; output: OutputConfig | undefined; path: string } {
  const all = /^\/feed\.([a-z]+)$/.exec(pathname);
  if (all) return { format: formatOf(all[1]!), output: undefined, path: '/feed' };
  const named = /^\/feeds\/([^/]+)$/.exec(pathname);
  if (!named) throw new HttpError(404, `no feed at ${pathname}`);
  const file = decodeURIComponent(named[1]!);
  const dot = file.lastIndexOf('.');
  if (dot < 1) throw new HttpError(404, 'feed URLs end in .xml, .atom or .json');
  const id = file.slice(0, dot);
  const output = config.outputs.find((o) => o.id === id);
  if (!output) throw new HttpError(404, `no output named "${id}" in feeds.json`);
  return { format: formatOf(file.slice(dot + 1)), output, path: `/feeds/${id}` };
}

export interface BuiltFeed {
  rep: Representation;
  hit: boolean;
  /** This feed's own canonical URL (its WebSub topic) and the hubs it names. */
  self: string;
  hubs: string[];
}

/**
 * One feed document, from the response cache or built: what GET serves and what the WebSub hub pushes (the hub builds
 * a topic with the topic's own origin as `base`, so the pushed document is the one a reader fetching it would get).
 */
export async function buildFeed(ctx: AppContext, cache: ResponseCache, base: string, pathname: string, query: Request['query']): Promise<BuiltFeed> {
  const config = ctx.config();
  const { format, output, path } = feedTarget(config, pathname);
  const options = { cursor: false, searchOrder: 'date', defaultLimit: output?.limit } as const;
  const requested = parseStoryFilter({ query } as Request, knownIds(config), options);
  // The body depends on the address clients reached us by (absolute links), the feed and the filter: nothing else.
  const q = canonicalQuery(requested, options);
  const links = { rss: `${base}${path}.xml${q}`, atom: `${base}${path}.atom${q}`, json: `${base}${path}.json${q}` };
  const hubs = hubsFor(config, base, output);
  const { rep, hit } = await cache.get(`${base}${path}.${format}${q}`, async () => {
    const stories = await feedStories(ctx.store, merge(output, requested, query.sort !== undefined));
    const updated = await ctx.store.lastChange();
    const body = renderFeedBytes(
      format,
      {
        title: output?.title ?? 'huiju 汇聚 · 全部',
        description: output?.description ?? 'huiju 汇聚的综合新闻源：去重后的中国 AI 产业新闻',
        homeUrl: `${base}/`,
        links,
        hubs,
        updated: updated ? new Date(updated) : new Date(0),
        tagUrl: (tag) => `${base}/?tag=${encodeURIComponent(tag)}`,
      },
      stories,
      labelsOf(config),
    );
    return representation(body, FEED_CONTENT_TYPES[format], updated);
  });
  return { rep, hit, self: links[format], hubs };
}

export function feedRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();

  const send = async (req: Request, res: Response) => {
    const { format, output } = feedTarget(ctx.config(), req.path);
    if (output?.digest) return sendDigestFeed(ctx, cache, req, res, format, { ...output, digest: output.digest });
    const feed = await buildFeed(ctx, cache, baseUrl(req), req.path, req.query);
    recordCacheLookup(feed.hit);
    // Web-based readers fetch feeds from the browser.
    res.set('Access-Control-Allow-Origin', '*');
    // WebSub discovery (W3C WebSub §4): the hubs and the topic URL, as headers too (JSON Feed readers look there).
    res.set('Link', linkHeader(feed.hubs, feed.self));
    sendRepresentation(req, res, feed.rep, cacheFor(FEED_MAX_AGE));
  };

  router.get('/feed.:ext', send);
  router.get('/feeds/:file', send);

  return router;
}
