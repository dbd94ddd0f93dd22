import type { ParsedItem } from '../../src/model/item.ts';

/** An item as the parse stage delivers it: every field empty unless the test says otherwise. */
export function parsedItem(over: Partial<ParsedItem> = {}): ParsedItem {
  return {
    guid: null,
    url: null,
    title: '',
    summary: null,
    contentHtml: null,
    author: null,
    publishedAt: null,
    updatedAt: null,
    dateFlag: null,
    categories: [],
    enclosures: [],
    ...over,
  };
}
