import { Readability } from '@mozilla/readability';
import * as cheerio from 'cheerio';
import { parseHTML } from 'linkedom';
import { capItem } from '../normalise/caps.ts';
import { htmlToText, sanitiseContent } from '../parse/html.ts';
import { FullTextError } from './errors.ts';

/**
 * The main text of an article page by Mozilla's Readability (Firefox Reader View's extractor) over linkedom, a light
 * DOM: speed and quality on a labelled set are in docs/full-text.md. The body is sanitised by the one content policy
 * (parse/html-policy.ts), which also makes its links absolute against `url`, and capped as any item's.
 */
export function readabilityBody(html: string, url: string): string {
  const { document } = parseHTML(html);
  // linkedom's Document is not lib.dom's type (huiju compiles without the DOM library), but is the tree Readability walks.
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: CHAR_THRESHOLD }).parse();
  if (!article?.content) throw new FullTextError('no article text found on the page');
  const body = capItem({ contentHtml: sanitiseContent(withoutLinkBlocks(article.content), url) }).contentHtml ?? '';
  if (htmlToText(body) === '') throw new FullTextError('no article text found on the page');
  return body;
}

/**
 * Characters of text Readability wants before it accepts a candidate without relaxing its rules. Its default (500) is
 * counted in characters, and a Chinese news article says in 300 what an English one says in 900.
 */
const CHAR_THRESHOLD = 200;

/** Text of an element without spaces: Chinese has none between words, so characters are what text length means. */
const textLength = (text: string) => text.replace(/[\s\u3000\u00a0]+/g, '').length;

/**
 * Readability keeps lists of links inside the block it picks unless their class says they are furniture (`related`,
 * `sidebar`…); Chinese news sites' 热点排行 and 推荐阅读 boxes are often just `<div class="right"><ul>` of headlines,
 * and were kept (docs/full-text.md). A block of three links or more whose text is mostly link text is dropped,
 * outermost first, with the heading it carries.
 */
function withoutLinkBlocks(html: string): string {
  const $ = cheerio.load(html, null, false);
  $('div, section, aside, nav, ul, ol, table').each((_, el) => {
    const block = $(el);
    const links = block.find('a');
    if (links.length < 3) return;
    const all = textLength(block.text());
    const linked = links.toArray().reduce((n, a) => n + textLength($(a).text()), 0);
    if (all > 0 && linked / all > LINK_BLOCK_DENSITY) block.remove();
  });
  return $.html();
}

/** Share of a block's text in links above which it is navigation, not article (Readability removes a block it weighs as content above the same share). */
const LINK_BLOCK_DENSITY = 0.5;
