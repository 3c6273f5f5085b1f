import type { ParsedMessage } from '../../parse/types.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { FREEMAIL } from '../identity/freemail.js';
import { invalidFromReason, splitAddress } from '../identity/index.js';
import { collectUrls, wrappedUrls } from '../urls/index.js';
import { canonicalHost, localDomains, registrableDomain } from '../urls/domains.js';
import { displayedHost } from '../urls/link-text.js';
import { brandMatcher, findBrand, ownedBy, type Brand, type BrandHit } from './brands.js';

/** Link hosts looked at for the brand's name (a message with more is a newsletter, not a lure). */
const MAX_LINK_HOSTS = 200;

/** A link host that is not the brand's but carries its name ("paypal.secure-login.example"). */
function brandInLinks(message: ParsedMessage, brand: Brand, max: number): string | undefined {
  if (brand.compact.length === 0) return undefined;
  const seen = new Set<string>();
  for (const u of collectUrls(message, max)) {
    const host = u.host;
    if (host === '' || seen.has(host)) continue;
    seen.add(host);
    if (seen.size > MAX_LINK_HOSTS) break;
    if (ownedBy(brand, host)) continue;
    const parts = host.split(/[.-]/);
    if (brand.compact.some((c) => parts.includes(c) || host.includes(c))) return host;
  }
  return undefined;
}

/**
 * A link whose text shows one of the brand's domains ("trustwallet.com", "billing.spotify.com")
 * while it leads to a host that is not the brand's: the lure dressed in the brand's address.
 */
function brandInLinkText(message: ParsedMessage, brand: Brand, max: number): string | undefined {
  let looked = 0;
  for (const u of collectUrls(message, max)) {
    if (!u.text || u.host === '') continue;
    if (++looked > MAX_LINK_HOSTS) break;
    const shown = displayedHost(u.text);
    if (!shown || !ownedBy(brand, canonicalHost(shown))) continue;
    if (ownedBy(brand, canonicalHost(u.host))) continue;
    // a link wrapper (safe links, a tracker) carrying the brand's own URL is no disguise
    if (wrappedUrls(u.url).some((w) => URL.canParse(w) && ownedBy(brand, canonicalHost(new URL(w).hostname)))) continue;
    return shown;
  }
  return undefined;
}

/**
 * Every web link (at least one; pictures and mailto: do not count) leads away from both the brand
 * and the sender: none to the brand's domains (nor a tracker carrying the brand's URL), none to the
 * sender's own registrable domain. A brand's mail sent through a mailing service still links home.
 */
function linksElsewhere(message: ParsedMessage, brand: Brand, fromDomain: string, max: number): boolean {
  const own = fromDomain === '' ? '' : registrableDomain(fromDomain);
  let links = 0;
  for (const u of collectUrls(message, max)) {
    if (u.source !== 'href' && u.source !== 'text') continue;
    if (!/^https?$/.test(u.scheme) || u.host === '') continue;
    if (++links > MAX_LINK_HOSTS) return false;
    const host = canonicalHost(u.host);
    if (ownedBy(brand, host) || (own !== '' && registrableDomain(host) === own)) return false;
    if (wrappedUrls(u.url).some((w) => URL.canParse(w) && ownedBy(brand, canonicalHost(new URL(w).hostname)))) return false;
  }
  return links > 0;
}

/**
 * Brand impersonation: the From name names a brand of the policy's brand list ("Microsoft 365",
 * "Vietcombank", "Cục Thuế") while the From address is on none of that brand's domains. Reported
 * once per message, with tags that say how strong it is:
 *  - 'display-name' (the From name) or 'subject' (only the subject names the brand: weaker);
 *  - 'freemail' (sent from a free-mail mailbox), 'invalid-from' (no real sender address),
 *    'reply-to-elsewhere' (replies go to yet another domain), 'brand-in-link' (a link host that is
 *    not the brand's carries its name);
 *  - 'links-elsewhere' (From name only): every web link leads away from both the brand and the
 *    sender's own domain (linksElsewhere);
 *  - 'lookalike-letters' (either way): the brand is written with look-alike letters out of place
 *    ("PAYPA1", "G00GLE", "NETFLlX", "Arnazon", "VVells Fargo": findLookalikeBrand), a disguise;
 *  - 'brand-link-text' (either way: a link's text shows one of the brand's domains while the link
 *    goes elsewhere).
 * Mail from the local domains is not judged. A spoofed From on the brand's own domain is a matter
 * for SPF/DKIM/DMARC, not for this scanner.
 */
export function scanBrand(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const m = brandMatcher(ctx.policy);
  if (m.brands.length === 0) return [];
  const from = message.from[0];
  const fromParts = splitAddress(from?.address);
  const fromDomain = fromParts.domain;
  if (fromDomain !== '' && localDomains(ctx.policy).match(fromDomain) !== undefined) return [];

  let hit: BrandHit | undefined = from ? findBrand(m, from.name ?? '', true, true) : undefined;
  let where = 'display-name';
  if (!hit) {
    hit = findBrand(m, message.subject, false, true);
    where = 'subject';
  }
  if (!hit || ownedBy(hit.brand, fromDomain)) return [];

  const tags = [hit.brand.id, where];
  // The brand written with look-alike letters out of place ("PAYPA1", "Arnazon"): disguised on purpose.
  if (hit.lookalike !== undefined) tags.push('lookalike-letters');
  // Either way, a link showing the brand's address while it goes elsewhere is a disguise.
  const shownHost = brandInLinkText(message, hit.brand, ctx.limits.maxUrls);
  // How strong: only when the sender's own name claims the brand (a subject that merely names
  // a bank or a shop is ordinary talk).
  const linkHost = where === 'display-name' ? brandInLinks(message, hit.brand, ctx.limits.maxUrls) : undefined;
  if (where === 'display-name') {
    if (fromDomain !== '' && FREEMAIL.match(fromDomain) !== undefined) tags.push('freemail');
    if (invalidFromReason(from) !== undefined) tags.push('invalid-from');
    for (const r of message.replyTo.slice(0, 10)) {
      const rd = splitAddress(r.address).domain;
      if (rd !== '' && !ownedBy(hit.brand, rd) && registrableDomain(rd) !== registrableDomain(fromDomain)) {
        tags.push('reply-to-elsewhere');
        break;
      }
    }
    if (linkHost) tags.push('brand-in-link');
    if (linksElsewhere(message, hit.brand, fromDomain, ctx.limits.maxUrls)) tags.push('links-elsewhere');
  }
  if (shownHost) tags.push('brand-link-text');
  const shownFrom = from?.address || '(no address)';
  return [
    {
      scanner: 'sender',
      kind: 'sender.brand-impersonation',
      detail:
        `${where === 'display-name' ? `From name "${(from?.name ?? '').slice(0, 100)}"` : `subject`} names ${hit.brand.name}` +
        (hit.lookalike !== undefined ? ` (written "${hit.lookalike.slice(0, 100)}" with look-alike letters)` : '') +
        ` but the sender ${shownFrom.slice(0, 100)} is not on its domains` +
        (linkHost ? `; link host ${linkHost} carries the name` : '') +
        (shownHost ? `; a link shows ${shownHost} but leads elsewhere` : ''),
      subject: hit.brand.name,
      tags,
    },
  ];
}

export const brandScanner: Scanner = guardedScanner('sender', 'brand', scanBrand);
