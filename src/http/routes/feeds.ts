import { Router, type Request, type Response } from 'express';
import type { OutputConfig } from '../../config/schema.ts';
import { FEED_CONTENT_TYPES, renderFeed, type FeedFormat } from '../../publish/feed-document.ts';
import type { StoryFilter } from '../../model/story.ts';
import { baseUrl, knownIds, labelsOf, type AppContext } from '../context.ts';
import { cacheFor, representation, sendRepresentation } from '../conditional.ts';
import { HttpError } from '../errors.ts';
import { canonicalQuery, parseStoryFilter } from '../params.ts';
import type { ResponseCache } from '../response-cache.ts';
import { recordCacheLookup } from '../../metrics.ts';
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

export function feedRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();

  const send = async (req: Request, res: Response, format: FeedFormat, output: OutputConfig | undefined, path: string) => {
    const config = ctx.config();
    const base = baseUrl(req);
    const options = { cursor: false, searchOrder: 'date', defaultLimit: output?.limit } as const;
    const requested = parseStoryFilter(req, knownIds(config), options);
    // The body depends on the address clients reached us by (absolute links), the feed and the filter: nothing else.
    const query = canonicalQuery(requested, options);
    const { rep, hit } = await cache.get(`${base}${path}.${format}${query}`, async () => {
      const stories = await ctx.store.listStories(merge(output, requested, req.query.sort !== undefined));
      const updated = await ctx.store.lastChange();
      const body = renderFeed(
        format,
        {
          title: output?.title ?? 'huiju 汇聚 · 全部',
          description: output?.description ?? 'huiju 汇聚的综合新闻源：去重后的中国 AI 产业新闻',
          homeUrl: `${base}/`,
          links: {
            rss: `${base}${path}.xml${query}`,
            atom: `${base}${path}.atom${query}`,
            json: `${base}${path}.json${query}`,
          },
          updated: updated ? new Date(updated) : new Date(0),
          tagUrl: (tag) => `${base}/?tag=${encodeURIComponent(tag)}`,
        },
        stories,
        labelsOf(config),
      );
      return representation(body, FEED_CONTENT_TYPES[format], updated);
    });
    recordCacheLookup(hit);
    // Web-based readers fetch feeds from the browser.
    res.set('Access-Control-Allow-Origin', '*');
    sendRepresentation(req, res, rep, cacheFor(FEED_MAX_AGE));
  };

  router.get('/feed.:ext', (req, res) => send(req, res, formatOf(req.params.ext), undefined, '/feed'));

  router.get('/feeds/:file', async (req, res) => {
    const dot = req.params.file.lastIndexOf('.');
    if (dot < 1) throw new HttpError(404, 'feed URLs end in .xml, .atom or .json');
    const id = req.params.file.slice(0, dot);
    const output = ctx.config().outputs.find((o) => o.id === id);
    if (!output) throw new HttpError(404, `no output named "${id}" in feeds.json`);
    if (output.digest) return sendDigestFeed(ctx, cache, req, res, formatOf(req.params.file.slice(dot + 1)), { ...output, digest: output.digest });
    await send(req, res, formatOf(req.params.file.slice(dot + 1)), output, `/feeds/${id}`);
  });

  return router;
}
