import { queryTerms } from '../model/story.ts';
import type { OutboxEntry } from '../store/outbox.ts';
import type { ResolvedChannel } from './channels.ts';

/** What ingest knows of a story when it creates one (or changes it): enough to decide who hears of it. */
export interface RoutedStory {
  storyId: number;
  sourceId: string;
  tags: readonly string[];
  title: string;
  text: string;
  publishedAt: string;
}

/** Whether a story passes an output's filter: any of its tags, any of its sources, every term of its query. */
export function matchesFilter(channel: ResolvedChannel, story: RoutedStory): boolean {
  const { tags, sources, q } = channel.filter;
  if (tags?.length && !story.tags.some((t) => tags.includes(t))) return false;
  if (sources?.length && !sources.includes(story.sourceId)) return false;
  const haystack = `${story.title}\n${story.text}`.toLowerCase();
  return queryTerms(q).every((term) => haystack.includes(term.toLowerCase()));
}

/**
 * The outbox entries a story gets: one per enabled channel whose output it belongs to, unless it is older than the
 * channel's `maxAgeHours` (a new source's back catalogue is stored, not announced). `update` is true for a story that
 * changed: only channels with `onUpdate` hear of that.
 */
export function outboxEntriesFor(channels: readonly ResolvedChannel[], story: RoutedStory, now: Date, update = false): OutboxEntry[] {
  const age = now.getTime() - Date.parse(story.publishedAt);
  return channels
    .filter((c) => c.enabled && (!update || c.onUpdate) && age <= c.maxAgeMs && matchesFilter(c, story))
    .map((c) => ({ channel: c.id, storyId: story.storyId, publishedAt: story.publishedAt, update }));
}

/** What ingest calls for each new or changed story (IngestContext.outbox); undefined when no output has a channel. */
export function outboxRouter(channels: readonly ResolvedChannel[] | undefined, now: () => Date = () => new Date()) {
  if (!channels?.length) return undefined;
  return (story: RoutedStory, update: boolean) => outboxEntriesFor(channels, story, now(), update);
}

/** One entry per (channel, story): a story new in this chunk is announced as new, however many copies joined it. */
export function onePerStory(entries: readonly OutboxEntry[]): OutboxEntry[] {
  const byKey = new Map<string, OutboxEntry>();
  for (const e of entries) {
    const key = `${e.channel}\n${e.storyId}`;
    const seen = byKey.get(key);
    if (!seen || (seen.update && !e.update)) byKey.set(key, e);
  }
  return [...byKey.values()];
}
