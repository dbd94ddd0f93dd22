import iconv from 'iconv-lite';

/** Labels that name a subset of GB18030: decoding as GB18030 reads all of them correctly. */
const GB_FAMILY = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'euc-cn', 'csgb2312', 'chinese', 'iso-ir-58']);

export function normaliseCharsetLabel(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (GB_FAMILY.has(l)) return 'gb18030';
  if (l === 'utf8') return 'utf-8';
  return iconv.encodingExists(l) ? l : null;
}

function charsetFromContentType(contentType: string | null): string | null {
  const m = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i);
  return m?.[1] ? normaliseCharsetLabel(m[1]) : null;
}

function charsetFromXmlDeclaration(head: string): string | null {
  const m = head.match(/^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/);
  return m?.[1] ? normaliseCharsetLabel(m[1]) : null;
}

function bomCharset(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes → text. Order: the source's override, BOM, Content-Type charset, XML declaration, strict UTF-8,
 * then GB18030 (the usual truth for an undeclared Chinese page).
 */
export function decodeBody(
  bytes: Buffer,
  contentType: string | null,
  override: string | null = null,
): { text: string; charset: string } {
  const forced = override ? normaliseCharsetLabel(override) : null;
  const charset =
    forced ??
    bomCharset(bytes) ??
    charsetFromContentType(contentType) ??
    charsetFromXmlDeclaration(bytes.subarray(0, 512).toString('latin1')) ??
    (isValidUtf8(bytes) ? 'utf-8' : 'gb18030');
  return { text: iconv.decode(bytes, charset, { stripBOM: true }), charset };
}
