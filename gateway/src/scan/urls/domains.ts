import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';
import type { Policy } from '../../policy/types.js';
import { setBounded } from '../../bounded.js';

/** A list entry as a comparable domain: ASCII, lower case, no '*.' or dots at the edges; '' when unusable. */
export function normaliseDomainEntry(entry: string): string {
  const trimmed = entry.trim().toLowerCase().replace(/^\*\./, '').replace(/^\.+|\.+$/g, '');
  if (trimmed === '') return '';
  return domainToASCII(trimmed) || trimmed;
}

/** A set of domains, each covering itself and all its subdomains. */
export class DomainSet {
  private readonly set = new Set<string>();

  constructor(entries: Iterable<string>) {
    for (const e of entries) {
      const d = normaliseDomainEntry(e);
      if (d !== '') this.set.add(d);
    }
  }

  get size(): number {
    return this.set.size;
  }

  entries(): IterableIterator<string> {
    return this.set.values();
  }

  /** The entry that covers `host` (ASCII, lower case), or undefined. */
  match(host: string): string | undefined {
    if (this.set.size === 0 || host === '') return undefined;
    let h = host;
    for (;;) {
      if (this.set.has(h)) return h;
      const dot = h.indexOf('.');
      if (dot === -1) return undefined;
      h = h.slice(dot + 1);
    }
  }
}

/** Host without brackets (IPv6) and trailing dot, lower case. */
export function bareHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * canonicalHost's answers by the string given: a message asks for the same few hosts many times (its
 * links and addresses, in every scanner), and the answer depends on the string alone: canonicalHost
 * went from 2.1% to 0.2% of an evaluate() profile on the bench message. Bounded in entries and in the length of what is kept.
 */
const CANONICAL = new Map<string, string>();
const MAX_CANONICAL = 4096;
const MAX_CACHED_HOST = 255;

/** registrableDomain's answers by the string given, as CANONICAL (the same hosts are asked for again and again). */
const REGISTRABLE = new Map<string, string>();

/**
 * The host as WHATWG URL would serialise it: lower case, punycode, IPv4 in dotted decimal even when
 * written in decimal/hex/octal (3232235777 → 192.168.1.1), IPv6 compressed. Brackets removed.
 * Returns '' for something that is no host at all.
 */
export function canonicalHost(host: string): string {
  if (host.length > MAX_CACHED_HOST) return hostOf(host);
  let canonical = CANONICAL.get(host);
  if (canonical === undefined) {
    canonical = hostOf(host);
    setBounded(CANONICAL, host, canonical, MAX_CANONICAL);
  }
  return canonical;
}

/** canonicalHost without its cache (what the cache keeps; tests compare the two). */
export function hostOf(host: string): string {
  const bare = bareHost(host.trim());
  if (bare === '') return '';
  try {
    const wrapped = bare.includes(':') ? `[${bare}]` : bare;
    return bareHost(new URL(`http://${wrapped}/`).hostname);
  } catch {
    return '';
  }
}

/** The host as a site is known by: canonicalHost without a leading "www." ('WWW.Google.com.' → 'google.com'). */
export function siteHost(host: string): string {
  return canonicalHost(host).replace(/^www\./, '');
}

/** The domain of an e-mail address ('<a@B.example>' → 'b.example', punycode); '' when there is none. */
export function domainOfAddress(address: string | undefined): string {
  if (!address) return '';
  const trimmed = address.trim().replace(/^<|>$/g, '');
  const at = trimmed.lastIndexOf('@');
  if (at === -1) return '';
  return canonicalHost(trimmed.slice(at + 1));
}

/** 4 or 6 when the (bare) host is an IP address, else 0. */
export function ipFamily(host: string): 0 | 4 | 6 {
  return isIP(host) as 0 | 4 | 6;
}

/** The registrable domain (eTLD+1) of an ASCII host; the host itself when there is none (IP, localhost). */
export function registrableDomain(host: string): string {
  if (host === '') return host;
  if (host.length > MAX_CACHED_HOST) return domainOf(host);
  let domain = REGISTRABLE.get(host);
  if (domain === undefined) {
    domain = domainOf(host);
    setBounded(REGISTRABLE, host, domain, MAX_CANONICAL);
  }
  return domain;
}

/** registrableDomain without its cache (what the cache keeps; tests compare the two). */
export function domainOf(host: string): string {
  if (host === '' || ipFamily(host) !== 0) return host;
  return getDomain(host) ?? host;
}

const localCache = new WeakMap<Policy, DomainSet>();

/** The policy's local domains ('*.' prefixes read as the domain itself), built once per Policy object. */
export function localDomains(policy: Policy): DomainSet {
  let d = localCache.get(policy);
  if (!d) {
    d = new DomainSet(policy.localDomains);
    localCache.set(policy, d);
  }
  return d;
}
