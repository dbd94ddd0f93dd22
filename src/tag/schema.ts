import { z } from 'zod';

const keywordObjectSchema = z
  .object({
    term: z.string().min(1),
    /** Points per mention before the field factor; the rule's `weight` when absent. */
    weight: z.number().positive().max(10).optional(),
    /** `exact`: Latin letters must match in the case written (after full-width folding). */
    case: z.enum(['any', 'exact']).default('any'),
    /** `title`: mentions in the body are ignored. */
    field: z.enum(['any', 'title']).default('any'),
    /**
     * `zh`: counts only in a field written in Chinese. English loanwords such as Agent or Token are AI jargon inside
     * Chinese text and everyday words in English text (a border agent).
     */
    lang: z.enum(['any', 'zh']).default('any'),
    /**
     * `parent`: a weak term that counts as a full one (the rule's threshold) in an item that is about the parent tag
     * on the parent's own words. Gemini is a zodiac sign and a NASA mission in a post about a squirrel, a model in
     * an item that says AI; 文本转语音 is a speech tool, generated speech in an item about AI.
     */
    context: z.enum(['none', 'parent']).default('none'),
  })
  .strict();

/**
 * A keyword as written in feeds.json: a plain string, or an object when the term needs its own weight, exact case
 * (`AI` must not match the name `Ai`), or should count only in titles or only in Chinese text.
 */
export const keywordSchema = z.union([z.string().min(1), keywordObjectSchema], {
  error:
    'must be a string, or an object { term, weight?, case?: "any" | "exact", field?: "any" | "title", lang?: "any" | "zh", context?: "none" | "parent" }',
});

/** One tagging rule as written in feeds.json `tags[]`. */
export const tagRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug (a-z, 0-9, -)'),
    label: z.string().min(1),
    description: z.string().optional(),
    /** A sub-tag implies its parent. */
    parent: z.string().optional(),
    keywords: z.array(keywordSchema).min(1),
    /** Phrases that look like a keyword but are not about the topic (人工降雨 for 人工智能). */
    exclude: z.array(z.string().min(1)).default([]),
    /** Default points per keyword mention: 2 means one mention in the title or the lead is enough. */
    weight: z.number().positive().max(10).default(2),
    /** Points an item needs for the tag. */
    threshold: z.number().positive().max(100).default(2),
    /**
     * Only tag when the parent tag matched on its own keywords: for words that are only about AI when the item is
     * (融资 is AI funding only in an AI story, 备案 is AI governance only next to 大模型).
     */
    requiresParent: z.boolean().default(false),
    /**
     * Only tag when one of these tags holds too: 开源 and GitHub make an open model only in a story about a model
     * (llm, aigc), not in a post about a Kindle tool.
     */
    requires: z.array(z.string().min(1)).default([]),
    /**
     * Words that, in the title, mark an item this tag never fits however its body reads: 招聘 for funding (a job ad
     * that boasts its PreA round is not funding news).
     */
    vetoInTitle: z.array(z.string().min(1)).default([]),
    /**
     * A list is not a subject: when this many tags that set `crowd` would hold on one item, none of them named in
     * its title, none of them holds (a delegation's visit to DeepSeek, 月之暗面, MiniMax and 智谱 is not a story
     * about any one of them). Their words still count for their parents.
     */
    crowd: z.number().int().min(2).max(100).optional(),
    /**
     * Another tag that, when it holds at `ratio` times this tag's score or more and none of this tag's words is in
     * the title, takes the item instead, with this tag's sub-tags: an image model's launch that names Gemini or
     * OpenAI in passing is a generation story, not a language-model one.
     */
    yields: z.object({ to: z.string().min(1), ratio: z.number().min(1).max(100) }).strict().optional(),
  })
  .strict()
  .refine((r) => !r.requiresParent || r.parent !== undefined, {
    path: ['requiresParent'],
    message: 'needs a "parent" tag',
  });

export type TagRule = z.infer<typeof tagRuleSchema>;
/** What a rule looks like before defaults are applied (as tests and callers may write it). */
export type TagRuleInput = z.input<typeof tagRuleSchema>;
