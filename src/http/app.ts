import express, { type Express, type RequestHandler } from 'express';
import { recordHttpRequest, recordRateLimited } from '../metrics.ts';
import { configGeneration, type AppContext } from './context.ts';
import { errorHandler, notFound } from './errors.ts';
import { requestLimits } from './limits.ts';
import { rateLimit } from './rate-limit.ts';
import { createBuildGate } from './build-gate.ts';
import { createResponseCache } from './response-cache.ts';
import { apiRoutes } from './routes/api.ts';
import { digestRoutes } from './routes/digests.ts';
import { feedRoutes } from './routes/feeds.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { websubRoutes } from './routes/websub.ts';
import { opmlRoutes } from './routes/opml.ts';
import { pageRoutes } from './routes/pages.ts';
import { trendsRoutes } from './routes/trends.ts';

export type { AppContext };

/** Request durations by route pattern (not by URL: one series per route, whatever the query). */
const timing: RequestHandler = (req, res, next) => {
  const start = process.hrtime.bigint();
  res.on('finish', () => {
    const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? 'unmatched' : 'middleware';
    recordHttpRequest(req.method, route, res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
  });
  next();
};

/** The HTTP face of huiju: feeds, the JSON API, the web page, OPML, metrics and health. Routes are thin; the store answers. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Listings set their own validators (conditional.ts); the rest are small and change often.
  app.set('etag', false);
  app.set('query parser', 'simple');
  // req.ip believes X-Forwarded-For only through the configured number of proxy hops (read per request: reloadable).
  app.set('trust proxy', (_addr: string, hop: number) => hop < ctx.config().http.trustProxy);

  // Generated feeds and listings, kept until anything in the database or the config changes. Misses are built a few at
  // a time; a flood of distinct URLs gets 503s instead of a queue that holds up everything else.
  const cache = createResponseCache({
    version: async () => `${await ctx.store.dataVersion()}/${configGeneration(ctx.config())}`,
    gate: createBuildGate(),
  });

  app.use(timing);
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(requestLimits);
  app.use(healthRoutes(ctx));
  app.use(rateLimit(() => ctx.config().http.rateLimit, recordRateLimited));
  app.use(metricsRoutes(ctx));
  app.use(websubRoutes(ctx, cache));
  app.use(feedRoutes(ctx, cache));
  app.use(notificationRoutes(ctx));
  app.use(apiRoutes(ctx, cache));
  app.use(opmlRoutes(ctx));
  app.use(pageRoutes(ctx, cache));
  app.use(digestRoutes(ctx, cache));
  app.use(trendsRoutes(ctx, cache));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
