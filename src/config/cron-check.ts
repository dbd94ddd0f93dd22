import cron from 'node-cron';

/**
 * Cron expressions checked field by field, with ranges. node-cron alone accepts mistakes such as `*\/61 * * * *`
 * (it expands `*` to 0-59 first, so the step just yields minute 0); here each value, range and step must lie within
 * its field. What node-cron supports beyond plain numbers is accepted too: names, `?`, wrap-around ranges (`22-2`),
 * `L`, `W`, `#` and the `@daily` nicknames. node-cron's own check runs last, for what only it knows (31 February).
 */

interface Field {
  name: string;
  min: number;
  max: number;
  /** Largest useful step: a step that reaches past the field's span fires once, which is never what was meant. */
  maxStep: number;
  names?: readonly string[];
  /** Tokens node-cron accepts in this field besides numbers, ranges and steps. */
  special?: RegExp;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const LONG_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const LONG_WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const SECOND: Field = { name: 'second', min: 0, max: 59, maxStep: 59 };
const MINUTE: Field = { name: 'minute', min: 0, max: 59, maxStep: 59 };
const HOUR: Field = { name: 'hour', min: 0, max: 23, maxStep: 23 };
const DAY: Field = { name: 'day of month', min: 1, max: 31, maxStep: 30, special: /^(\?|L|L-([1-9]|[12]\d|30)|LW|([1-9]|[12]\d|3[01])W)$/i };
const MONTH: Field = { name: 'month', min: 1, max: 12, maxStep: 11, names: MONTHS };
const WEEKDAY: Field = { name: 'weekday', min: 0, max: 7, maxStep: 6, names: WEEKDAYS, special: /^(\?|[0-7]L|[0-7]#[1-5])$/i };

const NICKNAMES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** A value of a field: a number, or a month or weekday name (short or long). */
function value(token: string, f: Field): number | string {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n < f.min || n > f.max ? `${n} is out of range ${f.min}–${f.max}` : n;
  }
  const t = token.toLowerCase();
  const longNames = f.names === MONTHS ? LONG_MONTHS : f.names === WEEKDAYS ? LONG_WEEKDAYS : undefined;
  const i = Math.max(f.names?.indexOf(t) ?? -1, longNames?.indexOf(t) ?? -1);
  if (i >= 0) return f.names === MONTHS ? i + 1 : i;
  const kind = f.names === MONTHS ? 'a number or a month name' : f.names === WEEKDAYS ? 'a number or a weekday name' : 'a number';
  return `"${token}" is not ${kind}`;
}

/** What is wrong with one comma-separated item of a field, or null. */
function itemProblem(item: string, f: Field): string | null {
  if (item === '') return 'an empty item (two commas, or a comma at an end)';
  if (f.special?.test(item)) return null;
  const slash = item.indexOf('/');
  const base = slash < 0 ? item : item.slice(0, slash);
  if (slash >= 0) {
    const step = item.slice(slash + 1);
    if (!/^\d+$/.test(step)) return `step "${step}" is not a number`;
    if (Number(step) < 1 || Number(step) > f.maxStep) return `step ${Number(step)} is out of range 1–${f.maxStep}`;
  }
  if (base === '*') return null;
  const bounds = base.split('-');
  if (bounds.length > 2 || bounds.some((b) => b === '')) return `"${base}" is not a value or a range (from-to)`;
  for (const b of bounds) {
    const v = value(b, f);
    if (typeof v === 'string') return v;
  }
  return null;
}

/** Why `expression` is not a cron schedule huiju can run, or null when it is. */
export function cronProblem(expression: string): string | null {
  const trimmed = expression.trim();
  if (NICKNAMES.has(trimmed.toLowerCase())) return null;
  const parts = trimmed.split(/\s+/).filter(Boolean);
  if (parts.length !== 5 && parts.length !== 6) {
    return `expected 5 fields (minute hour day month weekday) or 6 (seconds first), got ${parts.length}`;
  }
  const fields = parts.length === 6 ? [SECOND, MINUTE, HOUR, DAY, MONTH, WEEKDAY] : [MINUTE, HOUR, DAY, MONTH, WEEKDAY];
  for (const [i, part] of parts.entries()) {
    const f = fields[i]!;
    for (const item of part.split(',')) {
      const problem = itemProblem(item, f);
      if (problem) return `${f.name} "${part}": ${problem}`;
    }
  }
  try {
    if (cron.validate(trimmed)) return null;
  } catch {
    // node-cron throws for some inputs instead of answering false
  }
  const [day, month] = parts.slice(-3, -1);
  return `day of month "${day}" never comes in month "${month}"`;
}
