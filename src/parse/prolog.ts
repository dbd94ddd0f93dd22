/** The XML prolog: what may come before the root element. */

const DOCTYPE_AT = /<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>/iy;

function endAfter(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? -1 : at + terminator.length;
}

/** Where the prolog (whitespace, declaration, PIs, comments, DOCTYPE) ends: a linear scan, no backtracking. */
export function prologEnd(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    let end = -1;
    if (text.startsWith('<?', i)) end = endAfter(text, '?>', i + 2);
    else if (text.startsWith('<!--', i)) end = endAfter(text, '-->', i + 4);
    else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      DOCTYPE_AT.lastIndex = i;
      end = DOCTYPE_AT.test(text) ? DOCTYPE_AT.lastIndex : -1;
    } else return i;
    if (end <= i) return i; // unterminated: the rest is not prolog
    i = end;
  }
}

/** The root element's name: the start tag right after the prolog, or null when there is none. */
export function rootName(text: string): string | null {
  const at = prologEnd(text);
  return text.slice(at, at + 256).match(/^<([A-Za-z_][\w.:-]*)[\s>/]/)?.[1] ?? null;
}
