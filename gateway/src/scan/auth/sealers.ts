import { normaliseEntry, type EntryResult } from '../../policy/lists.js';
import { DomainSet } from '../urls/domains.js';
import { IpMatcher } from '../urls/ip.js';

/**
 * Entries of trusted_arc_sealers. A seal is a signature: anyone holding a genuine sealed message
 * (a newsletter from a Google Group, say) can send it again from anywhere, and the seal still
 * verifies. So a sealer is believed only for mail handed to us by the sealer's own hosts:
 *
 *   google.com                                  the connecting host's verified name is google.com or under it
 *   microsoft.com host=protection.outlook.com   ... is under protection.outlook.com (one or more, comma-separated)
 *   lists.example ip=198.51.100.0/24            ... or its address is in these ranges (addresses or CIDR)
 *   tinh.gov.vn host=*                          believed whatever host hands the message over (the old way; avoid)
 *
 * A verified name: the client address's reverse DNS (PTR) name whose forward lookup (A/AAAA) gives
 * that address back, or the HELO name when it resolves to the address (sealer-host.ts). An entry
 * with neither host= nor ip= binds to the sealer's own domain: an existing list keeps working for
 * sealers whose mail servers are named in their domain, and is safe for the others.
 */

export interface SealerRule {
  /** The sealing domain (d= of the ARC-Seal), covering its subdomains. */
  domain: string;
  /** Host names the sealer's mail comes from (each covering its subdomains), or 'any' (host=*). */
  hosts: DomainSet | 'any';
  /** Addresses and ranges the sealer's mail comes from. */
  ips: IpMatcher;
  /** The entry as written in the list (normalised), for findings. */
  entry: string;
}

interface ParsedSealer {
  domain: string;
  hosts: string[] | 'any';
  ips: string[];
}

const MAX_OPTION_VALUES = 64;

function parse(text: string): { value: ParsedSealer; warning?: string } | { error: string } {
  const [first = '', ...options] = text.trim().split(/\s+/);
  const domain = normaliseEntry('domain', first);
  if ('error' in domain) return domain;
  let hosts: string[] | 'any' | undefined;
  const ips: string[] = [];
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = eq < 0 ? option : option.slice(0, eq).toLowerCase();
    const values = eq < 0 ? [] : option.slice(eq + 1).split(',').filter((v) => v !== '');
    if ((key !== 'host' && key !== 'ip') || values.length === 0) {
      return { error: `'${option}': after the sealer domain write host=NAME[,NAME…], ip=ADDRESS-OR-CIDR[,…] or host=* (e.g. "microsoft.com host=protection.outlook.com")` };
    }
    if (values.length > MAX_OPTION_VALUES) return { error: `'${key}=' takes at most ${MAX_OPTION_VALUES} values` };
    for (const v of values) {
      if (key === 'host' && v === '*') {
        hosts = 'any';
        continue;
      }
      const r = normaliseEntry(key === 'host' ? 'domain' : 'ip', v);
      if ('error' in r) return { error: `${key}=: ${r.error}` };
      if (key === 'ip') ips.push(r.value);
      else if (hosts !== 'any') hosts = [...(hosts ?? []), r.value];
    }
  }
  if (hosts === 'any' && (ips.length > 0 || options.some((o) => /^host=(?!\*$)/i.test(o)))) {
    return { error: `host=* already lets every host hand over ${domain.value}'s seals: write it alone` };
  }
  const value: ParsedSealer = { domain: domain.value, hosts: hosts ?? (ips.length > 0 ? [] : [domain.value]), ips };
  const warning = hosts === 'any' ? `${domain.value}: host=* believes its seals whatever host sends them (anyone can resend a sealed message)` : domain.warning;
  return warning ? { value, warning } : { value };
}

function render(s: ParsedSealer): string {
  const parts = [s.domain];
  if (s.hosts === 'any') parts.push('host=*');
  else if (s.hosts.length > 0 && !(s.hosts.length === 1 && s.hosts[0] === s.domain && s.ips.length === 0)) parts.push(`host=${s.hosts.join(',')}`);
  if (s.ips.length > 0) parts.push(`ip=${s.ips.join(',')}`);
  return parts.join(' ');
}

/**
 * One trusted_arc_sealers line, checked and normalised (domains in ASCII lower case, addresses as
 * the ip lists write them): what the policy loader stores for this list instead of a plain domain.
 */
export function normaliseSealerEntry(text: string): EntryResult {
  const r = parse(text);
  if ('error' in r) return r;
  return r.warning ? { value: render(r.value), warning: r.warning } : { value: render(r.value) };
}

/** The trusted sealers of a policy: which entry covers a sealing domain, and where its mail must come from. */
export class TrustedSealers {
  private readonly rules = new Map<string, ParsedSealer & { entries: string[] }>();
  private readonly compiled = new Map<string, SealerRule>();
  private readonly domains: DomainSet;

  constructor(entries: Iterable<string>) {
    for (const entry of entries) {
      const r = parse(entry);
      if ('error' in r) continue; // the policy loader reports it
      const known = this.rules.get(r.value.domain);
      if (!known) {
        this.rules.set(r.value.domain, { ...r.value, hosts: r.value.hosts === 'any' ? 'any' : [...r.value.hosts], ips: [...r.value.ips], entries: [entry] });
        continue;
      }
      // the same sealer twice: either line's hosts will do
      known.entries.push(entry);
      known.ips.push(...r.value.ips);
      if (known.hosts !== 'any') known.hosts = r.value.hosts === 'any' ? 'any' : [...known.hosts, ...r.value.hosts];
    }
    this.domains = new DomainSet(this.rules.keys());
    for (const [domain, r] of this.rules) {
      this.compiled.set(domain, { domain, hosts: r.hosts === 'any' ? 'any' : new DomainSet(r.hosts), ips: new IpMatcher(r.ips), entry: r.entries.join('; ') });
    }
  }

  get size(): number {
    return this.rules.size;
  }

  /** The listed sealer domain covering `host` (ASCII, lower case), or undefined. */
  match(host: string): string | undefined {
    return this.domains.match(host);
  }

  /** The rule of a listed sealer domain (as `match` returns it). */
  rule(domain: string): SealerRule | undefined {
    return this.compiled.get(domain);
  }
}
