import { escapeHtml } from './html-escape.ts';

/** Case-insensitive spans of every term in the text, merged where they touch or overlap. */
function matchSpans(text: string, terms: readonly string[]): [number, number][] {
  const lower = text.toLowerCase();
  const spans: [number, number][] = [];
  for (const term of terms) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let at = lower.indexOf(t); at !== -1; at = lower.indexOf(t, at + t.length)) spans.push([at, at + t.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/**
 * An HTML excerpt of `text` around the first match of any term, every match wrapped in <mark>…</mark> and everything
 * else escaped; null when no term occurs. Done here rather than with FTS5 snippet(), which knows nothing of the terms
 * shorter than a trigram that the search matches with LIKE.
 */
export function highlight(text: string, terms: readonly string[], maxChars = 120): string | null {
  const spans = matchSpans(text, terms);
  const first = spans[0];
  if (!first) return null;
  // Start a little before the first match so it reads in context; never split a surrogate pair.
  let start = Math.max(0, first[0] - Math.floor(maxChars / 4));
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '')) start--;
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end++;
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [a, b] of spans) {
    if (b <= start || a >= end) continue;
    const from = Math.max(a, start);
    const to = Math.min(b, end);
    out += `${escapeHtml(text.slice(at, from))}<mark>${escapeHtml(text.slice(from, to))}</mark>`;
    at = to;
  }
  out += escapeHtml(text.slice(at, end));
  return end < text.length ? `${out}…` : out;
}
