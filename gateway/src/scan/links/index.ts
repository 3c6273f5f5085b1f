import type { ParsedMessage, UrlRef, UrlSource } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { brandMatcher, brandOwning, ownedBy } from '../brand/brands.js';
import { collectUrls, wrappedUrls } from '../urls/index.js';
import { ABUSED_TLD_LIST, DEFAULT_SHORTENER_LIST, sentFromKnownDomain } from '../urls/lists.js';
import { canonicalHost, domainOfAddress, DomainSet, ipFamily } from '../urls/domains.js';
import { pastedTopLink } from './top-link.js';
import { brandWithAllLinksOnAbusedHosting } from './brand-hosting.js';

/**
 * Where links go, summed up per message (one finding per kind, so a policy's min_count counts
 * different signals, not a newsletter's hundred images):
 *  - url.abused-hosting: links to free hosting commonly abused for fake pages and scam images
 *    (the policy list 'abused_hosting'); tags: the services ('imgur.com', 'run.app'), 'link' when
 *    a link to follow goes there, 'picture' when a host only serves pictures of the body.
 *    The URL scanner also reports each such host as url.listed (list abused_hosting). Not counted:
 *    a host of the brand the From address belongs to (lists/brands.txt: a brand's own mail may
 *    link to its own hosting), and pictures alone from general cloud storage (S3, Google Cloud
 *    Storage, Azure blobs), where every newsletter tool keeps its pictures. Tag 'brand-all-links'
 *    (with 'brand:<name>'): the From address is a brand's own or the From name names one, and every
 *    web link goes to abused hosting or a raw IP (brand-hosting.ts).
 *  - url.abused-tld: web links (not pictures) to hosts under a top-level domain of the policy list
 *    'abused_tlds' (.xyz, .top, ...: names mostly registered for spam and phishing); tags: the TLDs.
 *  - url.hidden-destination: every web link of the message goes through a URL shortener, to a raw IP
 *    address or to an unnamed server: the reader cannot see where any of them leads; tags:
 *    'shortener', 'ip', 'server-host'. Not for mail from known domains (sentFromKnownDomain).
 *  - url.server-host: a host that is a server's generic name made from its IP address
 *    ("ec2-192-0-2-7.compute.example", "192.0.2.7.host.example"): a rented machine, not a web site.
 * And for the message itself (scanMessageLinks, not for a document's links): url.pasted-top-link, a
 * link to an unrelated site pasted above a copied newsletter (top-link.ts).
 */

/** Conventional name of the abused-hosting list in the policy (type domain). */
export const ABUSED_HOSTING_LIST = 'abused_hosting';
export { ABUSED_TLD_LIST };
/** Services named in the tags, at most. */
const MAX_TAGS = 10;

/** Four numbers 0–255 joined by '.' or '-', on label edges. */
const IP_IN_NAME =
  /(?:^|[.-])((?:25[0-5]|2[0-4]\d|1?\d?\d)[.-](?:25[0-5]|2[0-4]\d|1?\d?\d)[.-](?:25[0-5]|2[0-4]\d|1?\d?\d)[.-](?:25[0-5]|2[0-4]\d|1?\d?\d))(?:[.-]|$)/;

/** True when the host is a name (not an IP) that spells out an IPv4 address. */
export function isServerHost(host: string): boolean {
  if (host === '' || ipFamily(host) !== 0) return false;
  return IP_IN_NAME.test(host);
}

const caches = new Map<string, WeakMap<Policy, DomainSet>>();

/** A domain list of the policy as a domain set, built once per Policy object. */
function listSet(policy: Policy, name: string): DomainSet {
  let cache = caches.get(name);
  if (!cache) {
    cache = new WeakMap();
    caches.set(name, cache);
  }
  let d = cache.get(policy);
  if (!d) {
    d = new DomainSet(policy.lists.get(name)?.entries ?? []);
    cache.set(policy, d);
  }
  return d;
}

/** The policy's abused-hosting list as a domain set. */
export function abusedHosting(policy: Policy): DomainSet {
  return listSet(policy, ABUSED_HOSTING_LIST);
}

/** The policy's abused top-level domains as a domain set (an entry 'xyz' covers every name under .xyz). */
export function abusedTlds(policy: Policy): DomainSet {
  return listSet(policy, ABUSED_TLD_LIST);
}

/** The policy's URL shorteners (settings.shortenerList) as a domain set. */
function shortenerSet(policy: Policy): DomainSet {
  return listSet(policy, policy.settings.shortenerList ?? DEFAULT_SHORTENER_LIST);
}

/** Where a URL is a picture (or style) of the body rather than a link to follow. */
const PICTURE_SOURCES: ReadonlySet<UrlSource> = new Set<UrlSource>(['src', 'srcset', 'css']);
/**
 * General cloud storage on the abused-hosting list: attackers put pages there, but every newsletter
 * tool keeps its pictures there too, so pictures alone from these hosts do not count.
 */
const CLOUD_STORAGE = new DomainSet([
  's3.amazonaws.com',
  'storage.googleapis.com',
  'firebasestorage.googleapis.com',
  'blob.core.windows.net',
  'r2.dev',
]);

/** A link a reader follows (not a picture or a style sheet); text URLs only when written with their scheme. */
function isWebLink(u: UrlRef): boolean {
  if (!/^https?$/.test(u.scheme)) return false;
  if (u.source === 'href' || u.source === 'form' || u.source === 'meta-refresh') return true;
  // linkify also reads file names ("setup.zip") as hosts; a link written out has its scheme
  return (u.source === 'text' || u.source === 'attachment' || u.source === 'calendar') && /^\s*https?:\/\//i.test(u.raw);
}

function short(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

interface AbusedHost {
  service: string;
  url: string;
  /** A link to follow goes there (not only pictures of the body). */
  link: boolean;
}

/** url.abused-hosting for the message's hosts on the list, or undefined. */
function abusedHostingFinding(hosts: Iterable<AbusedHost>): Finding | undefined {
  const services = new Set<string>();
  let count = 0;
  let first: string | undefined;
  let linked = false;
  let pictured = false;
  for (const h of hosts) {
    // Pictures kept in general cloud storage are what every newsletter tool does; a page there is not.
    if (!h.link && CLOUD_STORAGE.match(h.service) !== undefined) continue;
    count++;
    first ??= h.url;
    if (services.size < MAX_TAGS) services.add(h.service);
    if (h.link) linked = true;
    else pictured = true;
  }
  if (first === undefined) return undefined;
  return {
    scanner: 'urls',
    kind: 'url.abused-hosting',
    detail: `${count} link host${count > 1 ? 's' : ''} on free hosting commonly abused (${[...services].join(', ')})${linked ? '' : ', for pictures only'}`,
    subject: short(first),
    tags: [...services, ...(linked ? ['link'] : []), ...(pictured ? ['picture'] : [])],
  };
}

/** How a web link hides where it leads, or undefined when its host is a named site. */
function hidingWay(host: string, shorteners: DomainSet): string | undefined {
  if (shorteners.match(host) !== undefined) return 'shortener';
  if (ipFamily(host) !== 0) return 'ip';
  return isServerHost(host) ? 'server-host' : undefined;
}

export function scanLinks(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const abused = abusedHosting(ctx.policy);
  const tlds = abusedTlds(ctx.policy);
  const shorteners = shortenerSet(ctx.policy);
  // A brand's own mail linking to its own hosting (a Google mail with a googleapis.com file) is no abuse.
  const fromDomain = domainOfAddress(message.from[0]?.address);
  const senderBrand = fromDomain === '' ? undefined : brandOwning(brandMatcher(ctx.policy), fromDomain);
  const hostsDone = new Set<string>();
  const abusedHosts = new Map<string, AbusedHost>();
  let serverCount = 0;
  let serverFirst: { host: string; url: string } | undefined;
  // every web link hiding where it leads (url.hidden-destination)
  let webLinks = 0;
  let allHidden = true;
  const hiding = new Set<string>();
  let hiddenFirst: string | undefined;
  // web links under abused top-level domains (url.abused-tld)
  const tldHosts = new Set<string>();
  const tldNames = new Set<string>();
  let tldFirst: string | undefined;
  for (const u of collectUrls(message, ctx.limits.maxUrls)) {
    const host = canonicalHost(u.host || '');
    if (host === '') continue;
    if (isWebLink(u)) {
      webLinks++;
      const how = hidingWay(host, shorteners);
      if (how === undefined) allHidden = false;
      else {
        hiding.add(how);
        hiddenFirst ??= u.url;
      }
      const tld = tldHosts.has(host) ? undefined : tlds.match(host);
      if (tld !== undefined) {
        tldHosts.add(host);
        tldFirst ??= u.url;
        if (tldNames.size < MAX_TAGS) tldNames.add(tld);
      }
    }
    const link = !PICTURE_SOURCES.has(u.source);
    // a link through a redirector or safe-link wrapper goes where the URL it carries goes
    for (const w of link ? wrappedUrls(u.url) : []) {
      const inner = URL.canParse(w) ? canonicalHost(new URL(w).hostname) : '';
      const service = inner === '' || abusedHosts.has(inner) ? undefined : abused.match(inner);
      if (service !== undefined && !(senderBrand && ownedBy(senderBrand, inner))) abusedHosts.set(inner, { service, url: w, link: true });
    }
    const known = abusedHosts.get(host);
    if (known && link) known.link = true;
    if (hostsDone.has(host)) continue;
    hostsDone.add(host);
    const service = abused.match(host);
    if (service !== undefined && !(senderBrand && ownedBy(senderBrand, host))) {
      abusedHosts.set(host, { service, url: u.url, link });
    }
    if (isServerHost(host)) {
      serverCount++;
      serverFirst ??= { host, url: u.url };
    }
  }
  const findings: Finding[] = [];
  const hostingFinding = abusedHostingFinding(abusedHosts.values());
  if (hostingFinding) {
    const brand = brandWithAllLinksOnAbusedHosting(message, ctx, abused, senderBrand, isWebLink, isServerHost);
    if (brand) {
      hostingFinding.tags = [...(hostingFinding.tags ?? []), 'brand-all-links', `brand:${brand.id}`];
      hostingFinding.detail += `; the message speaks for ${brand.name} but every link goes there, none to its own sites`;
    }
    findings.push(hostingFinding);
  }
  if (webLinks > 0 && allHidden && hiddenFirst !== undefined && !sentFromKnownDomain(message, ctx.policy)) {
    findings.push({
      scanner: 'urls',
      kind: 'url.hidden-destination',
      detail: `every web link of the message (${webLinks}) goes through ${[...hiding].join(', ')}: none shows where it leads`,
      subject: short(hiddenFirst),
      tags: [...hiding],
    });
  }
  if (tldFirst !== undefined) {
    findings.push({
      scanner: 'urls',
      kind: 'url.abused-tld',
      detail: `${tldHosts.size} link host${tldHosts.size > 1 ? 's' : ''} under top-level domains mostly registered for abuse (${[...tldNames].map((t) => `.${t}`).join(', ')})`,
      subject: short(tldFirst),
      tags: [...tldNames],
    });
  }
  if (serverFirst) {
    findings.push({
      scanner: 'urls',
      kind: 'url.server-host',
      detail: `link to ${serverFirst.host}, a server named after its IP address${serverCount > 1 ? ` (and ${serverCount - 1} more such hosts)` : ''}`,
      subject: short(serverFirst.url),
      tags: [serverFirst.host],
    });
  }
  return findings;
}

/** The message's links summed up (scanLinks), and a lure pasted above a copied newsletter (top-link.ts). */
export function scanMessageLinks(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const findings = scanLinks(message, ctx);
  const top = pastedTopLink(message, ctx);
  if (top) findings.push(top);
  return findings;
}

export const linksScanner: Scanner = guardedScanner('urls', 'links', scanMessageLinks);
