import type { ParsedMessage } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import { AUTH_LIST_TYPES } from '../auth/lists.js';
import { FREEMAIL } from '../identity/freemail.js';
import { domainOfAddress, DomainSet, localDomains, registrableDomain } from './domains.js';
import { getDomain } from 'tldts';
import { IpMatcher } from './ip.js';
import { LookalikeMatcher } from './lookalike.js';
import { trimEndChar } from '../../trim.js';

/** Conventional list names, used when the policy's settings do not name the lists. */
export const DEFAULT_PROTECTED_LIST = 'protected_domains';
export const DEFAULT_SHORTENER_LIST = 'shorteners';
export const DEFAULT_ALLOWED_LIST = 'allowed_domains';
/**
 * Top-level domains mostly registered for abuse (type domain, entries 'xyz', 'top'): summed up per
 * message by the links scanner (url.abused-tld), not reported host by host as url.listed.
 */
export const ABUSED_TLD_LIST = 'abused_tlds';
/**
 * Document-sharing and e-signature services (content/share-lure.ts): genuine destinations of a
 * "shared with you" notice, not a blocklist.
 */
export const SHARE_SERVICES_LIST = 'share_services';

export interface NamedDomainList {
  name: string;
  set: DomainSet;
}
export interface NamedUrlList {
  name: string;
  keys: Set<string>;
}
export interface NamedIpList {
  name: string;
  ips: IpMatcher;
}

/** Everything the URL and sender scanners need from a policy, compiled once per Policy object. */
export interface UrlPolicy {
  blockedDomains: NamedDomainList[];
  blockedUrls: NamedUrlList[];
  blockedIps: NamedIpList[];
  shorteners: DomainSet;
  allowed: DomainSet;
  /** Lookalike matcher over the protected list. */
  protectedDomains: LookalikeMatcher;
  /** The province's own domains (policy local_domains; '*.x' covers x's subdomains). */
  local: DomainSet;
  shortenerList: string;
  allowedList: string;
  protectedList: string;
}

/**
 * The key under which a URL is compared with url-list entries: the WHATWG serialisation without
 * the fragment and without a trailing slash at the end of the path. Undefined when it is no URL.
 */
export function urlKey(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  u.hash = '';
  const href = u.href;
  const q = u.search === '' ? href.length : href.indexOf('?');
  return trimEndChar(href.slice(0, q), '/') + href.slice(q);
}

function urlKeys(entry: string): string[] {
  const direct = urlKey(entry);
  if (direct !== undefined) return [direct];
  // A written-out host/path without scheme: match it over http and https.
  return ['http://', 'https://'].flatMap((s) => urlKey(s + entry) ?? []);
}

const cache = new WeakMap<Policy, UrlPolicy>();

export function urlPolicy(policy: Policy): UrlPolicy {
  let compiled = cache.get(policy);
  if (!compiled) {
    compiled = compile(policy);
    cache.set(policy, compiled);
  }
  return compiled;
}

function compile(policy: Policy): UrlPolicy {
  const protectedList = policy.settings.protectedList ?? DEFAULT_PROTECTED_LIST;
  const shortenerList = policy.settings.shortenerList ?? DEFAULT_SHORTENER_LIST;
  const allowedList = policy.settings.allowedList ?? DEFAULT_ALLOWED_LIST;
  // Lists with a meaning of their own are not blocklists: a link to a trusted ARC sealer
  // (google.com), a sharing service (drive.google.com) or a trusted forwarder's address is no finding.
  const special = new Set([protectedList, shortenerList, allowedList, ABUSED_TLD_LIST, SHARE_SERVICES_LIST, ...Object.keys(AUTH_LIST_TYPES)]);
  const entries = (name: string): string[] => policy.lists.get(name)?.entries ?? [];

  const blockedDomains: NamedDomainList[] = [];
  const blockedUrls: NamedUrlList[] = [];
  const blockedIps: NamedIpList[] = [];
  for (const list of policy.lists.values()) {
    if (list.type === 'domain' && !special.has(list.name)) {
      blockedDomains.push({ name: list.name, set: new DomainSet(list.entries) });
    } else if (list.type === 'url') {
      blockedUrls.push({ name: list.name, keys: new Set(list.entries.flatMap(urlKeys)) });
    } else if (list.type === 'ip' && !special.has(list.name)) {
      blockedIps.push({ name: list.name, ips: new IpMatcher(list.entries) });
    }
  }
  return {
    blockedDomains,
    blockedUrls,
    blockedIps,
    shorteners: new DomainSet(entries(shortenerList)),
    allowed: new DomainSet(entries(allowedList)),
    protectedDomains: new LookalikeMatcher(entries(protectedList)),
    local: localDomains(policy),
    shortenerList,
    allowedList,
    protectedList,
  };
}

/**
 * True when the From address is on a domain of the protected list: an agency's or a bank's own
 * domain (free-mail providers excepted, anyone has a mailbox there). Such a sender words its own
 * notices as it likes ("cập nhật sinh trắc học trên ứng dụng"); a forged one is a matter for
 * SPF/DKIM/DMARC and the lookalike checks.
 */
export function sentFromProtectedDomain(message: ParsedMessage, policy: Policy): boolean {
  const domain = domainOfAddress(message.from[0]?.address);
  if (domain === '' || FREEMAIL.match(domain) !== undefined) return false;
  return urlPolicy(policy).protectedDomains.owned.match(domain) !== undefined;
}

/**
 * True when the From address is on the protected list through an entry naming one organisation
 * (gdt.gov.vn, bidv.com.vn, microsoft.com), not through a shared suffix such as gov.vn (thousands of
 * offices mail from under gov.vn, and any one of them may be a taken-over mailbox), AND every link of
 * the message (`hosts`) stays with known organisations: the sender's own registrable domain, an
 * organisation of the protected list, or the allowed list. A forged From on a bank's domain that links
 * to free hosting (the usual spoof) is not such a notice.
 */
export function sentFromProtectedOrganisation(message: ParsedMessage, policy: Policy, hosts: readonly string[]): boolean {
  const domain = domainOfAddress(message.from[0]?.address);
  if (domain === '' || FREEMAIL.match(domain) !== undefined) return false;
  const p = urlPolicy(policy);
  const organisation = (host: string): boolean => {
    const entry = p.protectedDomains.owned.match(host);
    return entry !== undefined && getDomain(entry) !== null;
  };
  if (!organisation(domain)) return false;
  // the sender's domain has a registrable name (its protected entry has one): registrableDomain
  // (cached) answers as getDomain for it and for any link host that can equal it
  const own = registrableDomain(domain);
  return hosts.every((h) => h === '' || registrableDomain(h) === own || organisation(h) || p.allowed.match(h) !== undefined);
}

/**
 * True when the From address is on a domain the policy knows as a real organisation: the local
 * domains, the allowed list, or the protected list (sentFromProtectedDomain). The combination
 * signals (lures, picture-only bodies, hidden links) leave such mail alone: an agency or a bank
 * words its own notices as it likes, and a forged one is a matter for SPF/DKIM/DMARC and the
 * lookalike checks.
 */
export function sentFromKnownDomain(message: ParsedMessage, policy: Policy): boolean {
  const domain = domainOfAddress(message.from[0]?.address);
  if (domain === '') return false;
  const p = urlPolicy(policy);
  if (p.local.match(domain) !== undefined || p.allowed.match(domain) !== undefined) return true;
  return sentFromProtectedDomain(message, policy);
}
