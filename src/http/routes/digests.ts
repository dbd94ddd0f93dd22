import { Router, type Request, type Response } from 'express';
import { recordCacheLookup } from '../../metrics.ts';
import { digestEntry } from '../../publish/digest.ts';
import { DIGEST_AUTHOR } from '../../publish/digest.ts';
import { FEED_CONTENT_TYPES, renderFeedBytes, type FeedFormat } from '../../publish/feed-document.ts';
import { digestOutputs, publishDueDigest, type DigestOutput } from '../../scheduler/digest-job.ts';
import { baseUrl, labelsOf, type AppContext } from '../context.ts';
import { cacheFor, representation, sendRepresentation } from '../conditional.ts';
import { HttpError } from '../errors.ts';
import { digestPage } from '../pages/digest.ts';
import type { ResponseCache } from '../response-cache.ts';
import { pageSecurity } from '../security.ts';

/** Readers poll a once-a-day feed as often as any other; five minutes, as the story feeds. */
const FEED_MAX_AGE = 300;

/** The digest that is due now, published first if the minute job has not yet: a reader at 08:00:10 sees it. */
async function publishDue(ctx: AppContext, output: DigestOutput): Promise<void> {
  await publishDueDigest(ctx.store, output, labelsOf(ctx.config()), new Date());
}

/**
 * A digest output's feed (/feeds/ID.xml|.atom|.json): one entry a day, each exactly as it was published. Filters in the
 * query do not apply: the output's own filters chose the stories when each digest was published.
 */
export async function sendDigestFeed(ctx: AppContext, cache: ResponseCache, req: Request, res: Response, format: FeedFormat, output: DigestOutput): Promise<void> {
  await publishDue(ctx, output);
  const base = baseUrl(req);
  const path = `/feeds/${output.id}`;
  const { rep, hit } = await cache.get(`${base}${path}.${format} digest`, async () => {
    const digests = await ctx.store.listDigests(output.id, output.digest.keep);
    const labels = labelsOf(ctx.config());
    const entries = digests.map((d) => digestEntry(d, output.title, `${base}/digests/${output.id}/${d.day}`));
    const updated = digests[0]?.publishedAt ?? null;
    const body = renderFeedBytes(
      format,
      {
        title: output.title,
        description: output.description ?? `${output.title}：每天一条，过去 24 小时报道媒体最多的新闻`,
        homeUrl: `${base}/`,
        links: { rss: `${base}${path}.xml`, atom: `${base}${path}.atom`, json: `${base}${path}.json` },
        updated: updated ? new Date(updated) : new Date(0),
        tagUrl: (tag) => `${base}/?tag=${encodeURIComponent(tag)}`,
        outletUrl: () => `${base}/`,
      },
      entries,
      { ...labels, source: (id) => (id === DIGEST_AUTHOR ? 'huiju 汇聚' : labels.source(id)), sourceUrl: () => undefined },
    );
    return representation(body, FEED_CONTENT_TYPES[format], updated);
  });
  recordCacheLookup(hit);
  res.set('Access-Control-Allow-Origin', '*');
  sendRepresentation(req, res, rep, cacheFor(FEED_MAX_AGE));
}

/** The latest digest of every output that publishes one: for the home page's 每日摘要 links. */
export async function latestDigests(ctx: AppContext): Promise<{ outputId: string; title: string; day: string; count: number }[]> {
  const out = [];
  for (const output of digestOutputs(ctx.config())) {
    const [latest] = await ctx.store.listDigests(output.id, 1);
    if (latest) out.push({ outputId: output.id, title: output.title, day: latest.day, count: latest.stories.length });
  }
  return out;
}

export function digestRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();
  router.get('/digests/:id/:day', pageSecurity, async (req, res) => {
    const output = digestOutputs(ctx.config()).find((o) => o.id === req.params.id);
    if (!output) throw new HttpError(404, `no output named "${req.params.id}" publishes a digest in feeds.json`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(req.params.day)) throw new HttpError(400, 'a digest day is a date: YYYY-MM-DD');
    await publishDue(ctx, output);
    const { rep, hit } = await cache.get(`page /digests/${output.id}/${req.params.day}`, async () => {
      const digest = await ctx.store.getDigest(output.id, req.params.day);
      if (!digest) throw new HttpError(404, `no digest of "${output.id}" was published for ${req.params.day}`);
      const config = ctx.config();
      return representation(digestPage(digest, output, config, labelsOf(config)), 'text/html; charset=utf-8', digest.publishedAt);
    });
    recordCacheLookup(hit);
    sendRepresentation(req, res, rep, 'no-cache');
  });
  return router;
}
