import express, { type Express } from 'express';
import type { AppContext } from './context.ts';
import { errorHandler, notFound } from './errors.ts';
import { apiRoutes } from './routes/api.ts';
import { feedRoutes } from './routes/feeds.ts';
import { healthRoutes } from './routes/health.ts';
import { pageRoutes } from './routes/pages.ts';

export type { AppContext };

/** The HTTP face of huiju: feeds, the JSON API, the web page and health. Routes are thin; the store answers. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Listings set their own validators (conditional.ts); the rest are small and change often.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(healthRoutes(ctx));
  app.use(feedRoutes(ctx));
  app.use(apiRoutes(ctx));
  app.use(pageRoutes(ctx));
  app.use(notFound);
  app.use(errorHandler(ctx.log));
  return app;
}
