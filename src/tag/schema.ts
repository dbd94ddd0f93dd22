import { z } from 'zod';

/** One tagging rule as written in feeds.json `tags[]`. */
export const tagRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug (a-z, 0-9, -)'),
    label: z.string().min(1),
    /** A sub-tag implies its parent. */
    parent: z.string().optional(),
    keywords: z.array(z.string().min(1)).min(1),
    /** Phrases that look like a keyword but are not about the topic (人工降雨 for 人工智能). */
    exclude: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type TagRule = z.infer<typeof tagRuleSchema>;
