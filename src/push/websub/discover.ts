/**
 * The hub and self URLs a feed document names (WebSub §4): `<link rel="hub" href>` / `<atom:link rel="hub">` in RSS
 * and Atom, `hubs` and `feed_url` in JSON Feed. Pure: the text in, URLs (absolute, resolved against the document's
 * URL) out.
 */
export interface Advertised {
  hubs: string[];
  self: string | null;
}

function absolute(href: string, base: string): string | null {
  try {
    const u = new URL(href.replace(/&amp;/g, '&'), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function advertisedHubs(text: string, url: string): Advertised {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const feed = JSON.parse(trimmed) as { hubs?: { type?: string; url?: string }[]; feed_url?: string };
      const hubs = (feed.hubs ?? []).filter((h) => !h.type || /^websub$/i.test(h.type)).map((h) => absolute(h.url ?? '', url));
      return { hubs: hubs.filter((h): h is string => h !== null), self: feed.feed_url ? absolute(feed.feed_url, url) : null };
    } catch {
      return { hubs: [], self: null };
    }
  }
  // Only the feed's head matters: links inside entries name other things.
  const firstEntry = text.search(/<(item|entry)[\s>]/i);
  const head = firstEntry < 0 ? text : text.slice(0, firstEntry);
  const hubs: string[] = [];
  let self: string | null = null;
  for (const m of head.matchAll(/<(?:[a-z0-9]+:)?link\b[^>]*>/gi)) {
    const rel = attr(m[0], 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attr(m[0], 'href');
    if (!href) continue;
    const abs = absolute(href, url);
    if (!abs) continue;
    if (rel.includes('hub') && !hubs.includes(abs)) hubs.push(abs);
    if (rel.includes('self') && !self) self = abs;
  }
  return { hubs, self };
}
