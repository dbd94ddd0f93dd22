import dns from 'node:dns';
import net from 'node:net';
import { FetchError } from './errors.ts';

/**
 * Which addresses the fetcher may connect to. Checked on the address a socket actually connects to
 * (inside its DNS lookup, and again on connect), so DNS rebinding, redirects and odd IPv4 spellings
 * (0177.0.0.1, 0x7f000001, 2130706433: the URL parser turns them into 127.0.0.1) cannot slip past.
 */
export interface AddressPolicy {
  denyPrivateNetworks: boolean;
  allowedAddresses?: readonly string[];
}

interface Range {
  cidr: string;
  /** Completes "refused: <ip> is a … address". */
  label: string;
  /** Refused whatever the policy: the cloud metadata endpoints live here. */
  always: boolean;
}

const RANGES: readonly Range[] = [
  { cidr: '169.254.0.0/16', label: 'link-local', always: true },
  { cidr: 'fe80::/10', label: 'link-local', always: true },
  { cidr: '100.100.100.200/32', label: 'cloud metadata (Alibaba Cloud)', always: true },
  { cidr: 'fd00:ec2::254/128', label: 'cloud metadata (AWS)', always: true },
  { cidr: '127.0.0.0/8', label: 'loopback', always: false },
  { cidr: '::1/128', label: 'loopback', always: false },
  { cidr: '0.0.0.0/8', label: 'unspecified ("this host")', always: false },
  { cidr: '::/128', label: 'unspecified ("this host")', always: false },
  { cidr: '10.0.0.0/8', label: 'private', always: false },
  { cidr: '172.16.0.0/12', label: 'private', always: false },
  { cidr: '192.168.0.0/16', label: 'private', always: false },
  { cidr: '100.64.0.0/10', label: 'carrier-grade NAT', always: false },
  { cidr: '192.0.0.0/24', label: 'reserved', always: false },
  { cidr: '198.18.0.0/15', label: 'reserved', always: false },
  { cidr: '240.0.0.0/4', label: 'reserved', always: false },
  { cidr: '224.0.0.0/4', label: 'multicast', always: false },
  { cidr: 'ff00::/8', label: 'multicast', always: false },
  { cidr: 'fc00::/7', label: 'private (unique local)', always: false },
  { cidr: 'fec0::/10', label: 'private (site-local)', always: false },
];

const COMPILED = RANGES.map((r) => {
  const [base = '', bits = ''] = r.cidr.split('/');
  const family = net.isIPv6(base) ? 'ipv6' : 'ipv4';
  const list = new net.BlockList();
  list.addSubnet(base, Number(bits), family);
  return { ...r, list, family };
});

/** The IPv4 address an IPv6 one carries (NAT64 64:ff9b::/96, 6to4 2002::/16), else the address itself. */
function unwrapEmbeddedIpv4(ip: string): string {
  if (!net.isIPv6(ip)) return ip;
  const lower = ip.toLowerCase();
  const nat64 = lower.match(/^64:ff9b::(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/);
  if (nat64) return nat64[1] ?? hexPairToIpv4(nat64[2] ?? '0', nat64[3] ?? '0');
  const sixToFour = lower.match(/^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/);
  if (sixToFour) return hexPairToIpv4(sixToFour[1] ?? '0', sixToFour[2] ?? '0');
  return ip;
}

function hexPairToIpv4(hi: string, lo: string): string {
  const a = parseInt(hi, 16);
  const b = parseInt(lo, 16);
  return [a >> 8, a & 0xff, b >> 8, b & 0xff].join('.');
}

/** Why the policy refuses to connect to `ip`, as the sentence for lastError; null when allowed. */
export function refusalReason(ip: string, policy: AddressPolicy): string | null {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const addr = unwrapEmbeddedIpv4(bare);
  if (!net.isIP(addr)) return `refused: ${ip} is not an IP address`;
  const family = net.isIPv6(addr) ? 'ipv6' : 'ipv4';
  const hit = COMPILED.find((r) => r.list.check(addr, family));
  if (!hit) return null;
  if (hit.always) return `refused: ${bare} is a ${hit.label} address`;
  if (!policy.denyPrivateNetworks || policy.allowedAddresses?.includes(bare)) return null;
  return `refused: ${bare} is a ${hit.label} address (fetch.denyPrivateNetworks is on)`;
}

export function assertAddressAllowed(ip: string, policy: AddressPolicy): void {
  const reason = refusalReason(ip, policy);
  if (reason) throw new FetchError('blocked-address', reason);
}

type LookupAll = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/**
 * A socket `lookup` that resolves every address of the name and refuses the connection when any of them is
 * refused by the policy (one bad record is enough to suspect rebinding). `resolve` is injectable for tests.
 */
export function guardedLookup(policy: AddressPolicy, resolve: LookupAll = dns.lookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => refusalReason(a.address, policy)).find((r) => r !== null);
      if (refused) return callback(new FetchError('blocked-address', refused) as NodeJS.ErrnoException, '', 0);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}
