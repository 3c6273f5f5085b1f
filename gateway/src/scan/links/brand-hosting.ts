import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { ScanContext } from '../types.js';
import { brandMatcher, findBrand, ownedBy, type Brand } from '../brand/brands.js';
import { collectUrls } from '../urls/index.js';
import { canonicalHost, domainOfAddress, DomainSet, ipFamily } from '../urls/domains.js';

/**
 * True when the closest entry of lists/brands.txt that covers `domain` is listed for more than one
 * brand (a shared parent such as gov.vn), so the domain is no one brand's own.
 */
function sharedByBrands(ctx: ScanContext, domain: string): boolean {
  if (domain === '') return false;
  let closest = '';
  let owners = 0;
  for (const b of brandMatcher(ctx.policy).brands) {
    const entry = b.domains.match(domain);
    if (entry === undefined) continue;
    if (entry.length > closest.length) {
      closest = entry;
      owners = 1;
    } else if (entry === closest) owners++;
  }
  return owners > 1;
}

/** Web links looked at; a message with more is a newsletter, not a lure. */
const MAX_LINKS = 200;

/**
 * A brand's mail whose every link leaves for abused hosting: the From address is on a brand's own
 * domains (lists/brands.txt: a spoofed "naoresponder@bradesco.com.br") or the From name names a
 * brand, and every web link of the message (at least one; pictures do not count) goes to free
 * hosting on the abused-hosting list (Cloud Run run.app, Firebase, workers.dev, pages.dev, IPFS
 * gateways...), to a raw IP address or to a server named after its IP. A bank or a large company
 * links its mail to its own sites, or through its mailing service's click tracker; a message in its
 * name with no link of its own and every link on throw-away hosting is a phishing page.
 * Returns the brand, or undefined.
 */
export function brandWithAllLinksOnAbusedHosting(
  message: ParsedMessage,
  ctx: ScanContext,
  abused: DomainSet,
  senderBrand: Brand | undefined,
  isWebLink: (u: UrlRef) => boolean,
  isServerHost: (host: string) => boolean,
): Brand | undefined {
  let brand = senderBrand;
  // A sender domain several brands share (gov.vn: every agency of every province) shows no brand's
  // own sites: a Sở's survey on Google Forms is not "the Ministry of Public Security on free hosting".
  if (brand && sharedByBrands(ctx, domainOfAddress(message.from[0]?.address))) return undefined;
  if (!brand) {
    const from = message.from[0];
    const m = brandMatcher(ctx.policy);
    if (m.brands.length === 0 || !from?.name) return undefined;
    brand = findBrand(m, from.name, true)?.brand;
  }
  if (!brand) return undefined;
  let links = 0;
  for (const u of collectUrls(message, ctx.limits.maxUrls)) {
    if (!isWebLink(u)) continue;
    const host = canonicalHost(u.host || '');
    if (host === '') continue;
    if (++links > MAX_LINKS) return undefined;
    if (ownedBy(brand, host)) return undefined;
    if (ipFamily(host) !== 0 || isServerHost(host)) continue;
    if (abused.match(host) === undefined) return undefined;
  }
  return links > 0 ? brand : undefined;
}
