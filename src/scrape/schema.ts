import { z } from 'zod';

/** `html` block of a source with `type: "html"`: a list page read with CSS selectors. */
export const htmlSpecSchema = z
  .object({
    /** Selector for each item on the list page. */
    item: z.string().min(1),
    title: z.string().min(1),
    /** Selector of the element whose href is the article link (defaults to the title element). */
    link: z.string().optional(),
    date: z.string().optional(),
    /** How the date text is written, e.g. `YYYY-MM-DD HH:mm`; ISO-like text is read without one. */
    dateFormat: z.string().optional(),
    summary: z.string().optional(),
  })
  .strict();

/** `json` block of a source with `type: "json"`: an API (or JSON embedded in a page) and a field mapping. */
export const jsonSpecSchema = z
  .object({
    method: z.enum(['GET', 'POST']).default('GET'),
    body: z.unknown().optional(),
    /** Dot path to the array of items, e.g. `data.list`. */
    items: z.string().min(1),
    fields: z
      .object({
        title: z.string().min(1),
        link: z.string().optional(),
        linkTemplate: z.string().optional(),
        date: z.string().optional(),
        summary: z.string().optional(),
        id: z.string().optional(),
      })
      .strict(),
  })
  .strict();

export type HtmlSpec = z.infer<typeof htmlSpecSchema>;
export type JsonSpec = z.infer<typeof jsonSpecSchema>;
