import { getDomainWithoutSuffix } from 'tldts';
import type { Policy } from '../../policy/types.js';
import { brandMatcher, ownedBy, type BrandMatcher } from '../brand/brands.js';
import { canonicalHost, ipFamily, localDomains, registrableDomain } from '../urls/domains.js';
import { urlPolicy } from '../urls/lists.js';

/**
 * Which organisation a host belongs to, as far as one message can tell — for checks that ask
 * whether a link goes "somewhere else" than the sender and the rest of the message (pdf-lure.ts,
 * top-link.ts):
 *  - the brand of the brands list owning it ('brand:google' for youtube.com as for google.com);
 *  - else its registrable name without the suffix ('example' for www.example.co.uk and example.com:
 *    the same name under another suffix is taken as the same owner, the generous reading);
 *  - an IP address is its own family.
 */
export class DomainFamilies {
  private readonly brands: BrandMatcher;
  private readonly known = new Map<string, string>();

  constructor(private readonly policy: Policy) {
    this.brands = brandMatcher(policy);
  }

  /** The family of a host ('' for no host). */
  of(host: string): string {
    const h = canonicalHost(host);
    if (h === '') return '';
    let family = this.known.get(h);
    if (family !== undefined) return family;
    if (ipFamily(h) !== 0) family = h;
    else {
      const brand = this.brands.brands.find((b) => ownedBy(b, h));
      const domain = registrableDomain(h);
      family = brand ? `brand:${brand.id}` : (getDomainWithoutSuffix(domain) || domain);
    }
    if (this.known.size < 10_000) this.known.set(h, family);
    return family;
  }

  /** A host of the province's own (local domains) or on the policy's allowed list. */
  trusted(host: string): boolean {
    const h = canonicalHost(host);
    return h !== '' && (localDomains(this.policy).match(h) !== undefined || urlPolicy(this.policy).allowed.match(h) !== undefined);
  }
}
