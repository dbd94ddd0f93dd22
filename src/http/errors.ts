import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from '../log.ts';
import { errorPage } from './pages/error.ts';
import { pageSecurity } from './security.ts';

/** The one error type routes throw: a status, a message safe to show the client, and any headers it needs (Retry-After). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const notFound: RequestHandler = (req, _res, next) => next(new HttpError(404, `no such endpoint: ${req.method} ${req.path}`));

/** A browser, not a program: it prefers HTML to JSON. The API answers JSON to everyone. */
const wantsHtml = (req: Request): boolean => !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html';

/**
 * Every error ends here: clients get JSON with a message (browsers a page saying the same), never a stack trace;
 * unexpected ones are logged.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let message = 'internal error';
    if (err instanceof HttpError) {
      status = err.status;
      message = err.message;
      if (!res.headersSent) res.set(err.headers);
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      // body-parser and friends: malformed or oversized requests.
      status = err.status;
      message = err.expose ? String(err.message) : 'bad request';
    } else {
      log.error({ err, path: req.path }, 'request failed');
    }
    if (res.headersSent) return;
    if (wantsHtml(req)) {
      pageSecurity(req, res, () => res.status(status).type('html').send(errorPage(status, message)));
      return;
    }
    res.status(status).json({ error: message });
  };
}
