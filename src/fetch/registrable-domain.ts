import net from 'node:net';
import { getDomain } from 'tldts';

/**
 * The key politeness limits are counted on: the registrable domain (eTLD+1 from the Public Suffix List), so
 * a.example.com and b.example.com share one budget, while news.sina.com.cn and www.gov.cn count as
 * sina.com.cn and www.gov.cn (com.cn and gov.cn are public suffixes). An IP, or a name with no public suffix
 * (localhost), keys on itself.
 */
export function siteKey(url: string): string {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) return bare;
  return getDomain(bare) ?? bare;
}
