import type { CopyReport, TableProgress } from '../store/copy/copy.ts';

/** Where progress goes: a terminal gets one line redrawn in place, anything else a line a table. */
export interface ProgressSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (done: number, total: number) => (total === 0 ? 100 : Math.floor((done / total) * 100));
const TABLE_NAMES: Record<TableProgress['table'], string> = {
  sources: 'sources',
  stories: 'stories',
  items: 'items',
  tombstones: 'tombstones',
  meta: 'meta values',
  'search index': 'search index',
};

/** `copying items 120,000/450,000 (26%) 8,400/s`, and once the table is done the same with `copied`. */
export function progressLine(p: TableProgress, elapsedMs: number): string {
  if (p.table === 'search index') return p.finished ? `built the search index in ${(elapsedMs / 1000).toFixed(1)} s` : 'building the search index …';
  const rate = elapsedMs > 0 && p.copied > 0 ? ` ${n((p.copied / elapsedMs) * 1000)}/s` : '';
  const head = `${p.finished ? 'copied' : 'copying'} ${TABLE_NAMES[p.table]} ${n(p.done)}/${n(p.total)} (${pct(p.done, p.total)}%)`;
  const already = p.finished && p.copied < p.done ? `, ${n(p.copied)} new` : '';
  return `${head}${already}${rate}`;
}

/** A progress handler for copyDatabase writing to `sink`: redrawn at most every 100 ms on a terminal. */
export function progressReporter(sink: ProgressSink, now: () => number = Date.now): (p: TableProgress) => void {
  let table: TableProgress['table'] | null = null;
  let started = 0;
  let drawn = -Infinity;
  return (p) => {
    const t = now();
    if (p.table !== table) {
      table = p.table;
      started = t;
      drawn = -Infinity;
    }
    const line = progressLine(p, t - started);
    if (p.finished) sink.write(sink.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
    else if (sink.isTTY && t - drawn >= 100) {
      sink.write(`\r${line}\x1b[K`);
      drawn = t;
    }
  };
}

/** The last line: what was copied where, or that everything was already there. */
export function summaryLine(r: CopyReport): string {
  const t = r.tables;
  const copied =
    `${n(t.stories.copied)} stories (${n(r.storyTags)} tags), ${n(t.items.copied)} items (${n(r.itemTags)} tags, ` +
    `${n(r.searchEntries)} search entries), ${n(t.tombstones.copied)} tombstones, ${n(t.sources.total)} sources, ${n(t.meta.total)} meta values`;
  const nothingNew = t.stories.copied + t.items.copied + t.tombstones.copied === 0;
  const what = nothingNew && r.resumed ? 'nothing new: every story, item and tombstone was already there' : copied;
  return `${r.from} → ${r.to} in ${(r.ms / 1000).toFixed(1)} s: ${what}`;
}
