/** Traditional → Simplified Chinese, so 台灣/香港 reprints of a story fingerprint like the mainland original. */
import * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;
let convert: Convert | null = null;

/** Building the converter parses OpenCC's dictionaries (~10 ms), so it happens once, on first use. */
export function toSimplified(text: string): string {
  const fn = (convert ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  return fn(text);
}
