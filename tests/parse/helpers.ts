import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBody } from '../../src/fetch/charset.ts';
import { parseFeed, type ParseContext } from '../../src/parse/index.ts';
import { ParseError } from '../../src/parse/errors.ts';

export const CN_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'feeds', 'cn');

export function ctx(url = 'https://example.cn/feed.xml', overrides: Partial<ParseContext> = {}): ParseContext {
  return { url, timezone: 'Asia/Shanghai', now: new Date('2026-11-01T00:00:00Z'), ...overrides };
}

/** A fixture's bytes through the real charset decoder, as the fetch stage would hand them over. */
export function fixtureText(name: string): string {
  return decodeBody(readFileSync(join(CN_FIXTURES, name)), null).text;
}

export function parseFixture(name: string, url?: string) {
  return parseFeed(fixtureText(name), ctx(url));
}

/** Runs parseFeed and returns the ParseError it threw (fails the test on success or any other error). */
export async function parseError(text: string, context = ctx()): Promise<ParseError> {
  try {
    await parseFeed(text, context);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw new Error(`expected a ParseError, got ${String(err)}`);
  }
  throw new Error('expected a ParseError, but the document parsed');
}
