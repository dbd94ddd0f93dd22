import dns from 'node:dns/promises';
import net from 'node:net';
import { refusalReason, type AddressPolicy } from '../../fetch/address-guard.ts';

/**
 * Anyone can ask huiju's hub to call a URL (hub.callback), so the hub checks where it points before each request, by
 * the fetch stage's policy: link-local and cloud-metadata addresses always refused, private networks too when
 * `fetch.denyPrivateNetworks` is on. The name is resolved here and again by the request itself, so a name that
 * changes its address in between (DNS rebinding) is not stopped; redirects are not followed.
 */
export async function callbackRefusal(url: string, policy: AddressPolicy): Promise<string | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return refusalReason(host, policy);
  try {
    const addresses = await dns.lookup(host, { all: true });
    for (const a of addresses) {
      const reason = refusalReason(a.address, policy);
      if (reason) return reason;
    }
    return null;
  } catch (err) {
    return `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
}
