/** Formatters by time zone: constructing an Intl formatter costs more than formatting a whole page of dates. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(f: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * Dates as the pages show them, in feeds.json's `defaults.timezone`: `07-04 10:00` in the current year there, and
 * `2024-07-04 10:00` otherwise, so last year's story never passes for this year's.
 */
export function pageDates(timeZone: string, now = new Date()): (iso: string | null) => string {
  const f = formatterFor(timeZone);
  const thisYear = parts(f, now).year;
  return (iso) => {
    if (!iso) return '—';
    const p = parts(f, new Date(iso));
    const day = `${p.month}-${p.day} ${p.hour}:${p.minute}`;
    return p.year === thisYear ? day : `${p.year}-${day}`;
  };
}
