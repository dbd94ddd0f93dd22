/**
 * Some Chinese news feeds (中新网's sports feed, for one) append a navigation entry that points at a channel
 * index page, not an article. It is dropped only when the evidence is strong: its URL is the feed's own site
 * link or a shallow directory URL (`/sports/`, `/`), AND at least two other items exist and every one of them
 * points at a deep article path (3+ segments). A blog whose posts all live at `/slug/` keeps every item.
 */
import type { ParsedItem } from '../model/item.ts';

function pathDepth(url: URL): number {
  return url.pathname.split('/').filter(Boolean).length;
}

function isSectionIndex(url: URL): boolean {
  return pathDepth(url) <= 1 && (url.pathname.endsWith('/') || /\/index\.\w+$/.test(url.pathname)) && url.search === '';
}

export function dropNavigationItems(items: ParsedItem[], siteUrl: string | null): { items: ParsedItem[]; dropped: ParsedItem[] } {
  const urls = items.map((i) => (i.url ? new URL(i.url) : null));
  const isNav = (url: URL | null, index: number): boolean => {
    if (!url || !(url.href === siteUrl || isSectionIndex(url))) return false;
    const others = urls.filter((u, j) => j !== index && u !== null);
    return others.length >= 2 && others.every((u) => pathDepth(u!) >= 3);
  };
  const flags = urls.map(isNav);
  return { items: items.filter((_, i) => !flags[i]), dropped: items.filter((_, i) => flags[i]) };
}
