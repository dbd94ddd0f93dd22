/**
 * Copies excerpts of 阮一峰's 科技爱好者周刊 (github.com/ruanyf/weekly, docs/issue-N.md) into
 * fixtures/ruanyf-weekly-entries.json: each numbered entry's heading and the start of its text (≤ 240 characters),
 * and each quote of its 言论 / 本周金句 sections (no heading): headline entries of issues 1–339, quotes of issues 100–199. Issues 374 and 375 are left out: the tuning set's
 * ruanyifeng-atom.xml already carries them. Run once against a local mirror of the repository:
 *
 *   npx tsx eval/dedup/extract-weekly.ts /path/to/weekly.git COMMIT
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WeeklyEntry } from './weekly.ts';


/** Sections whose entries are a headline over a paragraph of news or a description. */
const HEADLINE_SECTIONS = /^(?:科技动态|新闻|资讯|文章|工具|软件|资源|教程|新奇|AI 相关)$/;
/** Sections whose entries are quotes without a heading. */
const QUOTE_SECTIONS = /^(?:言论|本周金句)$/;
const EXCERPT_CHARS = 240;

const inline = (s: string) =>
  s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?u>/g, '')
    .replace(/\*\*|__/g, '')
    .replace(/^>\s?/, '')
    .trim();

function entriesOf(issue: number, md: string): WeeklyEntry[] {
  const out: WeeklyEntry[] = [];
  let section = '';
  let current: { n: number; title: string; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const quote = QUOTE_SECTIONS.test(section);
    const lines = current.lines.filter((l) => l && !/^--\s/.test(l) && !/^（[^）]*）$/.test(l));
    let text = '';
    for (const l of lines) {
      if ([...text].length >= EXCERPT_CHARS) break;
      text += (text ? '\n' : '') + l;
    }
    text = [...text].slice(0, EXCERPT_CHARS).join('');
    if (text) out.push({ issue, section, n: current.n, title: quote ? '' : current.title, text });
    current = null;
  };
  for (const raw of md.split('\n')) {
    if (raw.startsWith('## ')) {
      flush();
      section = raw.slice(3).trim();
      continue;
    }
    if (!HEADLINE_SECTIONS.test(section) && !QUOTE_SECTIONS.test(section)) continue;
    const m = /^\**(\d+)、(.*)$/.exec(raw.trim());
    if (m) {
      flush();
      const title = inline(m[2]!.replace(/\*+$/, '')).replace(/（(?:英文|中文|视频)）$/, '').trim();
      current = { n: Number(m[1]), title, lines: [] };
      continue;
    }
    if (current && !/^!\[/.test(raw.trim())) {
      const l = inline(raw);
      if (l) current.lines.push(l);
    }
  }
  flush();
  return out;
}

const [gitDir, commit] = process.argv.slice(2);
if (!gitDir || !commit) throw new Error('usage: extract-weekly.ts GIT_DIR COMMIT');
const entries: WeeklyEntry[] = [];
for (let issue = 1; issue <= 407; issue++) {
  if (issue === 374 || issue === 375) continue;
  let md: string;
  try {
    md = execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:docs/issue-${issue}.md`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    continue;
  }
  // Only what the sets and the template-twin test use: headline entries up to issue 339, quotes of issues 100–199.
  entries.push(...entriesOf(issue, md).filter((e) => (e.title ? issue <= 339 : issue >= 100 && issue <= 199)));
}
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'fixtures', 'ruanyf-weekly-entries.json'), `${JSON.stringify({ repo: 'ruanyf/weekly', commit, entries })}\n`);
console.log(`${entries.length} entries`);
