/**
 * The one sanitiser policy: what HTML huiju keeps, applied when a feed's HTML comes in (parse/html.ts, with the
 * document's URL as base) and again when stored HTML goes out to readers (publish/entry.ts, no base). One allowlist,
 * so a tag or attribute is never kept on one side and stripped on the other.
 */
import sanitizeHtml from 'sanitize-html';
import { cappedParsing, type NestingReport } from './nesting.ts';

/** Attributes that hold URLs: made absolute against the base on the way in. */
const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
};

/** Attributes that hold a srcset list (`url 1x, url 2x`): each candidate's URL made absolute. */
const SRCSET_ATTRIBUTES: Record<string, string[]> = { img: ['srcset'], source: ['srcset'] };

/**
 * No scripts, event handlers, javascript:/data: URLs (a data: SVG can script, and inline blobs bloat the store),
 * style attributes (the usual way to hide text) or embedded frames; the elements whose content is not text for a
 * reader are dropped with their content.
 */
export const SANITISE_POLICY: Readonly<sanitizeHtml.IOptions> = Object.freeze({
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'figure', 'figcaption', 'picture', 'source', 'video', 'audio']),
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height'],
    source: ['src', 'srcset', 'sizes', 'type'],
    video: ['src', 'poster', 'controls'],
    audio: ['src', 'controls'],
    '*': ['lang', 'dir'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: true,
  nonTextTags: ['script', 'style', 'textarea', 'noscript', 'title', 'iframe', 'object', 'embed', 'applet', 'noembed', 'noframes'],
});

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A URL made absolute against `base`; as it was when it names its scheme; null when it cannot be resolved. */
function absolute(value: string, base: string): string | null {
  if (HAS_SCHEME.test(value)) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return null;
  }
}

/**
 * Each candidate of a srcset (`URL [descriptor]`, comma-separated) with its URL made absolute. A URL may itself
 * contain commas (image CDNs: `/w_480,h_320/a.jpg`): only a comma after whitespace or at a URL's end separates.
 */
export function absolutiseSrcset(srcset: string, base: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i]!)) i++;
    if (i >= srcset.length) break;
    let end = i;
    while (end < srcset.length && !/\s/.test(srcset[end]!)) end++;
    let url = srcset.slice(i, end);
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
      i = end;
    } else {
      const comma = srcset.indexOf(',', end);
      const stop = comma === -1 ? srcset.length : comma;
      descriptor = srcset.slice(end, stop).trim();
      i = stop + 1;
    }
    const resolved = absolute(url, base);
    if (resolved) out.push(descriptor ? `${resolved} ${descriptor}` : resolved);
  }
  return out.join(', ');
}

function absolutise(tag: string, attribs: Record<string, string>, baseUrl: string): Record<string, string> {
  const out = { ...attribs };
  for (const name of URL_ATTRIBUTES[tag] ?? []) {
    const value = out[name]?.trim();
    if (value === undefined) continue;
    const resolved = absolute(value, baseUrl);
    if (resolved === null) delete out[name];
    else out[name] = resolved;
  }
  for (const name of SRCSET_ATTRIBUTES[tag] ?? []) {
    const value = out[name];
    if (value !== undefined) out[name] = absolutiseSrcset(value, baseUrl);
  }
  return out;
}

const TAGS_WITH_URLS = [...new Set([...Object.keys(URL_ATTRIBUTES), ...Object.keys(SRCSET_ATTRIBUTES)])];

/**
 * HTML → HTML safe to republish, by SANITISE_POLICY, nested at most MAX_NESTING levels (parse/nesting.ts). With a `baseUrl` (the parse stage), relative links are made
 * absolute first; without one (the publish stage, on HTML already stored absolute) URLs are left as they are.
 * `report` says whether the nesting cap cut anything.
 */
export function sanitiseHtml(html: string, baseUrl: string | null, report?: NestingReport): string {
  const transformTags = baseUrl
    ? Object.fromEntries(
        TAGS_WITH_URLS.map((tag) => [tag, (tagName: string, attribs: Record<string, string>) => ({ tagName, attribs: absolutise(tag, attribs, baseUrl) })]),
      )
    : {};
  // Read with nesting capped: sanitize-html's parser slows quadratically with depth.
  // (@types/sanitize-html types `parser` with another htmlparser2 than the one sanitize-html loads, which is ours.)
  const parser = cappedParsing(report) as unknown as sanitizeHtml.IOptions['parser'];
  return sanitizeHtml(html, { ...SANITISE_POLICY, transformTags, parser }).trim();
}
