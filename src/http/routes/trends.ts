import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import helmet from 'helmet';
import { recordCacheLookup } from '../../metrics.ts';
import type { AppContext } from '../context.ts';
import { cacheFor, representation, sendRepresentation } from '../conditional.ts';
import { HttpError } from '../errors.ts';
import { trendsPage } from '../pages/trends.ts';
import { TRENDS_SCRIPT, TRENDS_SCRIPT_VERSION } from '../pages/trends-script.ts';
import type { ResponseCache } from '../response-cache.ts';
import { buildTrends, DEFAULT_DAYS, MAX_DAYS, trendsRange, type Trends } from '../trends.ts';

/**
 * The chart library, read once from node_modules and served by huiju itself (no CDN: the page works offline and under
 * a CSP that allows scripts from its own origin only). uPlot, not ECharts: 52 kB minified against about 1 MB, no
 * dependencies, and it styles its elements through the CSSOM (el.style.x = …), never with style attributes or
 * <style> elements, so `style-src 'self'` holds without 'unsafe-inline'. It draws to a canvas; the figures are in a
 * table on the page as well.
 */
const require = createRequire(import.meta.url);
const UPLOT_JS = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
const UPLOT_CSS = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
const CHART_VERSION = createHash('sha1').update(UPLOT_JS).update(UPLOT_CSS).digest('hex').slice(0, 10);

/** The home page's policy (security.ts), but scripts from this origin may run: uPlot and /static/trends.js. */
const trendsSecurity = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
});

const JSON_TYPE = 'application/json; charset=utf-8';

function daysOf(req: Request): number {
  const v = req.query.days;
  if (v === undefined) return DEFAULT_DAYS;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_DAYS) {
    throw new HttpError(400, `parameter "days" must be a whole number from 1 to ${MAX_DAYS}`);
  }
  return Number(v);
}

function tagsOf(req: Request, known: ReadonlySet<string>): string[] | undefined {
  const v = req.query.tag;
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, 'parameter "tag" must be given once, as plain text');
  const tags = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
  if (tags.length === 0) throw new HttpError(400, 'parameter "tag" is empty');
  const unknown = tags.filter((t) => !known.has(t));
  if (unknown.length) throw new HttpError(400, `unknown tag: ${unknown.join(', ')}`);
  return tags;
}

export function trendsRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();

  /** Trends as of today: the key carries the date, so the chart moves on at midnight even when no story arrives. */
  const trends = async (days: number, tags: string[] | undefined): Promise<{ key: string; build: () => Promise<Trends> }> => {
    const config = ctx.config();
    const range = trendsRange(days, config.defaults.timezone, new Date());
    return {
      key: `${range.until} days=${days} tag=${tags?.join(',') ?? ''}`,
      build: async () => buildTrends(await ctx.store.tagDayCounts(range.since, range.until, range.offsetMinutes), range, days, config, tags),
    };
  };

  router.get('/api/trends', async (req, res) => {
    const config = ctx.config();
    const t = await trends(daysOf(req), tagsOf(req, new Set(config.tags.map((x) => x.id))));
    const { rep, hit } = await cache.get(`api /api/trends ${t.key}`, async () => representation(JSON.stringify(await t.build()), JSON_TYPE));
    recordCacheLookup(hit);
    res.set('Access-Control-Allow-Origin', '*');
    sendRepresentation(req, res, rep, cacheFor(60));
  });

  router.get('/trends', trendsSecurity, async (req, res) => {
    const days = daysOf(req);
    const t = await trends(days, undefined);
    const { rep, hit } = await cache.get(`page /trends ${t.key}`, async () =>
      representation(trendsPage(await t.build(), days, CHART_VERSION), 'text/html; charset=utf-8'),
    );
    recordCacheLookup(hit);
    sendRepresentation(req, res, rep, 'no-cache');
  });

  const versioned = (req: Request, version: string) => (req.query.v === version ? 'public, max-age=31536000, immutable' : 'public, max-age=86400');
  const uplotJs = representation(UPLOT_JS, 'text/javascript; charset=utf-8');
  const uplotCss = representation(`${UPLOT_CSS}\n.chart{margin:12px 0;min-height:320px}.trend-table{border-collapse:collapse;font-size:14px}.trend-table td,.trend-table th{padding:2px 8px;border-bottom:1px solid var(--line);text-align:right}`, 'text/css; charset=utf-8');
  const script = representation(TRENDS_SCRIPT, 'text/javascript; charset=utf-8');
  router.get('/static/uplot.js', trendsSecurity, (req, res) => sendRepresentation(req, res, uplotJs, versioned(req, CHART_VERSION)));
  router.get('/static/uplot.css', trendsSecurity, (req, res) => sendRepresentation(req, res, uplotCss, versioned(req, CHART_VERSION)));
  router.get('/static/trends.js', trendsSecurity, (req, res) => sendRepresentation(req, res, script, versioned(req, TRENDS_SCRIPT_VERSION)));

  return router;
}
