/**
 * Issue 18's held-out check, rebuilt: one official announcement written from one template for 100 cities on one
 * day, each with its own figures, among 5,000 real 科技爱好者周刊 entries (issues 1–299, which no evaluation set uses)
 * and the ~730 other real items of the dedup tuning set and the tag set, all placed on that day. Before the fact
 * guard all 100 became one story. Each announcement is also carried twice (a wire label with the dateline dropped; a new headline over a trimmed
 * body), and those copies must still join their own city's story.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DedupInput } from '../../src/dedup/index.ts';
import { cluster } from '../../eval/dedup/cluster.ts';
import type { EvalPair } from '../../eval/dedup/types.ts';
import { weeklyEntries } from '../../eval/dedup/weekly.ts';

const CITIES = (
  '石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 ' +
  '包头 乌海 赤峰 通辽 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 吉林 四平 辽源 通化 白山 松原 白城 ' +
  '齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 ' +
  '泰州 宿迁 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 ' +
  '亳州 池州 宣城 莆田 三明 泉州 漳州 南平 龙岩 宁德 景德镇'
).split(' ');

/** The real 中新网 item the template is taken from (eval/dedup/fixtures/chinanews-scroll-news-2026-04-19.xml). */
const TEMPLATE = {
  title: '湖南省第14届“爱地球 看我的”主题宣传活动长沙举行',
  text: '中新网长沙4月18日电(向一鹏)18日，在第57个世界地球日来临之际，湖南省第14届“爱地球 看我的”主题宣传活动暨地下水科学知识博物馆巡讲活动在湖南省地质博物馆举办。',
};

function announcement(city: string, k: number): DedupInput {
  const fill = (s: string) => s.replace(/湖南省/g, `${city}市`).replace(/长沙/g, city).replace('第14届', `第${3 + (k % 17)}届`);
  return { sourceId: `gov-${k}`, url: `https://www.gov-${k}.example.cn/2026/0418/${k}.html`, ...{ title: fill(TEMPLATE.title), text: fill(TEMPLATE.text) }, publishedAt: `2026-04-18T${String(2 + (k % 12)).padStart(2, '0')}:00:00.000Z` };
}

const WEEKLY_ITEMS = 5000;

describe('template twins among many stored items', () => {
  it('keeps 100 cities\' announcements as 100 stories, and each one\'s copies in its own', () => {
    expect(new Set(CITIES).size).toBe(100);
    const pairs = JSON.parse(readFileSync(new URL('../../eval/dedup/tuning.json', import.meta.url), 'utf8')) as EvalPair[];
    const background = new Map<string, DedupInput>();
    const day = '2026-04-18T08:00:00.000Z';
    for (const p of pairs) {
      if (p.how.includes('twin')) continue;
      for (const x of [p.a, p.b]) background.set(x.title + x.text, { ...x, url: null, publishedAt: day });
    }
    const tagged = JSON.parse(readFileSync(new URL('../../eval/tags/tuning.json', import.meta.url), 'utf8')) as { id: string; title: string; text: string }[];
    for (const t of tagged) background.set(t.title + t.text, { sourceId: 'tagged', url: null, title: t.title, text: t.text, publishedAt: day });
    const weekly = weeklyEntries().filter((e) => e.title && e.issue <= 299).slice(-WEEKLY_ITEMS);
    for (const e of weekly) background.set(e.title + e.text, { sourceId: `weekly-${e.issue}`, url: null, title: e.title, text: e.text, publishedAt: day });
    const items: DedupInput[] = [...background.values()];
    const mine: { original: number; copies: number[] }[] = [];
    CITIES.forEach((city, k) => {
      const a = announcement(city, k);
      const clause = /[^，。]{8,40}/.exec(a.text.replace(/^[^)]*\)/, ''))![0];
      const original = items.push(a) - 1;
      const wire = items.push({ ...a, sourceId: `wire-${k}`, url: null, title: `新华社电｜${a.title}`, text: a.text.replace(/^[^)]*\)/, '') }) - 1;
      const retitled = items.push({ ...a, sourceId: `paper-${k}`, url: null, title: clause, text: a.text.slice(0, Math.ceil(a.text.length * 0.67)) }) - 1;
      mine.push({ original, copies: [wire, retitled] });
    });
    expect(weekly.length).toBe(WEEKLY_ITEMS);
    expect(background.size).toBeGreaterThan(WEEKLY_ITEMS + 500);

    const story = cluster(items);
    const announcementStories = new Set(mine.map((m) => story[m.original]));
    const byStory = new Map<number, string[]>();
    for (const m of mine) byStory.set(story[m.original]!, [...(byStory.get(story[m.original]!) ?? []), items[m.original]!.title]);
    expect([...byStory.values()].filter((titles) => titles.length > 1)).toEqual([]);
    expect(announcementStories.size).toBe(100);
    const strays = mine.flatMap((m, k) => m.copies.filter((c) => story[c] !== story[m.original]).map((c) => `${CITIES[k]}: ${items[c]!.title}`));
    expect(strays).toEqual([]);
    // Nothing in the background joined an announcement.
    const joined = items.map((_, i) => i).filter((i) => i < background.size && announcementStories.has(story[i]!));
    expect(joined).toEqual([]);
  });
});
