import { z } from 'zod';
import type { DedupOptions } from '../dedup/options.ts';
import { normaliseCharsetLabel } from '../fetch/charset.ts';
import { articleSpecSchema, htmlSpecSchema, jsonSpecSchema } from '../scrape/schema.ts';
import { tagRuleSchema } from '../tag/schema.ts';
import { cronProblem } from './cron-check.ts';
import { httpUrl, slug } from './primitives.ts';
import { notifySchema, outputWebsubSchema, websubSchema } from './push-schema.ts';
import type { ResolvedChannel } from '../push/channels.ts';


const cronExpression = z.string().superRefine((s, ctx) => {
  const problem = cronProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: `is not a valid cron expression: ${problem}` });
});

/** A charset label the fetch stage can decode with (fetch/charset.ts: WHATWG labels, then iconv-lite's). */
const charsetLabel = z.string().superRefine((label, ctx) => {
  if (normaliseCharsetLabel(label) === null) {
    ctx.addIssue({ code: 'custom', message: `unknown charset "${label}": use a label such as gbk, gb18030, big5 or utf-8` });
  }
});

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not an IANA time zone (e.g. Asia/Shanghai)' },
);


export const sourceSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    url: httpUrl,
    /** `feed` (RSS/Atom/RDF, detected) unless the source is read from a page or an API. */
    type: z.enum(['feed', 'html', 'json']).default('feed'),
    schedule: cronExpression.optional(),
    timezone: timezone.optional(),
    /** Charset override for servers that lie about it. */
    encoding: charsetLabel.optional(),
    enabled: z.boolean().default(true),
    /** Higher wins when choosing which outlet's copy represents a story. */
    priority: z.number().int().default(0),
    /** A folder to file the source under: kept from an OPML import, and exported again as one by GET /opml. */
    /** Fetch through this http(s) proxy (http://user:pass@host:port), or "direct" for none whatever HTTPS_PROXY says. */
    proxy: z.union([z.literal('direct'), httpUrl]).optional(),
    group: z.string().min(1).optional(),
    html: htmlSpecSchema.optional(),
    json: jsonSpecSchema.optional(),
    /**
     * Read each new item's article page once for its full text (src/fulltext/): `true` for every item, `"auto"` for
     * items whose feed text is short (a teaser), `{ "selector": "…" }` to take the body by CSS selector instead of
     * the readability extractor.
     */
    fullText: z
      .union([
        z.boolean(),
        z.literal('auto'),
        z.object({ selector: articleSpecSchema.shape.content, remove: articleSpecSchema.shape.remove }).strict(),
      ])
      .optional(),
  })
  .strict()
  .superRefine(
    (s, ctx) => {
      if (s.type === 'html' && !s.html) ctx.addIssue({ code: 'custom', path: ['html'], message: 'is required when type is "html"' });
      if (s.type === 'json' && !s.json) ctx.addIssue({ code: 'custom', path: ['json'], message: 'is required when type is "json"' });
    },
    // Checked even when another key of the source is wrong: every problem in one pass.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. 08:00');

export const digestSchema = z
  .object({
    /** When each day's digest is published, in `timezone`; it lists the 24 hours before. */
    time: clockTime.default('08:00'),
    timezone: timezone.default('Asia/Shanghai'),
    /** Stories listed, hottest first. */
    top: z.number().int().min(1).max(100).default(20),
    /** Past digests a feed lists. */
    keep: z.number().int().min(1).max(365).default(30),
  })
  .strict();

export const outputSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    description: z.string().optional(),
    /** Any of these tags. */
    tags: z.array(z.string()).optional(),
    sources: z.array(z.string()).optional(),
    q: z.string().optional(),
    limit: z.number().int().min(1).max(500).optional(),
    /** `hot`: stories by how many outlets carried them and how fast (src/store/hot.ts) instead of newest first. */
    sort: z.enum(['date', 'hot']).optional(),
    /** Publish one entry a day instead of a story an entry: the day's top stories by coverage (src/publish/digest.ts). */
    digest: digestSchema.optional(),
    /** Chat groups and webhooks told of each new story of this output (src/push/). */
    notify: z.array(notifySchema).default([]),
    websub: outputWebsubSchema.optional(),
  })
  .strict();

/**
 * The shape of feeds.json, entry by entry. What needs the whole document (ids used twice, references to undefined tags
 * or sources) is checked by cross-checks.ts on the raw document, so it is reported together with every schema problem.
 */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    defaults: z
      .object({
        schedule: cronExpression.default('*/15 * * * *'),
        timezone: timezone.default('Asia/Shanghai'),
      })
      .strict()
      .prefault({}),
    fetch: z
      .object({
        timeoutSeconds: z.number().positive().max(300).default(20),
        maxBytes: z.number().int().positive().default(10 * 1024 * 1024),
        maxRedirects: z.number().int().min(0).max(20).default(5),
        concurrency: z.number().int().min(1).max(256).default(16),
        perSiteConcurrency: z.number().int().min(1).max(64).default(2),
        denyPrivateNetworks: z.boolean().default(false),
        minIntervalMinutes: z.number().positive().default(5),
        maxIntervalHours: z.number().positive().default(24),
        /** Poll a source that publishes rarely less often than its schedule, from its rate over the last week. */
        adaptiveSchedule: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    dedup: z
      .object({
        windowDays: z.number().positive().max(60).default(3),
        /** Hosts that are the same site, e.g. { "m.thepaper.cn": "www.thepaper.cn" }. */
        hostAliases: z.record(z.string(), z.string()).default({}),
        /** Treat m./wap. hosts as www. for every site. */
        foldMobilePrefixes: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    retention: z
      .object({ days: z.number().positive().default(90) })
      .strict()
      .prefault({}),
    http: z
      .object({
        /** Proxy hops in front of huiju whose X-Forwarded-For is believed (0: none; the client is the peer). */
        trustProxy: z.number().int().min(0).max(10).default(0),
        rateLimit: z
          .object({
            perMinute: z.number().int().min(0).default(120),
            burst: z.number().int().min(1).default(60),
            exemptLoopback: z.boolean().default(true),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** The /trends page: which tags are companies, for its 公司 ranking (tags themselves say nothing of the kind). */
    trends: z
      .object({ companies: z.array(z.string()).default([]) })
      .strict()
      .prefault({}),
    websub: websubSchema,
    sources: z.array(sourceSchema).default([]),
    tags: z.array(tagRuleSchema).default([]),
    outputs: z.array(outputSchema).default([]),
  })
  .strict();

/** feeds.json as validated, before the values that depend on other keys are filled in (resolve.ts). */
export type ParsedConfig = z.infer<typeof configSchema>;
/** One source as written (schema defaults applied); `schedule` and `timezone` may be left to `defaults`. */
export type SourceConfig = z.infer<typeof sourceSchema>;
export type OutputConfig = z.infer<typeof outputSchema>;
export type DigestConfig = z.infer<typeof digestSchema>;

/** A source as the rest of huiju sees it: its schedule and time zone are its own or the defaults', never missing. */
export type ResolvedSource = SourceConfig & { schedule: string; timezone: string };

/**
 * The config as loadConfig and validateConfig deliver it: validated, and resolved once, here, so nothing downstream
 * applies a default or derives a setting again. The rest of the document is as written (with schema defaults).
 */
export interface Config extends Omit<ParsedConfig, 'sources'> {
  sources: ResolvedSource[];
  /** A source's `priority` (0 for a source not in the config): which outlet's copy represents a story. */
  priorityOf: (sourceId: string) => number;
  /** The `dedup` block in the form the matcher takes. */
  dedupOptions: DedupOptions;
  /** Every output's notify channels, secrets read from the environment (push/channels.ts). */
  channels: ResolvedChannel[];
}
