import type { SourceConfig } from '../config/schema.ts';
import type { FetchRequest } from '../fetch/types.ts';

const ACCEPT_JSON = 'application/json, text/plain;q=0.9, */*;q=0.5';
const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

/** The request that fetches a source's list: its page, or its API (GET, or POST with a JSON body). */
export function scrapeRequest(source: SourceConfig): FetchRequest {
  const base: FetchRequest = { url: source.url, method: 'GET', encoding: source.encoding ?? null };
  const json = source.type === 'json' ? source.json : undefined;
  if (!json) return { ...base, headers: { accept: ACCEPT_HTML } };
  const accept = json.embedded ? ACCEPT_HTML : ACCEPT_JSON;
  if (json.method === 'POST') {
    return {
      ...base,
      method: 'POST',
      body: JSON.stringify(json.body ?? {}),
      headers: { accept, 'content-type': 'application/json', ...json.headers },
    };
  }
  return { ...base, headers: { accept, ...json.headers } };
}
