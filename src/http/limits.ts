import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

/** Longest request target accepted: every real listing URL is far shorter (q is capped at 200 characters). */
export const MAX_URL_LENGTH = 2048;

/**
 * huiju's HTTP face is read-only: GET and HEAD, no request bodies, bounded URLs. Anything else is refused before a
 * route (or a body parser) spends anything on it.
 */
export const requestLimits: RequestHandler = (req, res, next) => {
  // The one exception: WebSub (routes/websub.ts) takes POSTed forms and pushed feeds, each through a capped parser.
  if (req.method === 'POST' && (req.path === '/websub' || req.path.startsWith('/websub/callback/'))) {
    if (req.originalUrl.length > MAX_URL_LENGTH) return next(new HttpError(414, `the URL is longer than ${MAX_URL_LENGTH} characters`));
    return next();
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.set('Allow', 'GET, HEAD');
    return next(new HttpError(405, `method ${req.method} is not allowed: huiju only answers GET and HEAD`));
  }
  if (req.originalUrl.length > MAX_URL_LENGTH) return next(new HttpError(414, `the URL is longer than ${MAX_URL_LENGTH} characters`));
  const length = Number(req.get('content-length') ?? 0);
  if (req.get('transfer-encoding') || length !== 0) {
    return next(new HttpError(413, 'requests to huiju carry no body'));
  }
  next();
};
