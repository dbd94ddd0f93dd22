/**
 * Textual edits of a JSON document that leave every byte outside the edit as it was: feeds.json is written by people,
 * with their own indentation, key order and line endings, and a round trip through JSON.stringify would lose them.
 */

export interface ArraySpan {
  /** Index of `[`. */
  open: number;
  /** Index of the matching `]`. */
  close: number;
  /** Start index of each element's first character, and the end (exclusive) of its last. */
  elements: { start: number; end: number }[];
}

/** Index just past the JSON string that starts at `i` (a `"`). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** Index just past the JSON value starting at `i`. Assumes a document JSON.parse has accepted. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = skipString(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error('unbalanced brackets');
  }
  let j = i;
  while (j < text.length && !/[\s,\]}]/.test(text[j]!)) j++;
  return j;
}

/** The top-level object's members: key, and the span of the value. */
export function topLevelMembers(text: string): { open: number; close: number; members: { key: string; keyStart: number; valueStart: number; valueEnd: number }[] } {
  const open = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text[open] !== '{') throw new Error('the document is not a JSON object');
  const members = [];
  let i = skipSpace(text, open + 1);
  while (text[i] !== '}') {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = skipValue(text, valueStart);
    members.push({ key, keyStart, valueStart, valueEnd });
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return { open, close: i, members };
}

/** The elements of the array that starts at `open`. */
export function arraySpan(text: string, open: number): ArraySpan {
  const elements = [];
  let i = skipSpace(text, open + 1);
  while (text[i] !== ']') {
    const end = skipValue(text, i);
    elements.push({ start: i, end });
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return { open, close: i, elements };
}

/** The whitespace that starts the line holding index `i`. */
export function indentAt(text: string, i: number): string {
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
