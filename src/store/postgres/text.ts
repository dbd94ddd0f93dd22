/**
 * PostgreSQL `text` cannot hold U+0000, which SQLite stores and a JSON Feed or scraped page can carry: sent as it is,
 * the statement fails, and the source's every later fetch with it. Strings from feeds pass through here on their way in.
 */
export function pgText<T extends string | null>(s: T): T {
  return (s === null || !s.includes('\u0000') ? s : s.replaceAll('\u0000', '')) as T;
}

/**
 * Item keys as stored (see pgText), for a lookup by many keys at once: the keys to send, and the keys asked for that
 * each stored key answers (two asked keys differing only by U+0000 are one stored key).
 */
export function storedKeys(itemKeys: readonly string[]): { keys: string[]; askedFor: Map<string, string[]> } {
  const askedFor = new Map<string, string[]>();
  for (const key of itemKeys) {
    const stored = pgText(key);
    const asked = askedFor.get(stored);
    if (asked) asked.push(key);
    else askedFor.set(stored, [key]);
  }
  return { keys: [...askedFor.keys()], askedFor };
}
