/**
 * Cuts issues of 阮一峰's weekly into unlabelled items, by the rules in eval/tags/README.md ("How an issue became
 * items"), so that a set's cut can be redone and checked; the labels are added by hand afterwards.
 *
 *   npx tsx eval/tags/cut-weekly.ts <weekly git dir> <commit> <id prefix> <issue>...
 *
 * prints a JSON array of { id, title, text, source } (ids `<prefix><issue>-<nn>`), without tags. Each issue is read
 * with `git show <commit>:docs/issue-N.md`, so a bare mirror of the repository is enough.
 */
import { execFileSync } from 'node:child_process';

interface CutItem {
  id: string;
  title: string;
  text: string;
  source: string;
}

/** Sections that are not news: pictures, excerpts, quotes, back issues and the subscription notice. */
const skipped = new Set(['封面图', '图片', '文摘', '言论', '往年回顾', '订阅']);
/** Sections whose numbered entries are items one by one. `AI 工具` is what issue 338 calls its `AI 相关`. */
const entrySections = new Map([
  ['文章', '文章'],
  ['工具', '工具'],
  ['AI 相关', 'AI 相关'],
  ['AI 工具', 'AI 相关'],
  ['资源', '资源'],
]);
const sectionLead = 120;
const entryLead = 60;
const entryStart = /^(\d+)、(.*)$/;

/**
 * Images dropped, links reduced to their text, `（@name 投稿）` and bold marks removed, lines joined with a space. Only
 * the quote mark that opens a block goes: the lines after it keep theirs, as the sets were cut.
 */
function clean(markdown: string): string {
  return markdown
    .replace(/^> ?/, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/（@[^）]*投稿）/g, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Paragraphs (blocks between blank lines), cleaned; those left empty (images alone) are dropped. */
function paragraphs(lines: readonly string[]): string[] {
  const blocks: string[] = [];
  let block: string[] = [];
  for (const line of [...lines, '']) {
    if (line.trim() === '') {
      const text = clean(block.join('\n'));
      if (text) blocks.push(text);
      block = [];
    } else block.push(line);
  }
  return blocks;
}

/** The paragraphs from the start until they hold at least `min` characters (the spaces joining them not counted). */
function lead(lines: readonly string[], min: number): string {
  const taken: string[] = [];
  let length = 0;
  for (const p of paragraphs(lines)) {
    taken.push(p);
    length += p.length;
    if (length >= min) break;
  }
  return taken.join(' ');
}

function cutIssue(markdown: string, issue: number, commit: string, prefix: string): CutItem[] {
  const items: { title: string; text: string; kind: string }[] = [];
  const sections: { heading: string; lines: string[] }[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    if (line.startsWith('## ')) sections.push({ heading: line.slice(3).trim(), lines: [] });
    else sections.at(-1)?.lines.push(line);
  }
  for (const { heading, lines } of sections) {
    if (skipped.has(heading)) continue;
    const kind = entrySections.get(heading);
    if (!kind) {
      items.push({ title: clean(heading), text: lead(lines, sectionLead), kind: 'news' });
      continue;
    }
    let entry: { title: string; lines: string[] } | undefined;
    const flush = () => {
      if (entry) items.push({ title: clean(entry.title), text: lead(entry.lines, entryLead), kind });
    };
    for (const line of lines) {
      const start = entryStart.exec(line.trim());
      if (start) {
        flush();
        entry = { title: start[2]!, lines: [] };
      } else entry?.lines.push(line);
    }
    flush();
  }
  const source = `github:ruanyf/weekly docs/issue-${issue}.md @ ${commit.slice(0, 12)}`;
  return items.map((item, n) => ({
    id: `${prefix}${issue}-${String(n + 1).padStart(2, '0')}`,
    title: item.title,
    text: item.text,
    source: `${source} (${item.kind})`,
  }));
}

const [gitDir, commit, prefix, ...issues] = process.argv.slice(2);
if (!gitDir || !commit || prefix === undefined || issues.length === 0) {
  console.error('usage: tsx eval/tags/cut-weekly.ts <weekly git dir> <commit> <id prefix> <issue>...');
  process.exit(2);
}
const items = issues.flatMap((issue) => {
  const markdown = execFileSync('git', ['-C', gitDir, 'show', `${commit}:docs/issue-${issue}.md`], { encoding: 'utf8' });
  return cutIssue(markdown, Number(issue), commit, prefix);
});
console.log(JSON.stringify(items, null, 1));
