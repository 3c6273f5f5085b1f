import { describe, expect, it } from 'vitest';
import { reverseName } from './sealer-host.js';
import { normaliseSealerEntry, TrustedSealers } from './sealers.js';

describe('trusted_arc_sealers entries', () => {
  it.each([
    ['google.com', 'google.com'],
    ['*.google.com', 'google.com'],
    ['microsoft.com host=protection.outlook.com', 'microsoft.com host=protection.outlook.com'],
    ['lists.example host=a.example,b.example', 'lists.example host=a.example,b.example'],
    ['lists.example host=lists.example', 'lists.example'],
    ['lists.example ip=198.51.100.7', 'lists.example ip=198.51.100.7'],
    ['lists.example host=lists.example ip=[2001:DB8::1]', 'lists.example host=lists.example ip=2001:db8::1'],
    ['lists.example HOST=*', 'lists.example host=*'],
    ['bücher.example host=münchen.example', 'xn--bcher-kva.example host=xn--mnchen-3ya.example'],
  ])('%s → %s', (entry, normal) => {
    const r = normaliseSealerEntry(entry);
    expect('value' in r && r.value).toBe(normal);
  });

  it.each([
    ['https://google.com', 'is a URL'],
    ['google.com host=', 'after the sealer domain write'],
    ['google.com hosts=google.com', 'after the sealer domain write'],
    ['google.com 198.51.100.7', 'after the sealer domain write'],
    ['google.com host=198.51.100.7', 'is an IP address'],
    ['google.com ip=google.com', 'is not an IPv4 or IPv6 address'],
    ['google.com ip=10.0.0.0/33', 'invalid prefix length'],
    ['google.com host=* host=google.com', 'write it alone'],
  ])('refuses %s', (entry, message) => {
    const r = normaliseSealerEntry(entry);
    expect('error' in r && r.error).toContain(message);
  });

  it('a sealer listed twice may come from the hosts of either line; host=* on one line allows any', () => {
    const sealers = new TrustedSealers(['lists.example', 'lists.example ip=203.0.113.0/24', 'other.example host=*', 'other.example', 'bad entry here']);
    expect(sealers.size).toBe(2);
    expect(sealers.match('arc.lists.example')).toBe('lists.example');
    expect(sealers.match('example')).toBeUndefined();
    const lists = sealers.rule('lists.example')!;
    expect(lists.hosts !== 'any' && [...lists.hosts.entries()]).toEqual(['lists.example']);
    expect(lists.ips.match('203.0.113.9')).toBe('203.0.113.0/24');
    expect(lists.entry).toBe('lists.example; lists.example ip=203.0.113.0/24');
    expect(sealers.rule('other.example')!.hosts).toBe('any');
  });
});

describe('reverse DNS names of client addresses', () => {
  it.each([
    ['198.51.100.7', '7.100.51.198.in-addr.arpa'],
    ['::ffff:198.51.100.7', '7.100.51.198.in-addr.arpa'],
    ['2001:db8::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['not-an-address', undefined],
  ])('%s → %s', (address, name) => {
    expect(reverseName(address)).toBe(name);
  });
});
