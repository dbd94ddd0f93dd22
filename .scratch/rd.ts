import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { newsPage, PARAGRAPHS } from '../tests/fulltext/pages.ts';
const html = newsPage('标题', PARAGRAPHS);
for (const t of [200, 500]) {
  const { document } = parseHTML(html);
  const a = new Readability(document as any, { charThreshold: t }).parse();
  console.log(t, a?.content?.includes('热点排行'), a?.textContent?.length);
}
const { document } = parseHTML(html);
console.log(document.querySelectorAll('p').length, document.body?.tagName, document.documentElement?.tagName);
