import { describe, expect, it } from 'vitest';
import { scrapeRequest } from '../../src/scrape/index.ts';
import { source } from './fixtures.ts';

const fields = { title: 't', link: 'u' };

describe('scrapeRequest', () => {
  it('GETs an html list page, asking for HTML and keeping the encoding override', () => {
    const req = scrapeRequest(source({ type: 'html', encoding: 'gb18030', html: { item: 'li', title: 'a' } }));
    expect(req).toEqual({ url: 'https://example.cn/list', method: 'GET', encoding: 'gb18030', headers: { accept: expect.stringMatching(/^text\/html/) } });
  });

  it('GETs a JSON API, asking for JSON, with the extra headers', () => {
    const req = scrapeRequest(source({ type: 'json', json: { items: 'data', fields, headers: { referer: 'https://example.cn/' } } }));
    expect(req.method).toBe('GET');
    expect(req.body).toBeUndefined();
    expect(req.headers).toEqual({ accept: expect.stringMatching(/^application\/json/), referer: 'https://example.cn/' });
  });

  it('POSTs the JSON body with a JSON content type', () => {
    const req = scrapeRequest(source({ type: 'json', json: { method: 'POST', body: { channelId: '119908', pageSize: 20 }, items: 'data.list', fields } }));
    expect(req.method).toBe('POST');
    expect(req.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(req.body!)).toEqual({ channelId: '119908', pageSize: 20 });
  });

  it('POSTs an empty object when no body is given', () => {
    expect(scrapeRequest(source({ type: 'json', json: { method: 'POST', items: 'data', fields } })).body).toBe('{}');
  });

  it('asks for HTML when the JSON is embedded in a page', () => {
    const req = scrapeRequest(source({ type: 'json', json: { embedded: 'script#__NEXT_DATA__', items: 'props', fields } }));
    expect(req.headers?.accept).toMatch(/^text\/html/);
  });
});
