/**
 * The PostgreSQL read side and its full-text search (src/store/postgres/read*.ts, search*.ts), against a database of
 * its own on the local server: what SQLite's read side does, found through the gram index.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/dedup/index.ts';
import type { ParsedItem } from '../../src/model/item.ts';
import type { StoryFilter } from '../../src/model/story.ts';
import { normaliseItems } from '../../src/normalise/item.ts';
import { listStories } from '../../src/store/postgres/read.ts';
import { searchGrams, termGrams } from '../../src/store/postgres/search-grams.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/store.ts';
import { parsedItem } from '../helpers/items.ts';

const ADMIN_URL = process.env.HUIJU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = `huiju_t_${randomBytes(6).toString('hex')}`;
const admin = new pg.Pool({ connectionString: ADMIN_URL, max: 1 });
let store: PostgresStore;
let pool: pg.Pool;

interface Copy {
  source: string;
  title: string;
  text: string;
  tags?: string[];
  contentHtml?: string;
}
interface Fixture {
  key: string;
  /** Hours after 2026-03-01T00:00Z. */
  hour: number;
  copies: Copy[];
}

/** Each story's copies; a later copy joins the first one's story by title. src-b outranks the others. */
const STORIES: Fixture[] = [
  { key: 'chip', hour: 1, copies: [{ source: 'src-a', title: '国产算力芯片出货量增长', text: '多家厂商的算力芯片出货量同比增长，智算中心建设提速。', tags: ['compute', 'ai'] }] },
  { key: 'glasses', hour: 2, copies: [{ source: 'src-b', title: 'AI 眼镜新品发布', text: '发布会上展示了新款眼镜。', tags: ['ai'] }] },
  { key: 'openai', hour: 3, copies: [{ source: 'src-a', title: 'OpenAI 公布新模型', text: '该公司称新模型推理更快。' }] },
  { key: 'apart', hour: 4, copies: [{ source: 'src-c', title: '产业观察', text: '大模 块化设计与模型训练并行推进。' }] },
  { key: 'report', hour: 5, copies: [{ source: 'src-b', title: '大模型产业报告：大模型进入落地期', text: '报告认为，大模型正在进入落地期。', tags: ['llm'] }] },
  { key: 'office', hour: 6, copies: [{ source: 'src-c', title: '某公司发布新一代办公软件', text: '软件内置大模型助手，支持文档生成。', contentHtml: '<p>软件内置大模型助手</p>' }] },
  {
    key: 'split',
    hour: 7,
    copies: [
      { source: 'src-a', title: '算力新闻', text: '这份通稿只谈算力。' },
      { source: 'src-b', title: '算力新闻', text: '这份转载只谈芯片。' },
    ],
  },
  { key: 'percent', hour: 8, copies: [{ source: 'src-c', title: '营收增长50%_以上', text: '财报显示营收大幅增长。' }] },
  { key: 'robot', hour: 9, copies: [{ source: 'src-a', title: '人形机器人马拉松开跑', text: '具身智能企业组队参赛，发布多款机器人。', tags: ['robotics', 'ai'] }] },
  { key: 'grid', hour: 10, copies: [{ source: 'src-c', title: '算力调度平台上线', text: '平台可统一调度各地算力资源。' }] },
];

const ids = new Map<string, number>();
const at = (hour: number) => new Date(Date.UTC(2026, 2, 1, hour)).toISOString();
const keysOf = (stories: { id: number }[]) => stories.map((s) => [...ids].find(([, id]) => id === s.id)?.[0]);
const list = (f: Partial<StoryFilter>, opts = {}) => store.listStories({ limit: 50, ...f }, opts);

async function add(fx: Fixture): Promise<void> {
  let storyId: number | undefined;
  let firstId = 0;
  for (const [n, c] of fx.copies.entries()) {
    const over: Partial<ParsedItem> = {
      guid: `${fx.key}-${n}`,
      url: `https://${c.source}.example.cn/${fx.key}.html`,
      title: c.title,
      summary: c.text,
      contentHtml: c.contentHtml ?? null,
      publishedAt: at(fx.hour),
    };
    const item = normaliseItems(c.source, [parsedItem(over)], new Date(at(fx.hour + 1)))[0]!;
    // The search text exactly as given (normalise would derive it from the content, or cut a long summary).
    item.text = c.text;
    const f = computeFeatures({ sourceId: item.sourceId, url: item.url, title: item.title, text: item.text, publishedAt: item.publishedAt });
    await store.transaction(async (tx) => {
      const match = storyId === undefined ? null : { storyId, matchedItemId: firstId, rule: 'title' as const, similarity: 1 };
      storyId ??= await tx.createStory(item);
      const id = await tx.insertItem(item, storyId, f, match);
      firstId ||= id;
      await tx.setItemTags(id, (c.tags ?? []).map((tag) => ({ tag, score: 2, evidence: [{ term: tag, field: 'title' }] as never })));
      await tx.refreshStories([storyId], (s) => (s === 'src-b' ? 1 : 0));
    });
  }
  ids.set(fx.key, storyId!);
}

beforeAll(async () => {
  await admin.query(`CREATE DATABASE ${NAME}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  store = await openPostgresStore(url.toString());
  pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  for (const fx of STORIES) await add(fx);
});

afterAll(async () => {
  await store?.close();
  await pool?.end();
  // FORCE would end connections a closing pool has not yet let go of, and each would report that as an error.
  for (let i = 0; i < 50; i++) {
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [NAME]);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.end();
});

/** Stories, newest first, with a copy whose title or text holds every term (ASCII in any case): SQLite's rule. */
function expected(q: string): string[] {
  const terms = q.split(/\s+/).filter(Boolean).map((t) => t.toLowerCase());
  return [...STORIES]
    .filter((fx) => fx.copies.some((c) => terms.every((t) => c.title.toLowerCase().includes(t) || c.text.toLowerCase().includes(t))))
    .sort((a, b) => b.hour - a.hour)
    .map((fx) => fx.key);
}

describe('the gram vocabulary', () => {
  it.each<[string, string, string | null, boolean]>([
    ['a two-character Chinese term is one pair, settled by the index', '算力', "'算力'", true],
    ['Latin letters are lower-cased', 'AI', "'ai'", true],
    ['a longer term asks for all its pairs, and its text must be read', '大模型', "'大模' & '模型'", false],
    ['one character asks for any gram it starts', '眼', "'眼':*", true],
    ['punctuation separates runs and is read from the text', 'GPT-4o', "'gp' & 'pt' & '4o'", false],
    ['a term of punctuation only has no grams', '：', null, false],
  ])('%s', (_name, term, query, exact) => {
    expect(termGrams(term)).toEqual({ query, exactInIndex: exact });
  });

  it("cuts title and text into distinct pairs, with each run's last character alone", () => {
    expect(searchGrams('AI 眼镜', '新款眼镜。')).toEqual(['ai', 'i', '眼镜', '镜', '新款', '款眼']);
  });
});

describe('PostgreSQL search', () => {
  it.each<[string, string]>([
    ['a two-character Chinese term', '算力'],
    ['a two-letter Latin term in lower case', 'ai'],
    ['a two-letter Latin term in upper case', 'AI'],
    ['a Latin word in mixed case', 'oPeNaI'],
    ['a three-character term, not matched by its pairs standing apart', '大模型'],
    ['every term in one copy: never one in each', '算力 芯片'],
    ['one character', '眼'],
    ['punctuation only', '：'],
    ['LIKE wildcards taken literally', '50%_'],
    ['a percent sign alone', '%'],
    ['an underscore alone', '_'],
    ['a term found nowhere', 'zq'],
    ['terms that never occur together', '算力 马拉松'],
  ])('%s (%s) finds exactly the stories holding it', async (_name, q) => {
    // limit 1 walks stories newest first for any term in several copies; limit 50 collects the index's matches.
    expect(keysOf(await list({ q, sort: 'date' }))).toEqual(expected(q));
    expect(keysOf(await list({ q, sort: 'date', limit: 1 }))).toEqual(expected(q).slice(0, 1));
    expect(new Set(keysOf(await list({ q, sort: 'relevance' })))).toEqual(new Set(expected(q)));
  });

  it('checks a term in many copies story by story, newest first, and collects the matches of a rarer one', async () => {
    const sent: string[] = [];
    const recording = {
      query: (text: string, values: unknown[]) => {
        sent.push(text);
        return pool.query(text, values);
      },
    } as unknown as pg.Pool;
    // 算力 is in 4 of 11 copies: at least √(limit × copies) for a page of one, fewer for a page of 50.
    expect(keysOf(await listStories(recording, { q: '算力', limit: 1 }))).toEqual(['grid']);
    expect(sent.some((sql) => /WHERE i\.story_id = s\.id AND/.test(sql))).toBe(true);
    sent.length = 0;
    expect(keysOf(await listStories(recording, { q: '算力', limit: 50 }))).toEqual(['grid', 'split', 'chip']);
    expect(sent.some((sql) => /s\.id IN \(SELECT i\.story_id FROM item_grams/.test(sql))).toBe(true);
  });

  it('does not match a text holding both pairs of 大模型 apart', async () => {
    expect(keysOf(await list({ q: '大模型' }))).not.toContain('apart');
    expect(keysOf(await list({ q: '大模 模型' }))).toContain('apart');
  });

  it('ranks a title hit above a body hit, whatever the date', async () => {
    expect(keysOf(await list({ q: '大模型', sort: 'relevance' }))).toEqual(['report', 'office']);
    expect(keysOf(await list({ q: '大模型', sort: 'date' }))).toEqual(['office', 'report']);
    expect(keysOf(await list({ q: '发布', sort: 'relevance' }))[0]).toBe('glasses');
  });

  it('combines search with tags, sources and dates', async () => {
    expect(keysOf(await list({ q: '算力', tags: ['compute'] }))).toEqual(['chip']);
    // The source and the search may be satisfied by different copies of a story, as in SQLite.
    expect(keysOf(await list({ q: '算力', sources: ['src-b'] }))).toEqual(['split']);
    expect(keysOf(await list({ q: '算力', since: at(2), until: at(8) }))).toEqual(['split']);
    expect(keysOf(await list({ q: '发布', tags: ['ai', 'llm'], sort: 'relevance' }))).toEqual(['glasses', 'robot']);
    expect(keysOf(await list({ tags: ['ai'], sources: ['src-a'], until: at(9) }))).toEqual(['chip']);
  });

  it('pages through date order with a keyset cursor', async () => {
    const whole = keysOf(await list({}));
    expect(whole).toHaveLength(STORIES.length);
    const paged: (string | undefined)[] = [];
    let after: StoryFilter['after'];
    for (;;) {
      const page = await list({ limit: 2, after });
      if (page.length === 0) break;
      paged.push(...keysOf(page));
      const last = page[page.length - 1]!;
      after = { publishedAt: last.publishedAt, id: last.id };
    }
    expect(paged).toEqual(whole);
  });

  it('pages through relevance order by offset, exactly once, in the order of one big page', async () => {
    const whole = keysOf(await list({ q: '发布', sort: 'relevance' }));
    expect(whole.length).toBeGreaterThanOrEqual(3);
    const paged = [];
    for (let offset = 0; offset < whole.length + 1; offset++) paged.push(...keysOf(await list({ q: '发布', sort: 'relevance', limit: 1, offset })));
    expect(paged).toEqual(whole);
  });

  it('ranks every match when the newest copies cannot fill the page', async () => {
    const exact = keysOf(await list({ q: '大模型', sort: 'relevance' }, { relevanceWindow: 1_000_000 }));
    expect(keysOf(await list({ q: '大模型', sort: 'relevance' }, { relevanceWindow: 1 }))).toEqual(exact);
    // Within the window (the newest copy only) the page is that copy's story.
    expect(keysOf(await list({ q: '大模型', sort: 'relevance', limit: 1 }, { relevanceWindow: 1 }))).toEqual(['office']);
  });
});

describe('PostgreSQL read side', () => {
  it('hydrates a story with its copies, tags and content, and leaves content out on request', async () => {
    const [office] = await list({ q: '办公软件' });
    expect(office).toMatchObject({ title: '某公司发布新一代办公软件', source: 'src-c', contentHtml: '<p>软件内置大模型助手</p>', tags: [], duplicates: [] });
    const [lean] = await list({ q: '办公软件' }, { content: false });
    expect(lean!.contentHtml).toBeNull();
    const [chip] = await list({ q: '智算中心' });
    expect(chip!.tags).toEqual(['ai', 'compute']);
  });

  it("gives the copy that started a story the representative's rule when another copy represents it", async () => {
    const split = await store.getStory(ids.get('split')!);
    // src-b outranks src-a: its copy, which joined by title, represents the story.
    expect(split).toMatchObject({ source: 'src-b', duplicates: [{ source: 'src-a', matchRule: 'title', matchSimilarity: 1 }] });
  });

  it('finds a story by GUID or item URL, and its tag evidence', async () => {
    const robot = (await store.getStory(ids.get('robot')!))!;
    expect(await store.findStoryIdByUrlOrGuid(robot.guid)).toBe(robot.id);
    expect(await store.findStoryIdByUrlOrGuid('https://src-a.example.cn/robot.html')).toBe(robot.id);
    expect(await store.findStoryIdByUrlOrGuid('https://nowhere.example.cn/')).toBeUndefined();
    expect(await store.getStory(999_999)).toBeUndefined();
    const evidence = await store.storyTagEvidence(robot.id);
    expect(evidence.map((e) => [e.itemId, e.tag, e.score])).toEqual([
      [robot.itemId, 'ai', 2],
      [robot.itemId, 'robotics', 2],
    ]);
    expect(evidence[0]!.evidence).toEqual([{ term: 'ai', field: 'title' }]);
  });

  it('returns the indexed text for snippets, and the counts', async () => {
    const robot = (await store.getStory(ids.get('robot')!))!;
    const texts = await store.searchTexts([robot.itemId, 987_654]);
    expect([...texts]).toEqual([[robot.itemId, { title: '人形机器人马拉松开跑', body: '具身智能企业组队参赛，发布多款机器人。' }]]);
    expect(await store.searchTexts([])).toEqual(new Map());
    expect(await store.tagCounts()).toEqual(new Map([['ai', 3], ['compute', 1], ['llm', 1], ['robotics', 1]]));
    const stats = await store.storeStats();
    expect(stats.stories).toBe(STORIES.length);
    expect(stats.itemsBySource).toEqual(new Map([['src-a', 4], ['src-b', 3], ['src-c', 4]]));
    expect(stats.mergedByRule).toEqual(new Map([['title', 1]]));
    expect(await store.lastChange()).toBe(at(11));
  });
});

describe('PostgreSQL search on long texts', () => {
  it('stores the most varied text and finds a term far into an article', async () => {
    let seed = 1;
    const random = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(0x4e00 + ((seed = (seed * 48271) % 2147483647) % 0x5000))).join('');
    const article = `${random(60_000)}。结尾提到量子纠缠。${random(30_000)}`;
    await add({ key: 'long', hour: 11, copies: [{ source: 'src-d', title: '长文', text: article }] });
    await add({ key: 'noise', hour: 12, copies: [{ source: 'src-d', title: '乱码', text: random(200_000) }] });
    expect(keysOf(await list({ q: '量子纠缠' }))).toEqual(['long']);
    expect(keysOf(await list({ q: '长文 量子纠缠' }))).toEqual(['long']);
  });
});
