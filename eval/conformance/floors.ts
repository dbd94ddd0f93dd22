/**
 * Conformance floors that only rise. floors.json names every check huiju's parse stage does not pass (fails, or n/a
 * where its item model has no such field); every other check of the corpus must pass. A run that fails a check not
 * named there has lost it: `npm test` fails and `--write-floors` refuses, both listing what was lost. A run that
 * passes a named check has gained it, and `--write-floors` takes it off the list. Lowering a floor on purpose is a
 * hand edit of floors.json, in a commit that says why.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result, Source, Verdict } from './harness.ts';

export const FLOORS_FILE = join(import.meta.dirname, 'floors.json');

export interface Floors {
  /** Checks per manifest when the floors were written: a different corpus needs new floors, not a comparison. */
  cases: Record<Source, number>;
  /** `source id` → the verdict it had: the checks allowed not to pass. */
  notPassing: Record<string, Exclude<Verdict, 'pass'>>;
}

export const caseKey = (r: Result): string => `${r.source} ${r.case.id}`;

export function readFloors(file = FLOORS_FILE): Floors | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Floors) : null;
}

function casesOf(results: readonly Result[]): Record<Source, number> {
  const cases: Record<Source, number> = { feedparser: 0, 'rss-parser': 0 };
  for (const r of results) cases[r.source]++;
  return cases;
}

/** Where the corpus the run read differs from the one the floors were written for, in words; null when it is the same. */
function corpusChange(floors: Floors, results: readonly Result[]): string | null {
  const now = casesOf(results);
  const changed = (Object.keys(now) as Source[]).filter((s) => now[s] !== floors.cases[s]);
  if (changed.length === 0) return null;
  return changed.map((s) => `${s}: ${now[s]} checks, the floors were written for ${floors.cases[s]}`).join('; ');
}

/** Checks the floors say pass that this run did not pass. */
function lostChecks(floors: Floors, results: readonly Result[]): Result[] {
  return results.filter((r) => r.verdict !== 'pass' && !(caseKey(r) in floors.notPassing));
}

/** Checks the floors allowed not to pass that this run passed. */
function gainedChecks(floors: Floors, results: readonly Result[]): Result[] {
  return results.filter((r) => r.verdict === 'pass' && caseKey(r) in floors.notPassing);
}

export type Judgement =
  | { kind: 'held'; next: Floors; gained: Result[] }
  | { kind: 'lost'; lost: Result[] }
  | { kind: 'corpus-changed'; change: string };

/**
 * A run against the floors: `held` (nothing lost; `next` are the floors it supports, with what it gained taken off the
 * list), or why not. No floors yet: the run starts them.
 */
export function judgeRun(floors: Floors | null, results: readonly Result[]): Judgement {
  if (floors === null) return { kind: 'held', next: floorsOf(results), gained: [] };
  const change = corpusChange(floors, results);
  if (change !== null) return { kind: 'corpus-changed', change };
  const lost = lostChecks(floors, results);
  if (lost.length > 0) return { kind: 'lost', lost };
  return { kind: 'held', next: floorsOf(results), gained: gainedChecks(floors, results) };
}

/** One line per lost check; holdout checks by id only (their values are not for reading while changing the parser). */
export function describeLost(lost: readonly Result[]): string {
  return lost
    .map((r) =>
      r.holdout
        ? `${caseKey(r)} (holdout) ${r.case.field}: now ${r.verdict}`
        : `${caseKey(r)} ${r.case.field}: now ${r.verdict}, want ${JSON.stringify(r.case.expected)}, got ${JSON.stringify(r.actual)}`,
    )
    .join('\n');
}

/** The floors a run supports: its own not-passing checks. */
function floorsOf(results: readonly Result[]): Floors {
  const notPassing: Floors['notPassing'] = {};
  for (const r of results) if (r.verdict !== 'pass') notPassing[caseKey(r)] = r.verdict;
  return { cases: casesOf(results), notPassing };
}

export function writeFloors(floors: Floors, file = FLOORS_FILE): void {
  const sorted = Object.fromEntries(Object.entries(floors.notPassing).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify({ cases: floors.cases, notPassing: sorted }, null, 2)}\n`);
}
