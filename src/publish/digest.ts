import type { DigestConfig, OutputConfig } from '../config/schema.ts';
import type { DigestStory, PublishedDigest } from '../model/digest.ts';
import type { StoryFilter, StorySummary } from '../model/story.ts';
import { fromZone, zoneOffsetMinutes } from '../parse/date-zones.ts';
import { DAY_MS } from '../time.ts';
import { outletsOf, webUrl, type Labels } from './entry.ts';
import { escapeHtml } from './html-escape.ts';

/**
 * The daily digest, as pure rules: which day is due at a given instant, which stories it lists (the output's filter,
 * ranked by coverage over the 24 hours before the publishing time), and how a published digest reads. Storing it
 * once and never again is the store's part (Store.publishDigest); src/scheduler/digest-job.ts does the timing.
 */

export interface DueDigest {
  day: string;
  /** The publishing instant: `time` on `day` in the digest's zone. */
  at: Date;
  since: Date;
}

/** The latest digest whose publishing time has come at `now`: today's if `time` has passed in the zone, else yesterday's. */
export function dueDigest(cfg: DigestConfig, now: Date): DueDigest {
  const [hour, minute] = cfg.time.split(':').map(Number) as [number, number];
  // The local date at `now`, then that date's publishing instant; one day back when it is still ahead.
  const local = new Date(now.getTime() + zoneOffsetMinutes(cfg.timezone, now) * 60_000);
  for (const back of [0, 1]) {
    const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - back));
    const at = fromZone(
      { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute, second: 0, ms: 0 },
      cfg.timezone,
    );
    if (at.getTime() <= now.getTime()) return { day: d.toISOString().slice(0, 10), at, since: new Date(at.getTime() - DAY_MS) };
  }
  // Unreachable: yesterday's publishing time is always past.
  throw new Error(`no digest due at ${now.toISOString()}`);
}

/** The stories a digest lists: the output's filters, hottest first, within the 24 hours it covers. */
export function digestFilter(output: OutputConfig & { digest: DigestConfig }, due: DueDigest): StoryFilter {
  return {
    tags: output.tags,
    sources: output.sources,
    q: output.q,
    sort: 'hot',
    since: due.since.toISOString(),
    until: due.at.toISOString(),
    limit: output.digest.top,
  };
}

export function composeDigest(outputId: string, due: DueDigest, stories: readonly StorySummary[], labels: Labels): PublishedDigest {
  return {
    outputId,
    day: due.day,
    publishedAt: due.at.toISOString(),
    since: due.since.toISOString(),
    stories: stories.map(
      (s): DigestStory => ({
        id: s.id,
        guid: s.guid,
        title: s.title,
        url: webUrl(s.url),
        publishedAt: s.publishedAt,
        tags: s.tags,
        outlets: outletsOf(s, labels),
      }),
    ),
  };
}

/** The digest's stable entry id: one per output and day, whatever happens to the stories in it. */
export const digestGuid = (d: Pick<PublishedDigest, 'outputId' | 'day'>) => `urn:huiju:digest:${d.outputId}:${d.day}`;

/** One line of plain text: what the entry is about, for RSS description and JSON Feed summary. */
export function digestSummary(d: PublishedDigest): string {
  const top = d.stories.slice(0, 3).map((s) => s.title);
  return `${d.day}：报道媒体最多的 ${d.stories.length} 条新闻。${top.join('；')}${d.stories.length > 3 ? '……' : ''}`;
}

/** The entry body: the stories in order, each with its outlets linked. Only what the digest stored goes into it. */
export function digestHtml(d: PublishedDigest): string {
  const items = d.stories.map((s) => {
    const title = s.url ? `<a href="${escapeHtml(s.url)}">${escapeHtml(s.title)}</a>` : escapeHtml(s.title);
    const outlets = s.outlets.map((o) => (o.url ? `<a href="${escapeHtml(o.url)}">${escapeHtml(o.name)}</a>` : escapeHtml(o.name))).join('、');
    return `<li>${title}<br>${s.outlets.length} 家媒体报道：${outlets}</li>`;
  });
  return `<p>${escapeHtml(d.day)}（截至 ${escapeHtml(d.publishedAt)} 的 24 小时）报道媒体最多的新闻：</p><ol>${items.join('')}</ol>`;
}

/**
 * A published digest as a feed entry, in the shape the RSS, Atom and JSON Feed writers take. Everything in it comes
 * from the stored digest and the output's title, so the entry reads the same every time it is served.
 */
export function digestEntry(d: PublishedDigest, title: string, pageUrl: string): StorySummary {
  return {
    id: 0,
    itemId: 0,
    guid: digestGuid(d),
    title: `${title} · ${d.day}`,
    url: pageUrl,
    source: DIGEST_AUTHOR,
    author: null,
    summary: digestSummary(d),
    contentHtml: digestHtml(d),
    categories: [],
    publishedAt: d.publishedAt,
    updatedAt: d.publishedAt,
    itemUpdatedAt: null,
    tags: [],
    duplicates: [],
  };
}

/** The entry's author (dc:creator, Atom author): huiju itself, which compiled it. */
export const DIGEST_AUTHOR = 'huiju';
