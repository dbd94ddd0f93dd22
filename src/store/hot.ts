import type { StoryFilter } from '../model/story.ts';
import { DAY_MS } from '../time.ts';

/**
 * `sort=hot`: coverage as importance, one rule for both engines.
 *
 * A story is hotter the more distinct outlets carried it; among stories with as many outlets, the one whose outlets
 * all had it sooner (a shorter reach: the time from the first outlet's copy to the last new outlet's first copy) is
 * hotter; then the newer. Stories are ranked within a window: the filter's `since`/`until` when given, otherwise the
 * 24 hours before the newest story. The window is anchored to the data, not the clock, so a cached hot listing is
 * right until the data changes (the response cache's key), and a huiju that has not fetched for a while still shows
 * its last day's hot stories rather than nothing.
 */
export const HOT_WINDOW_MS = DAY_MS;

/** The filter a hot listing applies: the caller's, with the default window filled in from the newest story's date. */
export function hotFilter(f: StoryFilter, newestPublishedAt: string | null): StoryFilter {
  if (f.since || newestPublishedAt === null) return f;
  const end = f.until && f.until < newestPublishedAt ? f.until : newestPublishedAt;
  return { ...f, since: new Date(Date.parse(end) - HOT_WINDOW_MS).toISOString() };
}
