import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.ts';
import { ctx, parseError } from './helpers.ts';

const rss = (doctype: string, title: string) =>
  `<?xml version="1.0"?>\n${doctype}\n<rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>https://a.example/1</link></item></channel></rss>`;

describe('XXE: external entities are never resolved', () => {
  it('a SYSTEM entity pointing at a local file is left unexpanded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huiju-xxe-'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'TOP-SECRET-CONTENT');
    const feed = await parseFeed(rss(`<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secret}">]>`, 'a &xxe; b'), ctx());
    expect(JSON.stringify(feed)).not.toContain('TOP-SECRET-CONTENT');
    expect(feed.items).toHaveLength(1);
  });

  it('a SYSTEM entity or external DTD over HTTP is never fetched', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY pwn "PWNED">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const doctype = `<!DOCTYPE rss SYSTEM "http://127.0.0.1:${port}/x.dtd" [<!ENTITY % ext SYSTEM "http://127.0.0.1:${port}/p.dtd"> %ext; <!ENTITY xxe SYSTEM "http://127.0.0.1:${port}/e">]>`;
      const feed = await parseFeed(rss(doctype, '&xxe;&pwn;'), ctx());
      expect(JSON.stringify(feed)).not.toContain('PWNED');
    } finally {
      server.close();
    }
    expect(requests).toBe(0);
  });
});

describe('entity expansion is bounded', () => {
  it('billion laughs: nested entities stay unexpanded and parsing returns promptly', async () => {
    const defs = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) defs.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const feed = await parseFeed(rss(`<!DOCTYPE lolz [${defs.join('')}]>`, '&lol9;'), ctx());
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]!.title.length).toBeLessThan(100);
    expect(feed.warnings.join(' ')).toMatch(/left unexpanded/);
  });

  it('quadratic blowup (one big flat entity referenced many times) is refused as unsafe', async () => {
    const big = 'x'.repeat(4000);
    const err = await parseError(rss(`<!DOCTYPE rss [<!ENTITY big "${big}">]>`, '&big;'.repeat(200)));
    expect(err.kind).toBe('unsafe');
    expect(err.message).toMatch(/entity expansion/);
  });

  it('a simple internal entity is expanded (and its value escaped, not parsed as markup)', async () => {
    const feed = await parseFeed(rss('<!DOCTYPE rss [<!ENTITY co "Acme &#38; Co">]>', '&co; news'), ctx());
    // The value holds a character reference: it is treated like any nested value and left alone.
    expect(feed.items[0]?.title).toContain('news');
    const plain = await parseFeed(rss('<!DOCTYPE rss [<!ENTITY site "汇聚">]>', '&site; 新闻'), ctx());
    expect(plain.items[0]?.title).toBe('汇聚 新闻');
  });

  it('<!DOCTYPE inside an item\'s CDATA is content, not a DTD', async () => {
    const feed = await parseFeed(rss('', '<![CDATA[about <!DOCTYPE html>]]>'), ctx());
    expect(feed.items[0]?.title).toContain('about');
  });
});
