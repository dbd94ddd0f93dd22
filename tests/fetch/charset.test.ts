import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody, normaliseCharsetLabel } from '../../src/fetch/charset.ts';
import { DEFAULT_FETCH_OPTIONS, fetchDocument } from '../../src/fetch/client.ts';
import { FetchError } from '../../src/fetch/errors.ts';
import type { FaultServer } from '../helpers/fault-server.ts';
import { startFaultServer } from '../helpers/fault-server.ts';

const CN = path.resolve(import.meta.dirname, '../fixtures/feeds/cn');
const fixture = (name: string) => fs.readFileSync(path.join(CN, name));
const rss = (title: string, decl = '') => `${decl}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const XML_GB2312 = '<?xml version="1.0" encoding="gb2312"?>';

interface Case {
  name: string;
  bytes: Buffer;
  contentType: string | null;
  override?: string;
  charset: string;
  contains: string;
}

const cases: Case[] = [
  {
    name: 'GBK named only in the Content-Type header',
    bytes: iconv.encode(rss('人工智能大模型'), 'gbk'),
    contentType: 'application/rss+xml; charset=GBK',
    charset: 'gb18030',
    contains: '人工智能大模型',
  },
  {
    name: 'GB2312 declared only in the XML prolog (tech.qq.com)',
    bytes: fixture('tech-qq-rss-gb2312.xml'),
    contentType: 'application/xml',
    charset: 'gb18030',
    contains: '<title>互联网_腾讯科技</title>',
  },
  {
    name: 'GB2312 with no declaration at all (feedparser chardet)',
    bytes: fixture('feedparser-chardet-gb2312-no-declaration.xml'),
    contentType: 'text/xml',
    charset: 'gb18030',
    contains: '不归移民漫画系列：专业工作',
  },
  {
    name: 'GB18030 four-byte characters',
    bytes: iconv.encode(rss('𠀀 and €'), 'gb18030'),
    contentType: 'text/xml; charset=gb18030',
    charset: 'gb18030',
    contains: '𠀀 and €',
  },
  {
    name: 'Big5 declared in the prolog',
    bytes: iconv.encode(rss('繁體中文新聞', '<?xml version="1.0" encoding="big5"?>'), 'big5'),
    contentType: null,
    charset: 'big5',
    contains: '繁體中文新聞',
  },
  {
    name: 'Big5 named in the header',
    bytes: iconv.encode(rss('臺灣人工智慧'), 'big5'),
    contentType: 'text/xml; charset="Big5"',
    charset: 'big5',
    contains: '臺灣人工智慧',
  },
  {
    name: 'UTF-16LE with BOM, even against the header',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss('双字节'), 'utf16le')]),
    contentType: 'text/xml; charset=iso-8859-1',
    charset: 'utf-16le',
    contains: '双字节',
  },
  {
    name: 'UTF-16BE with BOM',
    bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(rss('大端'), 'utf16le').swap16()]),
    contentType: null,
    charset: 'utf-16be',
    contains: '大端',
  },
  {
    name: 'UTF-32LE with BOM',
    bytes: iconv.encode(rss('四字节'), 'utf-32le', { addBOM: true }),
    contentType: null,
    charset: 'utf-32le',
    contains: '四字节',
  },
  {
    name: 'UTF-16LE without BOM, recognised by the NULs around "<?xml"',
    bytes: Buffer.from(rss('无字节序标记', '<?xml version="1.0" encoding="UTF-16"?>'), 'utf16le'),
    contentType: 'application/xml',
    charset: 'utf-16le',
    contains: '无字节序标记',
  },
  {
    name: 'UTF-8 BOM beats a GBK declaration',
    bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss('标题', XML_GB2312))]),
    contentType: null,
    charset: 'utf-8',
    contains: '<title>标题</title>',
  },
  {
    name: "the source's encoding override beats a wrong header",
    bytes: iconv.encode(rss('覆盖'), 'gbk'),
    contentType: 'text/xml; charset=utf-8',
    override: 'GB2312',
    charset: 'gb18030',
    contains: '覆盖',
  },
  {
    name: 'a GBK body wrongly labelled UTF-8 decodes cleanly as GB18030',
    bytes: iconv.encode(rss('错误的标签'), 'gbk'),
    contentType: 'text/xml; charset=utf-8',
    charset: 'gb18030',
    contains: '错误的标签',
  },
  {
    name: 'a UTF-8 body wrongly labelled gb2312 stays UTF-8 (no mojibake)',
    bytes: Buffer.from(rss('中国人工智能产业新闻', XML_GB2312)),
    contentType: null,
    charset: 'utf-8',
    contains: '中国人工智能产业新闻',
  },
  {
    name: 'HTML <meta charset>',
    bytes: iconv.encode('<!doctype html><html><head><meta charset="gbk"><title>网页</title></head></html>', 'gbk'),
    contentType: 'text/html',
    charset: 'gb18030',
    contains: '<title>网页</title>',
  },
  {
    name: 'HTML <meta http-equiv> content charset',
    bytes: iconv.encode(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>旧网页</title>',
      'gbk',
    ),
    contentType: 'text/html',
    charset: 'gb18030',
    contains: '旧网页',
  },
  {
    name: 'Latin-1 label reads as windows-1252 (WHATWG)',
    bytes: iconv.encode(rss('café – “quoted”'), 'windows-1252'),
    contentType: 'text/xml; charset=ISO-8859-1',
    charset: 'windows-1252',
    contains: 'café – “quoted”',
  },
  {
    name: 'a UTF-16 label in an ASCII-readable prolog is ignored',
    bytes: Buffer.from(rss('自称UTF-16', '<?xml version="1.0" encoding="UTF-16"?>')),
    contentType: null,
    charset: 'utf-8',
    contains: '自称UTF-16',
  },
  {
    name: 'undeclared UTF-8 (meituan, leading newline before the prolog)',
    bytes: fixture('meituan-tech-rss.xml'),
    contentType: 'application/xml',
    charset: 'utf-8',
    contains: '美团技术团队',
  },
];

describe('decodeBody', () => {
  it.each(cases)('$name', ({ bytes, contentType, override, charset, contains }) => {
    const out = decodeBody(bytes, contentType, override ?? null);
    expect(out.charset).toBe(charset);
    expect(out.text).toContain(contains);
    expect(out.text).not.toContain('\uFFFD');
    expect(out.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('an unknown override is a clear bad-charset error', () => {
    expect(() => decodeBody(Buffer.from('x'), null, 'klingon')).toThrow(
      new FetchError('bad-charset', `unknown charset "klingon" in the source's encoding setting`),
    );
  });

  it.each([
    ['gb2312', 'gb18030'],
    ['GBK', 'gb18030'],
    ['cp936', 'gb18030'],
    ['x-gbk', 'gb18030'],
    ['big5-hkscs', 'big5'],
    ['UTF8', 'utf-8'],
    ['"utf-8"', 'utf-8'],
    ['shift-jis', 'shift_jis'],
    ['no-such-charset', null],
  ])('label %s → %s', (label, name) => {
    expect(normaliseCharsetLabel(label)).toBe(name);
  });

  it('never throws on arbitrary bytes and content types', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.option(fc.string()), (bytes, ct) => {
        const out = decodeBody(Buffer.from(bytes), ct);
        expect(typeof out.text).toBe('string');
        expect(out.charset).toMatch(/^[a-z0-9_-]+$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('charsets over HTTP', () => {
  let srv: FaultServer;
  beforeAll(async () => {
    srv = await startFaultServer();
  });
  afterAll(() => srv.close());

  it.each(cases.slice(0, 9))('$name', async ({ name, bytes, contentType, charset, contains }) => {
    const route = `/case/${cases.findIndex((c) => c.name === name)}`;
    srv.route(route, (_req, res) => {
      if (contentType) res.setHeader('content-type', contentType);
      res.end(bytes);
    });
    const out = await fetchDocument({ url: srv.url(route) }, { ...DEFAULT_FETCH_OPTIONS, timeoutMs: 2_000 });
    if (out.status !== 'ok') throw new Error('expected a document');
    expect(out.charset).toBe(charset);
    expect(out.text).toContain(contains);
    expect(out.body.equals(bytes)).toBe(true);
  });

  it("the source's encoding setting reaches the decoder", async () => {
    const out = await fetchDocument(
      { url: srv.url('/fixture/feedparser-chardet-gb2312-no-declaration.xml?ct=text/xml;charset=utf-8'), encoding: 'gbk' },
      { ...DEFAULT_FETCH_OPTIONS, timeoutMs: 2_000 },
    );
    expect(out.status === 'ok' && out.charset).toBe('gb18030');
  });
});
