import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, DEFAULT_CANONICAL_URL_OPTIONS, type CanonicalUrlOptions } from '../../src/dedup/index.ts';

const aliases: CanonicalUrlOptions = { hostAliases: { 'm.thepaper.cn': 'www.thepaper.cn' }, foldMobilePrefixes: false };
const mobile: CanonicalUrlOptions = { hostAliases: {}, foldMobilePrefixes: true };

const cases: [name: string, input: string | null, expected: string | null, opts?: CanonicalUrlOptions][] = [
  ['null stays null', null, null],
  ['not a URL', 'not a url', null],
  ['non-http scheme', 'ftp://example.com/a', null],
  ['scheme dropped, host lower-cased', 'HTTPS://WWW.Example.COM/News/A.html', 'www.example.com/News/A.html'],
  ['http and https are one', 'http://www.example.com/a', 'www.example.com/a'],
  ['default port dropped', 'https://www.example.com:443/a', 'www.example.com/a'],
  ['http default port dropped', 'http://www.example.com:80/a', 'www.example.com/a'],
  ['other port kept', 'http://www.example.com:8080/a', 'www.example.com:8080/a'],
  ['fragment dropped', 'https://www.example.com/a#comments', 'www.example.com/a'],
  ['utm_* removed', 'https://x.cn/a?utm_source=wx&utm_medium=social&utm_campaign=z', 'x.cn/a'],
  ['spm removed, id kept', 'https://x.cn/a?spm=a2c4g.11186623&id=7', 'x.cn/a?id=7'],
  ['WeChat share params removed', 'https://x.cn/a?from=timeline&isappinstalled=0&scene=1&wxfrom=5&clicktime=1', 'x.cn/a'],
  ['Baidu/Weibo params removed', 'https://x.cn/a?_wv=1&ivk_sa=1024320u&bd_vid=9', 'x.cn/a'],
  ['share_* and share removed', 'https://x.cn/a?share=1&share_token=abc&tt_from=weixin', 'x.cn/a'],
  ['params sorted', 'https://x.cn/a?b=2&a=1', 'x.cn/a?a=1&b=2'],
  ['content params kept', 'https://x.cn/article.php?aid=123&page=2', 'x.cn/article.php?aid=123&page=2'],
  ['empty path becomes /', 'https://x.cn', 'x.cn/'],
  ['trailing dot in host', 'https://x.cn./a', 'x.cn/a'],
  ['mobile host kept by default', 'https://m.thepaper.cn/newsDetail_forward_1', 'm.thepaper.cn/newsDetail_forward_1'],
  ['configured alias', 'https://m.thepaper.cn/newsDetail_forward_1', 'www.thepaper.cn/newsDetail_forward_1', aliases],
  ['m. prefix folded when configured', 'https://m.sohu.com/a/1', 'www.sohu.com/a/1', mobile],
  ['wap. prefix folded when configured', 'http://wap.xinhuanet.com/a', 'www.xinhuanet.com/a', mobile],
  ['bare m.cn not folded', 'https://m.cn/a', 'm.cn/a', mobile],
];

describe('canonicalizeUrl', () => {
  it.each(cases)('%s', (_name, input, expected, opts) => {
    expect(canonicalizeUrl(input, opts ?? DEFAULT_CANONICAL_URL_OPTIONS)).toBe(expected);
  });
});
