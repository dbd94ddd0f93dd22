/**
 * The corpus bench/pg-search.ts measures on: bench/generate.ts's stream of Chinese news items (real clauses, ~20% of
 * stories carried by several outlets), given bodies of full-article length where a feed would link a full article,
 * a sprinkling of the Latin names Chinese tech news uses, and tags derived from the text. Deterministic for a seed.
 */
import { untaggedClauses } from '../eval/labelled.ts';
import { itemStream, makeSources, rng, type Rng } from './generate.ts';

export interface CorpusItem {
  id: number;
  storyId: number;
  sourceId: string;
  guid: string;
  url: string;
  title: string;
  body: string;
  publishedAt: string;
}

export interface CorpusStory {
  id: number;
  guid: string;
  publishedAt: string;
  representative: number;
  tags: string[];
}

const LATIN = ['OpenAI', 'DeepSeek', 'NVIDIA', 'GPT-4o', 'Kimi', 'Qwen', 'Llama', 'ChatGPT', 'Sora', 'Copilot', 'HarmonyOS', 'AI PC'];
const LATIN_SENTENCES = [
  (n: string) => `此前，${n}发布的新版本在多项评测中表现突出，引发业内关注。`,
  (n: string) => `有分析人士将其与${n}的同类产品进行了对比。`,
  (n: string) => `据悉，该团队也在评估接入${n}相关能力的可行性。`,
];

/** Tags as the shipped taxonomy would give them, near enough: ai on about a third of stories, the rest narrower. */
const TAG_RULES: readonly [string, RegExp][] = [
  ['ai', /人工智能|大模型|生成式AI|算力|具身智能|人形机器人|智算中心|AI芯片|自动驾驶|大语言模型|OpenAI|DeepSeek|ChatGPT/u],
  ['llm', /大模型|大语言模型|ChatGPT|GPT-4o|Qwen|Llama|Kimi/u],
  ['compute', /算力|智算中心|AI芯片|推理芯片|NVIDIA/u],
  ['robotics', /具身智能|人形机器人|机器人/u],
  ['autonomous-driving', /自动驾驶|智能座舱/u],
  ['ev', /新能源汽车|比亚迪|宁德时代/u],
];

/** Clauses of real news no tag applies to (as bench/generate.ts takes them): what a full article goes on with. */
const CLAUSES: readonly string[] = untaggedClauses();

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * The text a story's copies are indexed on. Four in ten as the generator makes it (a feed's summary, ~300
 * characters); six in ten a full article of 600–2,000 characters, as scraped or sent in content:encoded.
 */
function storyBody(paragraphs: readonly string[], storyGuid: string): string {
  const r: Rng = rng(hash(storyGuid));
  let body = paragraphs.join('\n');
  if (r() < 0.06) body += `\n${LATIN_SENTENCES[Math.floor(r() * LATIN_SENTENCES.length)]!(LATIN[Math.floor(r() * LATIN.length)]!)}`;
  if (r() < 0.4) return body;
  const target = 600 + Math.floor(r() * 1400);
  // Clauses are Chinese: UTF-16 length is character count near enough.
  while (body.length < target) body += (r() < 0.15 ? '\n' : '') + CLAUSES[Math.floor(r() * CLAUSES.length)];
  return body;
}

export interface Corpus {
  items: CorpusItem[];
  stories: CorpusStory[];
}

/** `count` items from 1,000 sources at 3,000 items a day (135,000 items: 45 days), oldest first. */
export function searchCorpus(count: number, seed = 7, start = new Date('2026-01-01T00:00:00Z')): Corpus {
  const stream = itemStream({ seed, sources: makeSources(1000, 100), perBatch: 10, start, itemsPerDay: 3000 });
  const items: CorpusItem[] = [];
  const stories = new Map<string, CorpusStory>();
  const bodies = new Map<string, string>();
  for (const batch of stream) {
    // Feeds list newest first; items are stored in the order huiju reads them, oldest first here for simplicity.
    for (const g of [...batch.items].reverse()) {
      if (items.length === count) break;
      const id = items.length + 1;
      let story = stories.get(g.storyOf);
      if (!story) {
        story = { id: stories.size + 1, guid: `urn:huiju:story:${g.storyOf}`, publishedAt: g.publishedAt.toISOString(), representative: id, tags: [] };
        stories.set(g.storyOf, story);
      }
      // Copies keep the original's body (the generator varies only their lead's dateline).
      let body = bodies.get(g.storyOf);
      if (body === undefined) bodies.set(g.storyOf, (body = storyBody(g.paragraphs, g.storyOf)));
      const item = { id, storyId: story.id, sourceId: batch.source.id, guid: g.guid, url: g.url, title: g.title, body, publishedAt: g.publishedAt.toISOString() };
      for (const [tag, re] of TAG_RULES) if (re.test(item.title) || re.test(body)) if (!story.tags.includes(tag)) story.tags.push(tag);
      items.push(item);
    }
    if (items.length === count) break;
  }
  return { items, stories: [...stories.values()] };
}
