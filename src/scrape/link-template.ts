import { asText, select } from './json-path.ts';

/**
 * `https://www.thepaper.cn/newsDetail_forward_{contId}` filled from an item. Values are URL-encoded so an id can
 * never change the URL's shape; a placeholder with no value makes the whole link null rather than a broken URL.
 */
export function fillTemplate(template: string, item: unknown): string | null {
  let missing = false;
  const out = template.replace(/\{([^}]+)\}/g, (_, path: string) => {
    const value = asText(select(item, path.trim()));
    if (value === null) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? null : out;
}
