import { z } from 'zod';

/** Ids of sources, outputs, tags and notify channels: what feeds.json's URLs and the API's parameters can carry. */
export const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a slug: lower-case letters, digits, - and _');

/** An absolute http or https URL. */
export const httpUrl = z.string().refine(
  (s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  },
  { message: 'must be an absolute http(s) URL' },
);
