/**
 * Many large generated feeds, so that ingest takes long enough to be killed in the middle of it. Every feed shares some
 * wire stories with its neighbours (same article URL), so stories with several copies and story tags are exercised too.
 */
import { rss, type RssItem } from '../helpers/rss.ts';

/** Distinct Chinese text for each item (a fixed pseudo-random walk), so no two items look like near-duplicates. */
function prose(seed: number, length: number): string {
  let x = seed * 2654435761 + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(0x4e00 + (x % 3000));
  }
  return out;
}

export function bigFeed(feed: number, items: number, REPEAT = 1): string {
  const entries: RssItem[] = [];
  for (let j = 0; j < items; j++) {
    // Every 5th item is a wire story also carried by the next feed: one story, two copies.
    const wire = j % 5 === 0;
    const owner = wire ? `w${Math.floor(feed / 2) * 2}` : `f${feed}`;
    const link = wire ? `http://wire.example/${owner}/${j}.html?utm_source=f${feed}` : `http://site${feed}.example/news/${j}.html`;
    const topic = j % 3 === 0 ? '大模型' : j % 3 === 1 ? '芯片' : '城市';
    const title = wire ? `通稿 ${owner} 第${j}条 ${topic}新闻` : `第${feed}家 第${j}条 ${topic}消息`;
    const body = `${title}。关于${topic}的详细报道：${prose(wire ? Number(owner.slice(1)) * 100_000 + j : feed * 100_000 + j + 50_000, 60)}。`;
    // One a minute from 2026-04-19 00:00 Beijing time, wrapping each day.
    const date = new Date(Date.UTC(2026, 3, 18, 16) + ((j % 1440) * 60_000));
    entries.push({ title, link, description: body.repeat(REPEAT), date });
  }
  return rss(`Feed ${feed}`, entries, { link: `http://site${feed}.example/` });
}

export const TAGS = [
  { id: 'ai', label: '人工智能', keywords: ['大模型', '人工智能'] },
  { id: 'chip', label: '芯片', keywords: ['芯片'] },
];
