/**
 * Whether a match is one entry of an enumeration: the Chinese list comma 、 right before or after it (spaces aside).
 * A term named as one of several (a reader's "正文补取、AI 分析、事件归组等功能", a mirror for "PyPI、Hugging Face、
 * GitHub", "Meta、OpenAI、Palantir 等四家公司的高管") is named in passing, not as what the item is about.
 */
export function inEnumeration(folded: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && folded[before] === ' ') before--;
  let after = end;
  while (after < folded.length && folded[after] === ' ') after++;
  return folded[before] === '、' || folded[after] === '、';
}
