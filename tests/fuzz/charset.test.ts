import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/fetch/charset.ts';
import { FetchError } from '../../src/fetch/errors.ts';

const label = fc.oneof(
  fc.constantFrom('utf-8', 'UTF8', 'gbk', 'GB2312', 'gb18030', 'big5', 'iso-8859-1', 'utf-16le', 'x-unknown', '', '"gbk"', 'utf-8;', 'ébc', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  fc.string({ maxLength: 30 }),
);
const contentType = fc.option(
  fc.oneof(label.map((l) => `text/xml; charset=${l}`), label.map((l) => `application/rss+xml;charset="${l}"`), fc.string({ maxLength: 80 })),
  { nil: null },
);
const xmlHead = fc.oneof(fc.constant(''), label.map((l) => `<?xml version="1.0" encoding="${l}"?>`));
const bomOrNot = fc.constantFrom(Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]));
const hanzi = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 200 });

describe('decodeBody (fuzz)', () => {
  it('never throws on any bytes or Content-Type; an unusable override is at most a FetchError; names the charset used', () => {
    fc.assert(
      fc.property(
        bomOrNot,
        xmlHead,
        fc.uint8Array({ maxLength: 2048 }),
        contentType,
        fc.option(label, { nil: null }),
        (bom, head, body, type, override) => {
          const bytes = Buffer.concat([bom, Buffer.from(head, 'latin1'), Buffer.from(body)]);
          let out: ReturnType<typeof decodeBody>;
          try {
            out = decodeBody(bytes, type, override);
          } catch (err) {
            // A source's `encoding` setting naming no charset may be refused, as a fetch error with a message.
            expect(err).toBeInstanceOf(FetchError);
            expect(override).not.toBeNull();
            return;
          }
          expect(typeof out.text).toBe('string');
          expect(out.charset).toMatch(/\S/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads undeclared UTF-8 text back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const clean = text.replace(/^\uFEFF+/, '');
        expect(decodeBody(Buffer.from(clean, 'utf8'), null).text).toBe(clean);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads Chinese text in GBK, declared or not, back exactly', () => {
    fc.assert(
      fc.property(hanzi, fc.constantFrom('text/xml; charset=gbk', 'text/xml; charset=GB2312', 'text/xml', null), (text, type) => {
        const bytes = iconv.encode(text, 'gbk');
        // Undeclared GBK that also happens to be valid UTF-8 is genuinely ambiguous: skip those rare cases.
        fc.pre(type?.includes('charset') || !isUtf8(bytes));
        expect(decodeBody(bytes, type).text).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
