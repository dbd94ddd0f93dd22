import express, { Router } from 'express';
import { HUB_PATH } from '../../push/websub/advertise.ts';
import { HubRequestError } from '../../push/websub/hub.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import type { ResponseCache } from '../response-cache.ts';
import { buildFeed } from './feeds.ts';

/** Subscription requests are a handful of short form fields. */
const form = express.urlencoded({ extended: false, limit: '16kb' });
/** A pushed feed document, as big as a fetched one may be. */
const raw = express.raw({ type: () => true, limit: '10mb' });

/**
 * WebSub over HTTP: huiju's hub (POST /websub, W3C WebSub §5.1), and the callbacks that sources' hubs verify and push
 * to (/websub/callback/TOKEN, §5.3 and §7). Both only when `huiju serve` runs push (ctx.push).
 */
export function websubRoutes(ctx: AppContext, cache: ResponseCache): Router {
  const router = Router();
  const push = ctx.push;
  if (!push) return router;
  // The hub pushes a topic as GET would serve it: same document, same cache.
  push.hub.setRenderer(async (topic) => {
    const url = new URL(topic);
    const feed = await buildFeed(ctx, cache, url.origin, url.pathname, Object.fromEntries(url.searchParams));
    return { body: feed.rep.body.toString(), contentType: feed.rep.contentType, self: feed.self, hubs: feed.hubs };
  });

  router.post(HUB_PATH, form, async (req, res) => {
    if (!ctx.config().websub.hub) throw new HttpError(404, 'this huiju runs no WebSub hub (websub.hub is false)');
    try {
      await push.hub.request((req.body ?? {}) as Record<string, string>);
    } catch (err) {
      if (err instanceof HubRequestError) throw new HttpError(400, err.message);
      throw err;
    }
    // Accepted: the callback is asked to confirm (hub.challenge) before anything is stored.
    res.status(202).type('text/plain').send('accepted: the callback will be asked to verify this request\n');
  });

  router.get(`${HUB_PATH}/callback/:token`, async (req, res) => {
    const answer = await push.subscriber.verification(req.params.token, req.query as Record<string, string>);
    if (answer === null) throw new HttpError(404, 'no such subscription');
    res.status(200).type('text/plain').send(answer);
  });

  router.post(`${HUB_PATH}/callback/:token`, raw, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const status = await push.subscriber.receive(req.params.token, body, req.get('x-hub-signature'), req.get('content-type'));
    // 2xx even for a bad signature (WebSub §7.1: the hub must not learn which); 410 for a callback no longer used.
    res.status(status).end();
  });

  return router;
}
