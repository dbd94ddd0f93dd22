import type dns from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedLookup, refusalReason } from '../../src/fetch/address-guard.ts';
import type { AddressPolicy } from '../../src/fetch/address-guard.ts';
import { DEFAULT_FETCH_OPTIONS, fetchDocument } from '../../src/fetch/client.ts';
import { FetchError } from '../../src/fetch/errors.ts';
import type { FetchOptions } from '../../src/fetch/types.ts';
import type { FaultServer } from '../helpers/fault-server.ts';
import { startFaultServer } from '../helpers/fault-server.ts';

const OPEN: AddressPolicy = { denyPrivateNetworks: false };
const DENY: AddressPolicy = { denyPrivateNetworks: true };

describe('refusalReason', () => {
  const cases: [string, AddressPolicy, string | null][] = [
    ['169.254.169.254', OPEN, 'refused: 169.254.169.254 is a link-local address'],
    ['169.254.0.1', OPEN, 'refused: 169.254.0.1 is a link-local address'],
    ['100.100.100.200', OPEN, 'refused: 100.100.100.200 is a cloud metadata (Alibaba Cloud) address'],
    ['fd00:ec2::254', OPEN, 'refused: fd00:ec2::254 is a cloud metadata (AWS) address'],
    ['fe80::1', OPEN, 'refused: fe80::1 is a link-local address'],
    ['fe80::1%eth0', OPEN, 'refused: fe80::1 is a link-local address'],
    ['::ffff:169.254.169.254', OPEN, 'refused: ::ffff:169.254.169.254 is a link-local address'],
    ['::ffff:a9fe:a9fe', OPEN, 'refused: ::ffff:a9fe:a9fe is a link-local address'],
    ['64:ff9b::a9fe:a9fe', OPEN, 'refused: 64:ff9b::a9fe:a9fe is a link-local address'],
    ['2002:a9fe:a9fe::1', OPEN, 'refused: 2002:a9fe:a9fe::1 is a link-local address'],
    ['127.0.0.1', OPEN, null],
    ['::1', OPEN, null],
    ['10.1.2.3', OPEN, null],
    ['127.0.0.1', DENY, 'refused: 127.0.0.1 is a loopback address (fetch.denyPrivateNetworks is on)'],
    ['127.8.9.10', DENY, 'refused: 127.8.9.10 is a loopback address (fetch.denyPrivateNetworks is on)'],
    ['::1', DENY, 'refused: ::1 is a loopback address (fetch.denyPrivateNetworks is on)'],
    ['::ffff:127.0.0.1', DENY, 'refused: ::ffff:127.0.0.1 is a loopback address (fetch.denyPrivateNetworks is on)'],
    ['0.0.0.0', DENY, 'refused: 0.0.0.0 is a unspecified ("this host") address (fetch.denyPrivateNetworks is on)'],
    ['10.1.2.3', DENY, 'refused: 10.1.2.3 is a private address (fetch.denyPrivateNetworks is on)'],
    ['172.16.0.1', DENY, 'refused: 172.16.0.1 is a private address (fetch.denyPrivateNetworks is on)'],
    ['172.32.0.1', DENY, null],
    ['192.168.1.1', DENY, 'refused: 192.168.1.1 is a private address (fetch.denyPrivateNetworks is on)'],
    ['100.64.0.1', DENY, 'refused: 100.64.0.1 is a carrier-grade NAT address (fetch.denyPrivateNetworks is on)'],
    ['fd12:3456::1', DENY, 'refused: fd12:3456::1 is a private (unique local) address (fetch.denyPrivateNetworks is on)'],
    ['8.8.8.8', DENY, null],
    ['2001:4860:4860::8888', DENY, null],
    ['10.0.0.5', { denyPrivateNetworks: true, allowedAddresses: ['10.0.0.5'] }, null],
    ['169.254.169.254', { denyPrivateNetworks: true, allowedAddresses: ['169.254.169.254'] }, 'refused: 169.254.169.254 is a link-local address'],
  ];
  it.each(cases)('%s with %o', (ip, policy, reason) => {
    expect(refusalReason(ip, policy)).toBe(reason);
  });
});

describe('guardedLookup (the check DNS rebinding meets)', () => {
  const resolver =
    (addresses: string[]) =>
    (_host: string, _opts: dns.LookupAllOptions, cb: (e: NodeJS.ErrnoException | null, a: dns.LookupAddress[]) => void) =>
      cb(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
  const lookup = (policy: AddressPolicy, addresses: string[], all: boolean) =>
    new Promise<unknown>((resolve, reject) =>
      guardedLookup(policy, resolver(addresses))('feeds.example', { all }, (err, address) =>
        err ? reject(err) : resolve(address),
      ),
    );

  it('passes a public address through, in the shape asked for', async () => {
    await expect(lookup(DENY, ['93.184.216.34'], false)).resolves.toBe('93.184.216.34');
    await expect(lookup(DENY, ['93.184.216.34', '2606:2800::1'], true)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800::1', family: 6 },
    ]);
  });

  it('refuses a name that also resolves to the metadata address', async () => {
    await expect(lookup(OPEN, ['93.184.216.34', '169.254.169.254'], true)).rejects.toMatchObject({
      kind: 'blocked-address',
      message: 'refused: 169.254.169.254 is a link-local address',
    });
  });

  it('refuses a name resolving to loopback when private networks are denied', async () => {
    await expect(lookup(DENY, ['127.0.0.1'], false)).rejects.toBeInstanceOf(FetchError);
    await expect(lookup(OPEN, ['127.0.0.1'], false)).resolves.toBe('127.0.0.1');
  });
});

describe('the client refuses forbidden addresses', () => {
  let srv: FaultServer;
  let trusted: FaultServer;
  const opts: FetchOptions = { ...DEFAULT_FETCH_OPTIONS, timeoutMs: 2_000 };
  const deny: FetchOptions = { ...opts, denyPrivateNetworks: true };
  beforeAll(async () => {
    srv = await startFaultServer();
    // A second loopback address stands in for an allowed host (no public address exists in tests).
    trusted = await startFaultServer({ host: '127.0.0.2' });
  });
  afterAll(async () => {
    await srv.close();
    await trusted.close();
  });

  async function refusal(url: string, o: FetchOptions): Promise<FetchError> {
    const err = await fetchDocument({ url }, o).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).kind).toBe('blocked-address');
    return err as FetchError;
  }

  it('never connects to 169.254.169.254, whatever the policy', async () => {
    const err = await refusal('http://169.254.169.254/latest/meta-data/', opts);
    expect(err.message).toBe('refused: 169.254.169.254 is a link-local address');
  });

  it('refuses a redirect to the metadata address', async () => {
    const before = srv.requests.length;
    const err = await refusal(srv.url(`/to?url=${encodeURIComponent('http://169.254.169.254/')}`), opts);
    expect(err.message).toBe('refused: 169.254.169.254 is a link-local address');
    expect(srv.requests.length).toBe(before + 1);
  });

  it('allows loopback by default, by address and by name', async () => {
    expect((await fetchDocument({ url: srv.url('/feed') }, opts)).status).toBe('ok');
    expect((await fetchDocument({ url: `http://localhost:${srv.port}/feed` }, opts)).status).toBe('ok');
  });

  it('refuses 127.0.0.1 when private networks are denied', async () => {
    const err = await refusal(srv.url('/feed'), deny);
    expect(err.message).toBe('refused: 127.0.0.1 is a loopback address (fetch.denyPrivateNetworks is on)');
  });

  it('refuses localhost by name (checked in the lookup) when private networks are denied', async () => {
    await refusal(`http://localhost:${srv.port}/feed`, deny);
  });

  it('refuses 127.0.0.1 after a redirect from an allowed host', async () => {
    const allowTrusted: FetchOptions = { ...deny, allowedAddresses: ['127.0.0.2'] };
    expect((await fetchDocument({ url: trusted.url('/feed') }, allowTrusted)).status).toBe('ok');
    const err = await refusal(trusted.url(`/to?url=${encodeURIComponent(srv.url('/feed'))}`), allowTrusted);
    expect(err.message).toBe('refused: 127.0.0.1 is a loopback address (fetch.denyPrivateNetworks is on)');
  });

  const oddSpellings = ['0177.0.0.1', '0x7f000001', '2130706433', '127.1', '0x7f.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]'];
  it.each(oddSpellings)('odd spelling %s reaches loopback when allowed, and is refused when denied', async (host) => {
    const url = `http://${host}:${srv.port}/feed`;
    expect((await fetchDocument({ url }, opts)).status).toBe('ok');
    await refusal(url, deny);
  });

  it.each(['0251.0376.0251.0376', '0xa9fea9fe', '2852039166', '[::ffff:169.254.169.254]'])(
    'odd spelling %s of the metadata address is refused',
    async (host) => {
      const err = await refusal(`http://${host}/`, opts);
      expect(err.message).toMatch(/^refused: .* is a link-local address$/);
    },
  );
});
