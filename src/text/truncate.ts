/** Cutting text to a length without breaking what a reader sees as one character. */

const ELLIPSIS = '…';

/** How far back from a cut a grapheme (a ZWJ family emoji, a flag, a letter with accents) may start. */
const GRAPHEME_WINDOW = 64;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** The last grapheme boundary at or before `at` (only the text just before `at` is segmented). */
export function graphemeBoundary(s: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= s.length) return s.length;
  const from = Math.max(0, at - GRAPHEME_WINDOW);
  let boundary = from;
  for (const { index } of graphemes.segment(s.slice(from, at + GRAPHEME_WINDOW))) {
    if (from + index > at) break;
    boundary = from + index;
  }
  // A grapheme longer than the window: at least never split a surrogate pair.
  if (boundary === from && from > 0) return /[\uD800-\uDBFF]/.test(s[at - 1]!) ? at - 1 : at;
  return boundary;
}

/**
 * `s` when it is at most `max` UTF-16 units long (a CJK character is one); else its start, cut at a grapheme
 * boundary, trailing whitespace dropped, ending with "…", `max` units at most.
 */
export function truncateText(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = graphemeBoundary(s, Math.max(0, max - ELLIPSIS.length));
  return `${s.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}
