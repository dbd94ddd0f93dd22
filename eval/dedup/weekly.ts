/** The 科技爱好者周刊 excerpts in fixtures/ruanyf-weekly-entries.json (made by extract-weekly.ts). */
import { readFileSync } from 'node:fs';

export interface WeeklyEntry {
  issue: number;
  section: string;
  /** The entry's number within its section. */
  n: number;
  /** The entry's heading; '' for a quote. */
  title: string;
  text: string;
}

export function weeklyEntries(): WeeklyEntry[] {
  const file = new URL('./fixtures/ruanyf-weekly-entries.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { entries: WeeklyEntry[] }).entries;
}

/** Issue N's approximate publication time (the weekly comes out on Fridays; issue 1 on 2018-04-20). */
export function issueDay(issue: number): string {
  return new Date(Date.parse('2018-04-20T02:00:00.000Z') + (issue - 1) * 7 * 86_400_000).toISOString();
}
