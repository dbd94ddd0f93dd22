import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** RFC 9110 weak comparison: W/"x" and "x" are the same validator. */
function matches(header: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/**
 * Send a body with validators, or 304 when the client already has it. Evaluated here rather than by Express's
 * `fresh`, which ignores validators whenever the request says `Cache-Control: no-cache` — and fetch()-based feed
 * readers always do when they send If-None-Match.
 */
export function sendWithValidators(
  req: Request,
  res: Response,
  body: string,
  opts: { contentType: string; lastModified?: string | null; maxAgeSeconds: number },
): void {
  const etag = etagOf(body);
  res.set('ETag', etag);
  res.set('Cache-Control', `public, max-age=${opts.maxAgeSeconds}`);
  const lastModified = opts.lastModified ? new Date(opts.lastModified) : null;
  if (lastModified) res.set('Last-Modified', lastModified.toUTCString());
  res.type(opts.contentType);
  const inm = req.get('if-none-match');
  const ims = req.get('if-modified-since');
  const notModified = inm
    ? matches(inm, etag)
    : !!(ims && lastModified && Math.floor(lastModified.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000));
  if (notModified) {
    res.status(304).end();
    return;
  }
  res.send(body);
}
