import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

/** A response body with its validators, computed once (and cached by response-cache.ts). */
export interface Representation {
  /** Encoded once: a cached feed is sent many times. */
  body: Buffer;
  contentType: string;
  etag: string;
  /** ISO time of the latest change to what the body shows, or null. */
  lastModified: string | null;
  /** The body gzipped, made on first demand and kept with the representation (and so in the cache). */
  gzipped?: Buffer;
}

/** Below this, compressing costs more than it saves. */
const GZIP_MIN_BYTES = 1024;

/** `text`: the body as text, or already encoded as UTF-8. */
export function representation(text: string | Buffer, contentType: string, lastModified: string | null = null, now = new Date()): Representation {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  // Never later than now (RFC 9110 §8.8.2.1): one feed's future-dated update would otherwise make every
  // If-Modified-Since look fresh until that date.
  const clamped = lastModified && Date.parse(lastModified) > now.getTime() ? now.toISOString() : lastModified;
  return { body, contentType, lastModified: clamped, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
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
 * Send a representation with its validators, or 304 when the client already has it. Evaluated here rather than by
 * Express's `fresh`, which ignores validators whenever the request says `Cache-Control: no-cache` — and fetch()-based
 * feed readers always do when they send If-None-Match. If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
 */
export function sendRepresentation(req: Request, res: Response, rep: Representation, cacheControl: string): void {
  const gzip = rep.body.length >= GZIP_MIN_BYTES && req.acceptsEncodings('gzip', 'identity') === 'gzip';
  // Each encoding is its own representation with its own strong validator (RFC 9110 §8.8.3.3).
  const etag = gzip ? `${rep.etag.slice(0, -1)}-gz"` : rep.etag;
  res.set('ETag', etag);
  res.set('Cache-Control', cacheControl);
  if (rep.body.length >= GZIP_MIN_BYTES) res.vary('Accept-Encoding');
  const lastModified = rep.lastModified ? new Date(rep.lastModified) : null;
  if (lastModified) res.set('Last-Modified', lastModified.toUTCString());
  res.type(rep.contentType);
  const inm = req.get('if-none-match');
  const ims = req.get('if-modified-since');
  const notModified = inm
    ? matches(inm, etag)
    : !!(ims && lastModified && Math.floor(lastModified.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000));
  if (notModified) {
    res.status(304).end();
    return;
  }
  if (gzip) {
    rep.gzipped ??= gzipSync(rep.body);
    res.set('Content-Encoding', 'gzip');
    res.send(rep.gzipped);
    return;
  }
  res.send(rep.body);
}

/** Public listings: shared caches may keep them briefly; after that a conditional GET is cheap. */
export const cacheFor = (seconds: number) => `public, max-age=${seconds}`;
