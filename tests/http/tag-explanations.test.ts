/**
 * Why a story carries a tag, for people: `huiju explain` prints readable lines, and the story page shows the
 * matched terms when a reader opens them (a <details>, no script: the page's CSP allows none).
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { explainCommand } from '../../src/cli/explain.ts';
import { loadConfig } from '../../src/config/load.ts';
import { item, startInProcess, type InProcess } from './in-process.ts';

const sources = [{ id: 'a', name: 'A 日报', url: 'http://a.example/feed.xml' }];
const tags = [
  { id: 'ai', label: '人工智能', keywords: ['人工智能'] },
  { id: 'llm', label: '大模型', parent: 'ai', keywords: ['大模型', 'OpenAI'] },
];
const story = item({
  title: '大模型备案新进展',
  url: 'http://a.example/1.html',
  summary: '据悉，OpenAI 与多家人工智能企业近日更新了服务条款。',
  publishedAt: new Date().toISOString(),
});

let app: InProcess | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function storyId(a: InProcess): Promise<number> {
  const list = (await (await a.get('/api/items')).json()) as { items: { id: number }[] };
  return list.items[0]!.id;
}

describe('tag explanations', () => {
  it('huiju explain prints each tag with its terms as sentences, not JSON', async () => {
    app = await startInProcess({ config: { sources, tags }, items: { a: [story] } });
    const out: string[] = [];
    const code = await explainCommand(String(await storyId(app)), app.db.location, { out: (l) => out.push(l), err: (l) => out.push(l), env: {} });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^ {4}llm: score \d+(\.\d+)? on item \d+, from "大模型" in the title; "OpenAI" in the text at character \d+$/m);
    expect(text).toMatch(/^ {4}ai: score .*"人工智能" in the text at character \d+/m);
    expect(text).not.toMatch(/[[{]"term"/);
  });

  it('huiju explain says when the learned check gave a tag, with the grams that weighed most (shipped rules)', async () => {
    const shipped = loadConfig(fileURLToPath(new URL('../../feeds.json', import.meta.url)));
    if (!shipped.ok) throw new Error('feeds.json does not validate');
    // AI photos with a celebrity (tuning item v5-299-11): no aigc term matches, the check gives it.
    const photo = item({ title: 'twogethe.ai', url: 'http://a.example/2.html', summary: '这个网站使用 AI，生成你与名人（或者任意两个人）的合照。', publishedAt: new Date().toISOString() });
    app = await startInProcess({ config: { sources, tags: shipped.config.tags }, items: { a: [photo] } });
    const out: string[] = [];
    expect(await explainCommand(String(await storyId(app)), app.db.location, { out: (l) => out.push(l), err: (l) => out.push(l), env: {} })).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^ {2}tags: ai, aigc$/m);
    expect(text).toMatch(/^ {4}aigc: score 0 on item \d+, from the model gave it \(p 0\.\d+\): "生成" in the text \(\+[\d.]+\)/m);
 
    // The story page names the grams that weighed for it, marked as the model's.
    const page = await (await app.get(`/items/${await storyId(app)}`)).text();
    expect(page).toMatch(/<li data-tag="aigc">生成式AI \/ AIGC：(<q>[^<]*<\/q>[^<、]*、)*<q>生成<\/q>（模型）/);
  });

  it('the story page shows the matched terms on the chip and in a folded list', async () => {
    app = await startInProcess({ config: { sources, tags }, items: { a: [story] } });
    const id = await storyId(app);
    const home = await (await app.get('/')).text();
    expect(home).toContain(`href="/items/${id}#why"`);

    const res = await app.get(`/items/${id}`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
    const page = await res.text();
    expect(page).toMatch(/<a class="chip" data-tag="llm" href="[^"]*" title="匹配：大模型、OpenAI">大模型<\/a>/);
    expect(page).toContain('<details class="why" id="why"><summary>为什么有这些标签</summary>');
    expect(page).toMatch(/<li data-tag="llm">大模型：<q>大模型<\/q>（标题）、<q>OpenAI<\/q><\/li>/);
    expect(page).not.toContain('<script');
  });
});
