import type { Config } from '../../config/schema.ts';
import type { StorySummary } from '../../model/story.ts';
import { outletsOf, webUrl } from '../../publish/entry.ts';
import type { Store } from '../../store/store.ts';
import type { NotifyStory } from '../notify/types.ts';

/** A stored story as a notification shows it: source and tag ids turned into the names feeds.json gives them. */
export function notifyStory(story: StorySummary, config: Config): NotifyStory {
  const sources = new Map(config.sources.map((s) => [s.id, s.name]));
  const tags = new Map(config.tags.map((t) => [t.id, t.label]));
  const labels = { source: (id: string) => sources.get(id) ?? id, tag: (id: string) => tags.get(id) ?? id };
  return {
    storyId: story.id,
    title: story.title,
    url: webUrl(story.url),
    outlets: outletsOf(story, labels).map((o) => o.name),
    tags: story.tags.map((t) => labels.tag(t)),
    publishedAt: story.publishedAt,
  };
}

/** The stories of these ids that are still stored, in the order asked. */
export async function loadStories(store: Store, ids: readonly number[], config: Config): Promise<Map<number, NotifyStory>> {
  const found = new Map<number, NotifyStory>();
  for (const id of ids) {
    const story = await store.getStory(id);
    if (story) found.set(id, notifyStory(story, config));
  }
  return found;
}
