import { BlockList, isIP } from 'node:net';
import { canonicalHost } from '../urls/domains.js';
import { isTemporaryDnsError, type DnsResolver } from './resolver.js';
import type { SealerRule } from './sealers.js';

/**
 * Did the message come from the trusted sealer's own host (sealers.ts)? The client address is in
 * the entry's ip= ranges, or one of its names is under the entry's host names (the sealer domain by
 * default) and verified: a reverse DNS (PTR) name whose forward lookup gives the address back
 * (forward-confirmed reverse DNS, as Postfix verifies client names), or the HELO name when it
 * resolves to the address. Only the owner of the sealer's DNS can make either true.
 *
 * Bounded: one PTR lookup, then at most MAX_PTR_NAMES + 1 forward lookups (A or AAAA), in parallel;
 * the resolver's timeout bounds each. Done only for a passing chain whose newest seal is listed.
 */

export interface HostBinding {
  bound: boolean;
  /** How, or why not, for the finding: "the client 198.51.100.7 is mx.lists.example (reverse and forward DNS agree)". */
  how: string;
}

/** PTR names checked at most (a host has one; a few are allowed for shared hosting). */
export const MAX_PTR_NAMES = 5;

/** The client, as the SMTP session (or XCLIENT) gave it. */
export interface ClientFacts {
  address?: string;
  helo?: string;
}

/** 198.51.100.7 → 7.100.51.198.in-addr.arpa; an IPv6 address by nibbles under ip6.arpa. */
export function reverseName(address: string): string | undefined {
  const plain = plainAddress(address);
  if (!plain) return undefined;
  const { ip } = plain;
  if (plain.type === 'ipv4') return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = groups(tail);
  if (h.some((g) => g.includes('.')) || t.some((g) => g.includes('.'))) return undefined; // other embedded IPv4 forms
  const full = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (full.length !== 8) return undefined;
  const nibbles = full.map((g) => g.padStart(4, '0')).join('').split('');
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/** The address family and form forward lookups are compared in (an IPv4-mapped IPv6 address as IPv4). */
function plainAddress(address: string): { ip: string; type: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  return family === 0 ? undefined : { ip, type: family === 4 ? 'ipv4' : 'ipv6' };
}

type Lookup = { names: string[] } | { error: 'temporary' | 'absent' };

async function lookup(dns: DnsResolver, name: string, rrtype: 'PTR' | 'A' | 'AAAA'): Promise<Lookup> {
  try {
    const answer = await dns(name, rrtype);
    return { names: Array.isArray(answer) ? answer.filter((v): v is string => typeof v === 'string') : [] };
  } catch (err) {
    return { error: isTemporaryDnsError(err) ? 'temporary' : 'absent' };
  }
}

/** Is `name` one of the sealer's host names, and does it resolve to the client? */
async function resolvesTo(dns: DnsResolver, name: string, client: { ip: string; type: 'ipv4' | 'ipv6' }): Promise<Lookup & { hit?: boolean }> {
  const r = await lookup(dns, name, client.type === 'ipv4' ? 'A' : 'AAAA');
  if ('error' in r) return r;
  const me = new BlockList();
  me.addAddress(client.ip, client.type);
  return { ...r, hit: r.names.some((a) => isIP(a) !== 0 && me.check(a, client.type)) };
}

/** Whether the client may hand over this sealer's seals (see above). Never throws. */
export async function bindSealerHost(rule: SealerRule, client: ClientFacts, dns: DnsResolver): Promise<HostBinding> {
  if (rule.hosts === 'any') return { bound: true, how: `its list entry allows any connecting host (${rule.entry})` };
  const address = client.address ? plainAddress(client.address) : undefined;
  if (!address) return { bound: false, how: 'the connecting host is not known (no client address), so it cannot be checked to be the sealer\'s' };
  const ip = address.ip;
  const inRange = rule.ips.match(ip);
  if (inRange) return { bound: true, how: `the client ${ip} is in ${inRange}` };
  const hosts = rule.hosts;
  const wanted = hosts.size > 0 ? [...hosts.entries()].join(', ') : '';
  const expected = [wanted && `a host under ${wanted}`, rule.ips.size > 0 && 'an address of its ip= list'].filter(Boolean).join(' or ');
  if (hosts.size === 0) return { bound: false, how: `the client ${ip} is not ${expected} (${rule.entry})` };

  const rev = reverseName(ip);
  const ptr: Lookup = rev ? await lookup(dns, rev, 'PTR') : { error: 'absent' };
  const ptrNames = 'names' in ptr ? [...new Set(ptr.names.map(canonicalHost))].slice(0, MAX_PTR_NAMES) : [];
  const helo = client.helo ? canonicalHost(client.helo.replace(/^\[|\]$/g, '')) : '';
  const candidates = [...ptrNames.filter((n) => hosts.match(n)), ...(helo && isIP(helo) === 0 && hosts.match(helo) && !ptrNames.includes(helo) ? [helo] : [])];
  const checks = await Promise.all(candidates.map(async (name) => ({ name, r: await resolvesTo(dns, name, address) })));
  const hit = checks.find((c) => c.r.hit);
  if (hit) {
    const via = ptrNames.includes(hit.name) ? 'reverse and forward DNS agree' : `its HELO name, which resolves to ${ip}`;
    return { bound: true, how: `the client ${ip} is ${hit.name} (${via})` };
  }
  const unanswered = ('error' in ptr && ptr.error === 'temporary') || checks.some((c) => 'error' in c.r && c.r.error === 'temporary');
  const named = ptrNames.length > 0 ? `reverse DNS ${ptrNames.join(', ')}` : 'no reverse DNS name';
  const why = unanswered ? `its name could not be checked (DNS did not answer; ${named})` : `${named}${candidates.length > 0 ? ` not confirmed by forward DNS` : ''}${helo ? `, HELO ${helo}` : ''}`;
  return { bound: false, how: `the client ${ip} is not shown to be ${expected}: ${why}` };
}
