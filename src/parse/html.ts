import sanitizeHtml from 'sanitize-html';
import { parseDocument } from 'htmlparser2';
import { isTag, isText, type AnyNode } from 'domhandler';

const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
};

/**
 * Feed HTML → HTML safe to republish: no scripts, event handlers, javascript:/data: URLs, style attributes
 * (the usual way to hide text) or embedded frames; relative links made absolute against `baseUrl`.
 */
export function sanitiseContent(html: string, baseUrl: string | null): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'figure', 'figcaption', 'picture', 'source', 'video', 'audio']),
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      source: ['src', 'type'],
      video: ['src', 'poster', 'controls'],
      audio: ['src', 'controls'],
      '*': ['lang', 'dir'],
    },
    // data: images are dropped too: a data: SVG can carry script, and inline blobs bloat the store.
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: true,
    nonTextTags: ['script', 'style', 'textarea', 'noscript', 'title', 'iframe', 'object', 'embed', 'applet', 'noembed', 'noframes'],
    transformTags: Object.fromEntries(
      Object.entries(URL_ATTRIBUTES).map(([tag, names]) => [
        tag,
        (tagName: string, attribs: Record<string, string>) => ({ tagName, attribs: absolutise(attribs, names, baseUrl) }),
      ]),
    ),
  }).trim();
}

function absolutise(attribs: Record<string, string>, names: string[], baseUrl: string | null): Record<string, string> {
  if (!baseUrl) return attribs;
  const out = { ...attribs };
  for (const name of names) {
    const value = out[name]?.trim();
    if (value === undefined || /^[a-z][a-z0-9+.-]*:/i.test(value)) continue;
    try {
      out[name] = new URL(value, baseUrl).href;
    } catch {
      delete out[name];
    }
  }
  return out;
}

const SKIPPED = new Set(['script', 'style', 'noscript', 'textarea', 'template', 'head', 'title']);
const BLOCKS = new Set(['p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'figure', 'figcaption', 'pre', 'hr']);

function collectText(node: AnyNode, out: string[]): void {
  if (isText(node)) out.push(node.data);
  else if (isTag(node)) {
    const name = node.name.toLowerCase();
    if (SKIPPED.has(name)) return;
    if (BLOCKS.has(name)) out.push(' ');
    node.children.forEach((c) => collectText(c, out));
    if (BLOCKS.has(name)) out.push(' ');
  } else if ('children' in node) node.children.forEach((c) => collectText(c, out));
}

/** HTML → plain text: tags dropped, every HTML entity decoded, whitespace (incl. U+3000, nbsp) collapsed. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
  const out: string[] = [];
  collectText(parseDocument(html, { decodeEntities: true }), out);
  return out.join('').replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}
