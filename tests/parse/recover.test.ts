import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.ts';
import { ParseError } from '../../src/parse/errors.ts';
import { ctx, fixtureText, parseError } from './helpers.ts';

const SCROLL = fixtureText('chinanews-scroll-news-2026-04-19.xml');
const V2EX = fixtureText('v2ex-atom.xml');

function cutInside(text: string, closing: string, n: number, extra: number): string {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(closing, at + 1);
  return text.slice(0, at + closing.length + extra);
}

describe('truncated documents keep the complete items', () => {
  const cases = [
    { name: 'RSS cut inside the 4th item', text: cutInside(SCROLL, '</item>', 3, 200), items: 3 },
    { name: 'RSS cut right after the 10th </item>', text: cutInside(SCROLL, '</item>', 10, 0), items: 10 },
    { name: 'RSS cut before </channel></rss>', text: SCROLL.slice(0, SCROLL.lastIndexOf('</channel>')), items: 30 },
    { name: 'Atom cut inside the 6th entry', text: cutInside(V2EX, '</entry>', 5, 300), items: 5 },
  ];
  it.each(cases)('$name', async ({ text, items }) => {
    const feed = await parseFeed(text, ctx());
    expect(feed.items).toHaveLength(items);
    expect(feed.warnings.join(' ')).toMatch(/cut off/);
    expect(feed.items.every((i) => i.title !== '' && i.url !== null)).toBe(true);
  });

  it('a document cut before its first complete item is malformed, in plain words', async () => {
    const err = await parseError(SCROLL.slice(0, SCROLL.indexOf('</item>') - 10));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/ends before its first complete item/);
  });
});

describe('junk before the XML', () => {
  it('a PHP warning printed before <?xml is skipped with a warning', async () => {
    const text = `<br />\n<b>Warning</b>: Undefined variable $x in <b>/var/www/rss.php</b> on line <b>3</b><br />\n${SCROLL}`;
    const feed = await parseFeed(text, ctx());
    expect(feed.items).toHaveLength(30);
    expect(feed.warnings.join(' ')).toMatch(/ignored \d+ characters of junk/);
  });
});

describe('what is not a feed', () => {
  const cases = [
    { name: 'empty', text: '', kind: 'malformed' },
    { name: 'whitespace', text: ' \n ', kind: 'malformed' },
    { name: 'plain text', text: 'Service Unavailable', kind: 'not-a-feed' },
    { name: 'JSON', text: '{"error":"nope"}', kind: 'not-a-feed' },
    { name: 'other XML', text: '<?xml version="1.0"?><error><code>500</code></error>', kind: 'not-a-feed' },
  ] as const;
  it.each(cases)('$name → $kind', async ({ text, kind }) => {
    expect((await parseError(text)).kind).toBe(kind);
  });
});

describe('never throws anything but ParseError', () => {
  it('random cuts and byte flips of real feeds either parse or fail with ParseError', async () => {
    const sources = [SCROLL, V2EX, fixtureText('people-politics-2020-08-25.trimmed.xml')];
    await fc.assert(
      fc.asyncProperty(fc.nat(sources.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 8 }), async (which, where, junk) => {
        const source = sources[which]!;
        const at = Math.floor(where * source.length);
        const mangled = source.slice(0, at) + junk + source.slice(at + junk.length);
        try {
          const feed = await parseFeed(mangled.slice(0, at + junk.length + (which * 997) % 5000), ctx());
          expect(Array.isArray(feed.items)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('error wording', () => {
  it('names the root element and the content type when the document is other XML', async () => {
    const err = await parseError('<?xml version="1.0"?><error/>', ctx('https://a.example/f', { contentType: 'text/xml; charset=utf-8' }));
    expect(err.message).toBe('not a feed: the document is neither RSS nor Atom (its root element is <error>, served as text/xml)');
  });
});

describe('prolog scanning stays linear on hostile input', () => {
  it('thousands of comments before the root are skipped, and an unterminated one ends the prolog', async () => {
    const many = '<!---->'.repeat(5000);
    const feed = await parseFeed(`${many}<rss version="2.0"><channel><title>t</title><item><title>x</title></item></channel></rss>`, ctx());
    expect(feed.items).toHaveLength(1);
    expect((await parseError(`${many}<!-- never closed <rss>`)).kind).toBe('not-a-feed');
  });
});
