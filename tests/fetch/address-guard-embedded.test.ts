/**
 * Issue 17.9: an IPv4 address written inside an IPv6 one (IPv4-compatible, -mapped, -translated, NAT64, 6to4) is
 * refused exactly like the IPv4 form, for every range the guard covers.
 */
import { describe, expect, it } from 'vitest';
import { refusalReason, type AddressPolicy } from '../../src/fetch/address-guard.ts';
import { DEFAULT_FETCH_OPTIONS, fetchDocument } from '../../src/fetch/client.ts';
import { FetchError } from '../../src/fetch/errors.ts';

const OPEN: AddressPolicy = { denyPrivateNetworks: false };
const DENY: AddressPolicy = { denyPrivateNetworks: true };

/** One address in each IPv4 range of the guard. */
const IPV4_SAMPLES = [
  '169.254.169.254', // link-local, always
  '100.100.100.200', // Alibaba Cloud metadata, always
  '127.0.0.1',
  '0.1.2.3',
  '10.1.2.3',
  '172.16.5.4',
  '192.168.1.1',
  '100.64.0.1',
  '192.0.0.8',
  '198.18.0.1',
  '240.0.0.1',
  '224.0.0.251',
];

function hexGroups(ipv4: string): [string, string] {
  const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

/** Every IPv6 spelling that carries `ipv4`. */
function embeddings(ipv4: string): string[] {
  const [hi, lo] = hexGroups(ipv4);
  return [
    `::${hi}:${lo}`, // IPv4-compatible (::/96, deprecated but still parsed)
    `::${ipv4}`,
    `::ffff:${hi}:${lo}`, // IPv4-mapped
    `::ffff:${ipv4}`,
    `0:0:0:0:0:ffff:${hi}:${lo}`,
    `::ffff:0:${hi}:${lo}`, // IPv4-translated (SIIT)
    `::ffff:0:${ipv4}`,
    `64:ff9b::${hi}:${lo}`, // NAT64 well-known prefix
    `64:ff9b::${ipv4}`,
    `64:FF9B:0:0:0:0:${hi.toUpperCase()}:${lo}`,
    `64:ff9b:1::${hi}:${lo}`, // NAT64 local-use prefix (RFC 8215)
    `2002:${hi}:${lo}::1`, // 6to4
    `[::${hi}:${lo}]`,
  ];
}

describe('an embedded IPv4 address is judged like the IPv4 address', () => {
  const cases = IPV4_SAMPLES.flatMap((v4) => embeddings(v4).map((v6) => [v6, v4] as const));
  it.each(cases)('%s carries %s', (v6, v4) => {
    for (const policy of [OPEN, DENY]) {
      const expected = refusalReason(v4, policy);
      const actual = refusalReason(v6, policy);
      if (expected === null) expect(actual).toBeNull();
      else expect(actual).toBe(expected.replace(v4, v6.replace(/^\[|\]$/g, '')));
    }
  });

  it('the metadata address in each form the issue names is refused even with private networks allowed', () => {
    for (const ip of ['::a9fe:a9fe', '::ffff:0:a9fe:a9fe', '::ffff:a9fe:a9fe', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe']) {
      expect(refusalReason(ip, OPEN)).toBe(`refused: ${ip} is a link-local address`);
    }
  });

  it("reads Teredo's (inverted) client address", () => {
    expect(refusalReason('2001:0:4136:e378:8000:63bf:5601:5601', OPEN)).toBe('refused: 2001:0:4136:e378:8000:63bf:5601:5601 is a link-local address');
  });

  it('public IPv4 addresses embedded the same way stay allowed, and so does ordinary IPv6', () => {
    for (const ip of [...embeddings('8.8.8.8'), '2001:4860:4860::8888', '2400:cb00::1', '::2:3:4:5:6:7']) {
      expect(refusalReason(ip, DENY)).toBeNull();
    }
  });

  it('keeps ::, ::1 and their own labels', () => {
    expect(refusalReason('::1', DENY)).toBe('refused: ::1 is a loopback address (fetch.denyPrivateNetworks is on)');
    expect(refusalReason('::', DENY)).toBe('refused: :: is a unspecified ("this host") address (fetch.denyPrivateNetworks is on)');
  });

  it('an allowed address is allowed in its embedded spellings too; link-local never is', () => {
    const policy: AddressPolicy = { denyPrivateNetworks: true, allowedAddresses: ['10.0.0.5'] };
    expect(refusalReason('::ffff:10.0.0.5', policy)).toBeNull();
    expect(refusalReason('::ffff:a00:5', policy)).toBeNull();
    expect(refusalReason('::ffff:a00:6', policy)).not.toBeNull();
  });
});

describe('the client never connects to the metadata address spelt as IPv6', () => {
  it.each(['[::a9fe:a9fe]', '[::169.254.169.254]', '[::ffff:0:a9fe:a9fe]', '[::ffff:0:169.254.169.254]', '[64:ff9b::a9fe:a9fe]', '[64:ff9b:1::a9fe:a9fe]'])(
    'http://%s/ is refused before any connection',
    async (host) => {
      const err = await fetchDocument({ url: `http://${host}/latest/meta-data/` }, { ...DEFAULT_FETCH_OPTIONS, timeoutMs: 2_000 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FetchError);
      expect((err as FetchError).kind).toBe('blocked-address');
      expect((err as FetchError).message).toMatch(/is a link-local address$/);
    },
  );
});
