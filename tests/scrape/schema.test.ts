import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load.ts';

const base = { id: 's', name: 'S', url: 'https://example.cn/' };

describe('source definitions are checked with messages that point at the mistake', () => {
  const cases: [name: string, src: Record<string, unknown>, path: string, message: RegExp][] = [
    ['html type without html block', { ...base, type: 'html' }, 'sources[0].html', /required when type is "html"/],
    ['unknown key in html block', { ...base, type: 'html', html: { item: 'li', title: 'a', titel: 'h2' } }, 'sources[0].html', /unknown key "titel"/],
    ['empty selector', { ...base, type: 'html', html: { item: '', title: 'a' } }, 'sources[0].html.item', /CSS selector/],
    ['date format without tokens', { ...base, type: 'html', html: { item: 'li', title: 'a', dateFormat: 'yyyy-mm-dd' } }, 'sources[0].html.dateFormat', /YYYY, MM, DD, HH, mm/],
    ['json fields without link or template', { ...base, type: 'json', json: { items: 'data', fields: { title: 't' } } }, 'sources[0].json.fields', /"link" or "linkTemplate"/],
    ['template without placeholder', { ...base, type: 'json', json: { items: 'data', fields: { title: 't', linkTemplate: 'https://a.cn/x' } } }, 'sources[0].json.fields.linkTemplate', /placeholder/],
    ['body with GET', { ...base, type: 'json', json: { items: 'data', body: { a: 1 }, fields: { title: 't', link: 'u' } } }, 'sources[0].json.body', /only sent with "method": "POST"/],
    ['unknown key in article', { ...base, type: 'html', html: { item: 'li', title: 'a', article: { content: '#c', body: '#b' } } }, 'sources[0].html.article', /unknown key "body"/],
  ];
  it.each(cases)('%s', (_, src, path, message) => {
    const result = validateConfig({ sources: [src] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('a complete json definition is accepted with its defaults', () => {
    const result = validateConfig({ sources: [{ ...base, type: 'json', json: { items: ['data.list', 'data.top?'], fields: { title: 't', linkTemplate: 'https://a.cn/{id}' } } }] });
    expect(result.ok && result.config.sources[0]?.json?.method).toBe('GET');
  });
});

describe('selectors are checked when feeds.json is loaded', () => {
  const cases: [name: string, html: Record<string, unknown>, path: string][] = [
    ['item', { item: 'ul.news li[', title: 'a' }, 'sources[0].html.item'],
    ['field with attribute', { item: 'li', title: 'a', date: 'time[@datetime' }, 'sources[0].html.date'],
    ['article body', { item: 'li', title: 'a', article: { content: 'div.body p:nosuch' } }, 'sources[0].html.article.content'],
  ];
  it.each(cases)('%s', (_, html, path) => {
    const result = validateConfig({ sources: [{ ...base, type: 'html', html }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContainEqual({ path, message: expect.stringMatching(/^is not a valid CSS selector: /) });
  });

  it('accepts attribute forms and pseudo-classes cheerio knows', () => {
    const html = { item: 'ul > li:has(a):not(.ad)', title: 'a[href*="@"]', link: 'a@href', date: 'time@datetime', summary: 'p:first-of-type', id: '@data-id' };
    expect(validateConfig({ sources: [{ ...base, type: 'html', html }] }).ok).toBe(true);
  });
});
