import * as cheerio from 'cheerio';
import { ScrapeError } from './errors.ts';

/**
 * The JSON a page carries in an element (`script#__NEXT_DATA__`, or `window.__STATE__ = {…};` in a plain script):
 * the text from its first `{`/`[` to the matching last `}`/`]` is parsed.
 */
export function readEmbeddedJson(sourceId: string, html: string, selector: string, url: string): unknown {
  const $ = cheerio.load(html);
  const el = $(selector).first();
  if (el.length === 0) throw new ScrapeError(`no element matched embedded-JSON selector "${selector}" on ${url}`, sourceId);
  const text = el.text();
  const start = text.search(/[[{]/);
  const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
  if (start < 0) throw new ScrapeError(`element "${selector}" on ${url} holds no JSON`, sourceId);
  try {
    return JSON.parse(end > start ? text.slice(start, end + 1) : text.slice(start));
  } catch (err) {
    throw new ScrapeError(`element "${selector}" on ${url} holds invalid JSON: ${(err as Error).message}`, sourceId);
  }
}

/** The whole response as JSON, with a clear error when it is not (an HTML error page, a captcha …). */
export function readJsonDocument(sourceId: string, text: string, url: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const start = text.trimStart().slice(0, 60).replace(/\s+/g, ' ');
    throw new ScrapeError(`response from ${url} is not JSON (${(err as Error).message}); it starts with "${start}"`, sourceId);
  }
}
