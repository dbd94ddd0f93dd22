/**
 * Stories from a stream of items, the way the store forms them: each item looks for candidates through its
 * canonical URL, title key and LSH bands among the items before it, and joins the story of the one matchStory picks.
 * In memory, for evaluations that need many items at once (template twins among thousands).
 */
import { computeFeatures, matchStory, type DedupFeatures, type DedupInput, type StoryCandidate } from '../../src/dedup/index.ts';
import { EVAL_OPTIONS } from './evaluate.ts';

/** The story number of each item, in input order. */
export function cluster(items: readonly DedupInput[]): number[] {
  const byKey = new Map<string, number[]>();
  const seen: { input: DedupInput; features: DedupFeatures; story: number }[] = [];
  const stories: number[] = [];
  const keysOf = (f: DedupFeatures) => [
    ...(f.canonicalUrl ? [`u:${f.canonicalUrl}`] : []),
    ...(f.titleKey ? [`t:${f.titleKey}`] : []),
    ...f.bands.map((b, i) => `b:${i}:${b}`),
  ];
  for (const input of items) {
    const features = computeFeatures(input, EVAL_OPTIONS);
    const keys = keysOf(features);
    const found = new Set<number>();
    for (const k of keys) for (const i of byKey.get(k) ?? []) found.add(i);
    const candidates: StoryCandidate[] = [...found].map((i) => {
      const s = seen[i]!;
      return {
        storyId: s.story,
        itemId: i + 1,
        sourceId: s.input.sourceId,
        title: s.input.title,
        canonicalUrl: s.features.canonicalUrl,
        titleKey: s.features.titleKey,
        fingerprint: s.features.fingerprint,
        publishedAt: s.input.publishedAt,
        snippet: s.features.snippet,
      };
    });
    const match = matchStory(input, features, candidates, EVAL_OPTIONS);
    const story = match ? match.storyId : seen.length + 1;
    const index = seen.push({ input, features, story }) - 1;
    for (const k of keys) byKey.set(k, [...(byKey.get(k) ?? []), index]);
    stories.push(story);
  }
  return stories;
}
