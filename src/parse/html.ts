import { parseDocument } from 'htmlparser2';
import { isTag, isText, type AnyNode } from 'domhandler';
import { sanitiseHtml } from './html-policy.ts';
import { cappedParsing, type NestingReport } from './nesting.ts';

/**
 * Feed HTML → HTML safe to republish (the one policy of html-policy.ts: no scripts, event handlers, javascript:/data:
 * URLs, style attributes or embedded frames); relative links, srcset candidates included, made absolute against `baseUrl`.
 */
export function sanitiseContent(html: string, baseUrl: string | null, report?: NestingReport): string {
  return sanitiseHtml(html, baseUrl, report);
}

const SKIPPED = new Set(['script', 'style', 'noscript', 'textarea', 'template', 'head', 'title']);
const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'figure', 'figcaption', 'pre', 'hr']);

function collectText(node: AnyNode, out: string[]): void {
  if (isText(node)) out.push(node.data);
  else if (isTag(node)) {
    const name = node.name.toLowerCase();
    if (SKIPPED.has(name)) return;
    if (BLOCKS.has(name)) out.push(' ');
    for (const c of node.children) collectText(c, out);
    if (BLOCKS.has(name)) out.push(' ');
  } else if ('children' in node) {
    for (const c of node.children) collectText(c, out);
  }
}

/**
 * HTML → plain text: tags dropped, every HTML entity decoded, whitespace (incl. U+3000, nbsp) collapsed. Read with
 * nesting capped (nesting.ts; `report` says whether it was): collectText recurses once per level.
 */
export function htmlToText(html: string, report?: NestingReport): string {
  if (!/[<&]/.test(html)) return html.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
  const out: string[] = [];
  collectText(parseDocument(html, { decodeEntities: true, ...cappedParsing(report) }), out);
  return out.join('').replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}
