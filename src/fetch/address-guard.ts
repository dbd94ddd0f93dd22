import dns from 'node:dns';
import net from 'node:net';
import { FetchError } from './errors.ts';

/**
 * Which addresses the fetcher may connect to. Checked on the address a socket actually connects to
 * (inside its DNS lookup, and again on connect), so DNS rebinding, redirects and odd IPv4 spellings
 * (0177.0.0.1, 0x7f000001, 2130706433: the URL parser turns them into 127.0.0.1) cannot slip past, nor an IPv4
 * address written inside an IPv6 one (::a9fe:a9fe, ::ffff:0:a9fe:a9fe, 64:ff9b::a9fe:a9fe: see embeddedIpv4).
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

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad included), or null for anything else. */
function ipv6Groups(ip: string): number[] | null {
  if (!net.isIPv6(ip)) return null;
  let s = ip.toLowerCase();
  const quad = s.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function ipv4Of(hi: number, lo: number): string {
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

const zeros = (groups: number[]) => groups.every((g) => g === 0);

/**
 * The IPv4 address an IPv6 one carries, or null: IPv4-compatible ::a.b.c.d (deprecated, but the URL parser and
 * the socket still take it), IPv4-mapped ::ffff:a.b.c.d, IPv4-translated ::ffff:0:a.b.c.d, NAT64 (64:ff9b::/96
 * and the local-use 64:ff9b:1::/48, read as /96), 6to4 (2002::/16) and Teredo's client (2001::/32, inverted).
 */
export function embeddedIpv4(ip: string): string | null {
  const g = ipv6Groups(ip);
  if (!g) return null;
  const last = ipv4Of(g[6]!, g[7]!);
  if (zeros(g.slice(0, 6))) return last;
  if (zeros(g.slice(0, 5)) && g[5] === 0xffff) return last;
  if (zeros(g.slice(0, 4)) && g[4] === 0xffff && g[5] === 0) return last;
  if (g[0] === 0x64 && g[1] === 0xff9b && (zeros(g.slice(2, 6)) || g[2] === 1)) return last;
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  if (g[0] === 0x2001 && g[1] === 0) return ipv4Of(g[6]! ^ 0xffff, g[7]! ^ 0xffff);
  return null;
}

function rangeOf(addr: string): (typeof COMPILED)[number] | undefined {
  const family = net.isIPv6(addr) ? 'ipv6' : 'ipv4';
  return COMPILED.find((r) => r.family === family && r.list.check(addr, family));
}

/**
 * Why the policy refuses to connect to `ip`, as the sentence for lastError; null when allowed. An IPv6 address
 * that carries an IPv4 one is judged on both, so every IPv4 range applies to each of its IPv6 spellings.
 */
export function refusalReason(ip: string, policy: AddressPolicy): string | null {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!net.isIP(bare)) return `refused: ${ip} is not an IP address`;
  const inner = embeddedIpv4(bare);
  const hits = [rangeOf(bare), inner === null ? undefined : rangeOf(inner)].filter((h) => h !== undefined);
  const hit = hits.find((h) => h.always) ?? hits[0];
  if (!hit) return null;
  if (hit.always) return `refused: ${bare} is a ${hit.label} address`;
  const allowed = policy.allowedAddresses?.some((a) => a === bare || a === inner);
  if (!policy.denyPrivateNetworks || allowed) return null;
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
