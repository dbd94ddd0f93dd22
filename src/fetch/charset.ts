import iconv from 'iconv-lite';
import { FetchError } from './errors.ts';

/**
 * Bytes → text for documents whose charset is often missing or wrong (Chinese feeds above all).
 * Order: the source's override, BOM, Content-Type charset, XML declaration (or `<meta charset>` in HTML),
 * strict UTF-8, then GB18030, the usual truth for an undeclared Chinese page.
 */

/** WHATWG decodes gb2312/gbk labels as GBK; GB18030 is its superset, so every GB-family label decodes as that. */
const GB_FAMILY = new Set(['gbk', 'gb18030']);
/** Labels WHATWG dropped but feeds still declare and iconv-lite still reads. */
const EXTRA_LABELS: Record<string, string> = {
  'utf-32': 'utf-32le',
  utf32: 'utf-32le',
  'utf-32le': 'utf-32le',
  'utf-32be': 'utf-32be',
  cp936: 'gb18030',
  ms936: 'gb18030',
  'windows-936': 'gb18030',
  'euc-cn': 'gb18030',
  big5hkscs: 'big5',
};

/** A charset label → the lower-case canonical name decodeBody records, or null when nothing can decode it. */
export function normaliseCharsetLabel(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const extra = Object.hasOwn(EXTRA_LABELS, l) ? EXTRA_LABELS[l] : undefined;
  if (extra) return extra;
  let name: string;
  try {
    name = new TextDecoder(l).encoding;
  } catch {
    return iconv.encodingExists(l) ? l : null;
  }
  if (GB_FAMILY.has(name)) return 'gb18030';
  if (name === 'replacement') return null;
  return name;
}

const BOMS: readonly [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'], // before UTF-16LE, whose BOM is its prefix
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** XML 1.0 appendix F: without a BOM, "<?" interleaved with NULs can only be UTF-16 (or UTF-32). */
const SNIFFED: readonly [number[], string][] = [
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
];

function startsWith(bytes: Uint8Array, table: readonly [number[], string][]): string | null {
  return table.find(([prefix]) => prefix.every((b, i) => bytes[i] === b))?.[1] ?? null;
}

function charsetFromContentType(contentType: string | null): string | null {
  const m = contentType?.match(/;\s*charset\s*=\s*["']?([^"';\s]+)/i);
  return m?.[1] ? normaliseCharsetLabel(m[1]) : null;
}

/**
 * The charset a document declares in its own first bytes: XML declaration, else an HTML `<meta>`.
 * A UTF-16/32 label there is a lie (we could read it as ASCII), so it is ignored, as browsers do.
 */
function charsetFromDocument(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const xml = head.match(/^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/);
  const html = /<html|<!doctype\s+html|<head/i.test(head)
    ? head.match(/<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i)
    : null;
  const label = xml?.[1] ?? html?.[1];
  const name = label ? normaliseCharsetLabel(label) : null;
  return name?.startsWith('utf-16') || name?.startsWith('utf-32') ? null : name;
}

function decodeAs(bytes: Uint8Array, charset: string): string {
  return iconv.encodingExists(charset)
    ? iconv.decode(Buffer.from(bytes), charset, { stripBOM: true })
    : new TextDecoder(charset).decode(bytes);
}

function decodesAsStrictUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function countNonAscii(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b >= 0x80) n++;
  return n;
}

const countReplacements = (text: string): number => text.split('\uFFFD').length - 1;

export function decodeBody(
  bytes: Buffer,
  contentType: string | null,
  override: string | null = null,
): { text: string; charset: string } {
  if (override) {
    const forced = normaliseCharsetLabel(override);
    if (!forced) throw new FetchError('bad-charset', `unknown charset "${override}" in the source's encoding setting`);
    return { text: decodeAs(bytes, forced), charset: forced };
  }
  const bom = startsWith(bytes, BOMS) ?? startsWith(bytes, SNIFFED);
  if (bom) return { text: decodeAs(bytes, bom), charset: bom };

  const declared = charsetFromContentType(contentType) ?? charsetFromDocument(bytes);
  const guess = decodesAsStrictUtf8(bytes) ? 'utf-8' : 'gb18030';
  if (!declared) return { text: decodeAs(bytes, guess), charset: guess };

  // Substantial valid UTF-8 labelled as a legacy charset is UTF-8 (a GBK or Latin-1 text of any length almost
  // never forms valid UTF-8 multi-byte sequences); reading it as declared would give mojibake.
  if (declared !== 'utf-8' && guess === 'utf-8' && countNonAscii(bytes) >= 8) {
    return { text: decodeAs(bytes, 'utf-8'), charset: 'utf-8' };
  }
  const text = decodeAs(bytes, declared);
  if (!text.includes('\uFFFD')) return { text, charset: declared };
  // The declaration was wrong (a "utf-8" page that is really GBK, say): a cleaner decoding beats it.
  const alternatives = [...new Set([guess, 'gb18030'])].filter((c) => c !== declared);
  let best = { text, charset: declared, bad: countReplacements(text) };
  for (const charset of alternatives) {
    const candidate = decodeAs(bytes, charset);
    const bad = countReplacements(candidate);
    if (bad < best.bad) best = { text: candidate, charset, bad };
  }
  return { text: best.text, charset: best.charset };
}
