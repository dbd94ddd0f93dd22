import { describeEvidence } from '../tag/explain.ts';
import { EXIT, withStore, type Io } from './shared.ts';

/** `huiju explain ID|URL`: why a stored story got its tags and duplicates. */
export async function explainCommand(ref: string | undefined, dbFile: string, io: Io): Promise<number> {
  if (!ref) {
    io.err('usage: huiju explain ID|URL');
    return EXIT.usage;
  }
  return withStore(dbFile, async (store) => {
    const id = /^\d+$/.test(ref) ? Number(ref) : await store.findStoryIdByUrlOrGuid(ref);
    const story = id === undefined ? undefined : await store.getStory(id);
    if (!story) {
      io.err(`no stored story matches ${ref}`);
      return EXIT.failure;
    }
    io.out(`story ${story.id}  ${story.title}`);
    io.out(`  guid ${story.guid}`);
    io.out(`  source ${story.source}  ${story.url ?? ''}`);
    io.out(`  tags: ${story.tags.join(', ') || '(none)'}`);
    for (const e of await store.storyTagEvidence(story.id)) {
      io.out(`    ${e.tag}: score ${e.score} on item ${e.itemId}, from ${describeEvidence(e.evidence)}`);
    }
    io.out(`  duplicates: ${story.duplicates.length || '(none)'}`);
    for (const d of story.duplicates) {
      io.out(`    ${d.source}  ${d.title}  ${d.url ?? ''}  merged by ${d.matchRule ?? '?'} (similarity ${d.matchSimilarity ?? '?'})`);
    }
    return EXIT.ok;
  });
}
