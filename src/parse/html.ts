import sanitizeHtml from 'sanitize-html';

/** Feed HTML → HTML safe to republish: no scripts, handlers, javascript: URLs or styles; links made absolute. */
export function sanitiseContent(html: string, baseUrl: string | null): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'figure', 'figcaption', 'picture', 'source', 'video', 'audio']),
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      source: ['src', 'srcset', 'type'],
      video: ['src', 'poster', 'controls'],
      audio: ['src', 'controls'],
      '*': ['lang', 'dir'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: absolutise(attribs, 'href', baseUrl) }),
      img: (tagName, attribs) => ({ tagName, attribs: absolutise(attribs, 'src', baseUrl) }),
    },
  }).trim();
}

function absolutise(attribs: Record<string, string>, name: string, baseUrl: string | null): Record<string, string> {
  const value = attribs[name];
  if (value === undefined || !baseUrl) return attribs;
  try {
    return { ...attribs, [name]: new URL(value, baseUrl).href };
  } catch {
    return attribs;
  }
}

/** HTML → plain text with whitespace collapsed (entities decoded by the HTML parser). */
export function htmlToText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'noscript'] })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}
