/**
 * The dangerous part of XML is the DTD: external entities (XXE) and nested entity definitions (billion laughs).
 * huiju never hands a DTD to a parser. The DOCTYPE is cut out before parsing; only simple internal entities
 * (a literal value with no further references) are expanded, within a fixed budget. Everything else stays
 * unexpanded text, and nothing is ever fetched.
 */
import { ParseError } from './errors.ts';

const MAX_DOCTYPE_CHARS = 64 * 1024;
/** Total characters entity expansion may add to a document. */
const EXPANSION_BUDGET = 256 * 1024;

export interface SafeXml {
  text: string;
  warnings: string[];
}

// The internal subset is bracketed; quoted entity values may contain '>' but not ']' in practice.
const DOCTYPE = /<!DOCTYPE\s[^[>]*(?:\[([\s\S]*?)\]\s*)?>/i;
const ENTITY = /<!ENTITY\s+([\w.:-]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
const ANY_ENTITY = /<!ENTITY\s/i;

function escapeXmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Removes the DOCTYPE and expands only flat internal entities, bounded. Never resolves anything external. */
export function defuseDoctype(text: string): SafeXml {
  // Only a DOCTYPE in the prolog counts: `<!DOCTYPE` inside an item's CDATA is content.
  const rootStart = text.search(/<[A-Za-z_]/);
  const prolog = text.slice(0, rootStart === -1 ? MAX_DOCTYPE_CHARS : Math.min(rootStart, MAX_DOCTYPE_CHARS + 4096));
  const match = DOCTYPE.exec(prolog);
  if (!match) {
    if (ANY_ENTITY.test(prolog)) {
      throw new ParseError('unsafe', 'refused: the document declares entities in a DOCTYPE that cannot be read safely (too large or unterminated)');
    }
    return { text, warnings: [] };
  }
  const subset = match[1] ?? '';
  const warnings: string[] = [];
  const flat = new Map<string, string>();
  for (const m of subset.matchAll(ENTITY)) {
    const value = m[2] ?? m[3] ?? '';
    // A value that refers to other entities or markup is how expansion bombs are built: leave it unexpanded.
    if (!/[&<%]/.test(value) && value.length <= 4096) flat.set(m[1]!, value);
  }
  const declared = (subset.match(/<!ENTITY\s/gi) ?? []).length;
  const skipped = declared - flat.size;
  if (declared > 0) {
    warnings.push(
      `the document's DOCTYPE declares ${declared} entit${declared === 1 ? 'y' : 'ies'}; ` +
        `${flat.size} simple one(s) expanded, ${skipped} external or nested one(s) left unexpanded`,
    );
  }
  let body = text.slice(0, match.index) + text.slice(match.index + match[0].length);
  if (flat.size > 0) {
    let added = 0;
    body = body.replace(/&([\w.:-]+);/g, (ref, name: string) => {
      const value = flat.get(name);
      if (value === undefined) return ref;
      added += value.length;
      if (added > EXPANSION_BUDGET) {
        throw new ParseError('unsafe', 'refused: entity expansion in this document exceeds the safe limit');
      }
      return escapeXmlText(value);
    });
  }
  return { text: body, warnings };
}

/** Junk before the XML declaration (BOM, blank lines from a template) makes strict parsers reject the feed. */
export function trimProlog(text: string): string {
  return text.replace(/^[\uFEFF\s]+/, '');
}
