import { getDomainWithoutSuffix } from 'tldts';
import type { Policy } from '../../policy/types.js';
import { brandMatcher, brandOwning, type BrandMatcher } from '../brand/brands.js';
import { canonicalHost, ipFamily, localDomains, registrableDomain } from '../urls/domains.js';
import { urlPolicy } from '../urls/lists.js';
import { FREEMAIL } from '../identity/freemail.js';
import { abusedHosting } from './index.js';

/**
 * Which organisation a host belongs to, as far as one message can tell — for checks that ask
 * whether a link goes "somewhere else" than the sender and the rest of the message (pdf-lure.ts,
 * top-link.ts):
 *  - the brand of the brands list owning it ('brand:google' for youtube.com as for google.com);
 *  - else its registrable name without the suffix ('example' for www.example.co.uk and example.com:
 *    the same name under another suffix is taken as the same owner, the generous reading);
 *  - an IP address is its own family.
 */
/** Protected domains under this suffix are the country's own agencies, banks and services (trusted()). */
const NATIONAL_SUFFIX = '.vn';

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
      const brand = brandOwning(this.brands, h);
      const domain = registrableDomain(h);
      family = brand ? `brand:${brand.id}` : (getDomainWithoutSuffix(domain) || domain);
    }
    if (this.known.size < 10_000) this.known.set(h, family);
    return family;
  }

  /**
   * A host of the province's own (local domains), on the policy's allowed list, or a Vietnamese
   * protected organisation's (an agency's portal like dichvucong.gov.vn, a bank, under .vn) that is
   * not free hosting: a notice with one link to the real public-service portal is everyday
   * government mail, and a fake portal is a lookalike, which the URL checks report. The protected
   * international services (google.com, dropbox.com, ...) are not trusted here: anyone publishes a
   * form or a file there (docs.google.com, a Dropbox share), the usual target of a one-link PDF.
   */
  trusted(host: string): boolean {
    const h = canonicalHost(host);
    if (h === '') return false;
    const p = urlPolicy(this.policy);
    if (localDomains(this.policy).match(h) !== undefined || p.allowed.match(h) !== undefined) return true;
    return h.endsWith(NATIONAL_SUFFIX) && p.protectedDomains.owned.match(h) !== undefined && FREEMAIL.match(h) === undefined && abusedHosting(this.policy).match(h) === undefined;
  }
}
