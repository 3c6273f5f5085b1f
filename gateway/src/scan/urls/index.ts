import { domainToUnicode } from 'node:url';
import type { Attachment, ParsedMessage, UrlRef } from '../../parse/types.js';
import { guardedScanner } from '../guarded.js';
import { setBounded } from '../../bounded.js';
import { isCarriedMessage, isForwardedMessage } from '../../parse/index.js';
import type { Finding, FindingPart, ScanContext, Scanner } from '../types.js';
import { brandMatcher } from '../brand/brands.js';
import { bareHost, canonicalHost, domainOfAddress, ipFamily, registrableDomain } from './domains.js';
import { governmentDisguise } from './government.js';
import { displayedHost, showsSocialPage } from './link-text.js';
import { urlKey, urlPolicy, type UrlPolicy } from './lists.js';
import { anonymousHostTags, downloadedFile, WINDOWS_HANDLER_SCHEMES, windowsLinkTags, type DownloadedFile } from './delivery.js';

/** At most this many findings of one kind (and list) per message: a newsletter with 500 links is not 500 reasons. */
export const MAX_FINDINGS_PER_KIND = 50;
/** Redirect parameters followed per URL (one level deep). */
const MAX_WRAPPED_PER_URL = 4;

/** One URL to check: a UrlRef of the message, or a URL found in a redirect parameter of one. */
interface Target {
  ref: UrlRef;
  /** The outer URL when this one was taken from its query string. */
  wrappedIn?: string;
}

class Findings {
  private readonly seen = new Set<string>();
  /** Findings per kind and list: hosts on one list (free hosting) never crowd out those of another (blocked). */
  private readonly perKind = new Map<string, number>();
  readonly list: Finding[] = [];
  /** Shortener services linked to, in order, with the first URL through each: one url.shortener per message. */
  private readonly shorteners = new Map<string, string>();

  shortened(service: string, url: string): void {
    if (!this.shorteners.has(service) && this.shorteners.size < MAX_FINDINGS_PER_KIND) this.shorteners.set(service, url);
  }

  /** The findings, with the shorteners summed up in one url.shortener (tags: the services). */
  done(shortenerList: string): Finding[] {
    if (this.shorteners.size === 0) return this.list;
    const services = [...this.shorteners.keys()];
    const first = this.shorteners.values().next().value as string;
    return [
      ...this.list,
      {
        scanner: 'urls',
        kind: 'url.shortener',
        list: shortenerList,
        detail: `links through URL shortener${services.length > 1 ? 's' : ''} ${services.slice(0, 10).join(', ')} hide where they lead`,
        subject: first,
        tags: services.slice(0, 10),
      },
    ];
  }

  add(key: string, f: Omit<Finding, 'scanner'>): void {
    const k = `${f.kind}|${f.list ?? ''}|${key}`;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    const slot = `${f.kind}|${f.list ?? ''}`;
    const n = this.perKind.get(slot) ?? 0;
    if (n >= MAX_FINDINGS_PER_KIND) return;
    this.perKind.set(slot, n + 1);
    this.list.push({ scanner: 'urls', ...f });
  }
}

/** Every URL of the message and of its nested messages, at most `max`. */
export function collectUrls(message: ParsedMessage, max: number): UrlRef[] {
  const out: UrlRef[] = [];
  const walk = (m: ParsedMessage, depth: number): void => {
    for (const u of m.urls) {
      if (out.length >= max) return;
      out.push(u);
    }
    if (depth < 32) for (const n of m.nested) walk(n, depth + 1);
  };
  walk(message, 0);
  return out;
}

/**
 * http(s) URLs carried by `url` (redirectors, safe-link wrappers, trackers): in a query parameter
 * (?q=https://…), as the whole query (an ad server's click URL, ;?https://…), base64url-encoded
 * after "a1" (Bing's click tracker, u=a1aHR0cHM6…) or in a path after /amp/s/ (Google's AMP viewer,
 * which opens the page named there). Asked for every link by the urls, links, brand and content
 * scanners: answered once per URL string (a bounded cache; the answer depends on the string alone).
 */
export function wrappedUrls(url: string): readonly string[] {
  // only a query or Google's AMP path carries another URL (the URL parser drops tabs and newlines)
  if (!url.includes('?') && !AMP_LETTERS.test(url)) return NO_URLS;
  if (url.length > MAX_CACHED_URL) return readWrapped(url);
  let found = WRAPPED.get(url);
  if (found === undefined) {
    found = readWrapped(url);
    setBounded(WRAPPED, url, found, MAX_WRAPPED_CACHE);
  }
  return found;
}

const NO_URLS: readonly string[] = Object.freeze([]);
const AMP_LETTERS = /a[\t\n\r]*m[\t\n\r]*p/i;
const WRAPPED = new Map<string, readonly string[]>();
const MAX_WRAPPED_CACHE = 4096;
const MAX_CACHED_URL = 2048;

/** wrappedUrls without its cache (what the cache keeps). */
export function readWrapped(url: string): readonly string[] {
  if (!/^https?:/i.test(url)) return NO_URLS;
  const out: string[] = [];
  try {
    const u = new URL(url);
    const path = u.pathname.toLowerCase();
    if (path.startsWith('/amp/') && /^(www\.)?google\.[a-z]{2,3}(\.[a-z]{2})?$/i.test(u.hostname)) {
      const secure = path.startsWith('/amp/s/');
      const rest = u.pathname.slice(secure ? 7 : 5) + u.search;
      if ((rest.split(/[/?#]/)[0] ?? '').includes('.')) out.push(`${secure ? 'https' : 'http'}://${rest}`);
    }
    const query = u.search.slice(1);
    if (/^https?:\/\/[^/]/i.test(query)) out.push(query);
    for (const value of u.searchParams.values()) {
      if (out.length >= MAX_WRAPPED_PER_URL) break;
      if (/^https?:\/\/[^/]/i.test(value)) out.push(value);
      else if (/^a1[A-Za-z0-9_-]{12,}$/.test(value)) {
        const decoded = Buffer.from(value.slice(2), 'base64url').toString('utf8');
        if (/^https?:\/\/[^/]/i.test(decoded) && !/\s/.test(decoded)) out.push(decoded);
      }
    }
  } catch {
    return out;
  }
  return [...new Set(out)].slice(0, MAX_WRAPPED_PER_URL);
}

function targetOf(url: string, outer: UrlRef): Target | undefined {
  try {
    const u = new URL(url);
    const host = bareHost(u.hostname);
    return {
      wrappedIn: outer.url,
      ref: {
        url: u.href,
        raw: url,
        host,
        hostUnicode: domainToUnicode(host) || host,
        scheme: u.protocol.replace(/:$/, ''),
        hasUserinfo: u.username !== '' || u.password !== '',
        source: outer.source,
        ...(outer.partId !== undefined ? { partId: outer.partId } : {}),
      },
    };
  } catch {
    return undefined;
  }
}

const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript', 'livescript', 'file']);
const DANGEROUS_DATA = /^data:\s*(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/javascript|application\/(x-)?javascript|application\/x-msdownload|application\/octet-stream)/i;

/** The scheme as the finding names it when the URL can run code or open local files; else undefined. */
export function suspiciousScheme(ref: UrlRef): string | undefined {
  const scheme = (ref.scheme || (/^\s*([a-z][a-z0-9+.-]*):/i.exec(ref.raw)?.[1] ?? '')).toLowerCase();
  if (SCRIPT_SCHEMES.has(scheme) || WINDOWS_HANDLER_SCHEMES.has(scheme)) return scheme;
  if (scheme === 'data') {
    const m = DANGEROUS_DATA.exec(ref.url) ?? DANGEROUS_DATA.exec(ref.raw.trim());
    if (m) return `data:${m[1]!.toLowerCase()}`;
  }
  return undefined;
}

function short(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

function userinfoOf(ref: UrlRef): string | undefined {
  try {
    const u = new URL(ref.url);
    if (u.username === '' && u.password === '') return undefined;
    const text = u.password ? `${u.username}:${u.password}` : u.username;
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  } catch {
    return ref.hasUserinfo ? '' : undefined;
  }
}

/** Host-level checks (lists, IP host, shortener, lookalike); the same for every URL on that host. */
function checkHost(host: string, ref: UrlRef, where: string, at: { part?: FindingPart }, p: UrlPolicy, out: Findings): void {
  const subject = short(ref.url);
  const family = ipFamily(host);
  if (family !== 0) {
    const rawHost = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(ref.raw.trim())?.[1] ?? host;
    const obfuscated = family === 4 && bareHost(rawHost) !== host;
    out.add(host, {
      kind: 'url.ip-host',
      detail: `link to a raw IPv${family} address ${host}${obfuscated ? ` (written as ${rawHost})` : ''}${where}`,
      subject,
      ...at,
      tags: [`ipv${family}`, ...(obfuscated ? ['obfuscated'] : [])],
    });
    for (const l of p.blockedIps) {
      const entry = l.ips.match(host);
      if (entry) out.add(host, { kind: 'url.listed', list: l.name, detail: `IP ${host} is on list ${l.name} (${entry})${where}`, subject, ...at });
    }
    return;
  }
  for (const l of p.blockedDomains) {
    const entry = l.set.match(host);
    if (entry) out.add(host, { kind: 'url.listed', list: l.name, detail: `host ${host} is on list ${l.name} (${entry})${where}`, subject, ...at, tags: [entry] });
  }
  if (p.allowed.match(host) !== undefined) return;
  const shortener = p.shorteners.match(host);
  if (shortener) out.shortened(shortener, subject);
  const hit = p.protectedDomains.check(host);
  if (hit) {
    const shown = domainToUnicode(host) || host;
    out.add(host, {
      kind: 'url.lookalike',
      detail: `host ${shown}${shown !== host ? ` (${host})` : ''} imitates ${hit.imitated} (${hit.reason})${where}`,
      subject,
      ...at,
      tags: [hit.imitated, hit.reason],
    });
  }
  // only where the look-alike check above named no protected domain: one reason per host
  const gov = hit || p.local.match(host) !== undefined ? undefined : governmentDisguise(host, registrableDomain(host));
  if (gov) {
    const shown = domainToUnicode(host) || host;
    out.add(host, {
      kind: 'url.government-lookalike',
      detail: `host ${shown}${shown !== host ? ` (${host})` : ''} is dressed as a government domain (${gov.imitated}, ${gov.form}) but is not one${where}`,
      subject,
      ...at,
      tags: [gov.imitated, gov.form],
    });
  }
}

/** What checkTarget needs to know about the message besides its URLs. */
interface MessageSide {
  /** Registrable domain of the From address; '' when none. */
  senderDomain: string;
  /** True when the host is a domain of a brand in the policy's brand list. */
  isBrandDomain(host: string): boolean;
  /** Why a host is nobody's web site (delivery.ts): 'ip-host', 'abused-hosting', 'abused-tld', 'file-sharing' (programs only). */
  anonymousHost(host: string, file: DownloadedFile): string[];
  /** The part a link was found in (Finding.part), or undefined for the message's own body. */
  partOf(ref: UrlRef): FindingPart | undefined;
}

function checkTarget(t: Target, p: UrlPolicy, hostsDone: Set<string>, out: Findings, side: MessageSide): void {
  const { ref } = t;
  // a calendar invitation's link is named with its part (the event a calendar shows, not the mail's body)
  const invite = ref.source === 'calendar' ? ` in the calendar invitation${ref.partId ? ` ${ref.partId}` : ''}` : '';
  const where = `${t.wrappedIn ? ` (inside ${short(t.wrappedIn)})` : ''}${invite}`;
  // every finding below is about this one link: it names the part the link was found in
  const part = side.partOf(ref);
  const at = part ? { part } : {};
  if (ref.source !== 'text') {
    const scheme = suspiciousScheme(ref);
    if (scheme) {
      // file:, UNC and Windows-handler links also say whether they open a WebDAV share or a program (delivery.ts)
      const extra = windowsLinkTags(ref, scheme);
      out.add(`${scheme}|${extra.join(',')}`, { kind: 'url.suspicious-scheme', detail: `${scheme} link in ${ref.source}${extra.length ? ` (${extra.join(', ')})` : ''}${where}`, subject: short(ref.url), ...at, tags: [scheme, ...extra] });
    }
  }
  const key = urlKey(ref.url);
  if (key !== undefined) {
    for (const l of p.blockedUrls) {
      if (l.keys.has(key)) out.add(key, { kind: 'url.listed', list: l.name, detail: `URL is on list ${l.name}${where}`, subject: short(ref.url), ...at });
    }
  }
  const host = canonicalHost(ref.host || '');
  if (host === '') return;
  if (!hostsDone.has(host)) {
    hostsDone.add(host);
    checkHost(host, ref, where, at, p, out);
  }
  // A link straight to a program, script, disk image or archive: how malspam delivers once
  // attachments are stripped. Tagged with why the host is nobody's site, for the policy to weigh.
  const file = p.allowed.match(host) === undefined ? downloadedFile(ref) : undefined;
  const anonymous = file ? side.anonymousHost(host, file) : [];
  // a web site's own ISAPI/CGI program (shop.dll?item=1) is a page, unless the host is nobody's
  if (file && !(file.endpoint && anonymous.length === 0)) {
    out.add(`${host}|${file.name}`, {
      kind: 'url.file-download',
      detail: `link downloads ${file.family === 'runs-code' ? 'a file that runs code' : file.family === 'disk-image' ? 'a disk image' : 'an archive'} (${file.name}) from ${host}${anonymous.length ? ` (${anonymous.join(', ')})` : ''}${where}`,
      subject: short(ref.url),
      ...at,
      tags: [file.family, file.ext, ...anonymous],
    });
  }
  if (t.wrappedIn || p.allowed.match(host) !== undefined) return;

  const userinfo = ref.hasUserinfo || ref.url.includes('@') ? userinfoOf(ref) : undefined;
  if (userinfo !== undefined) {
    const domainLike = /[\p{L}\p{N}-]+\.[\p{L}]{2,}/u.test(userinfo.slice(0, 256));
    out.add(host, {
      kind: 'url.userinfo-deception',
      detail: `URL carries userinfo${domainLike ? ` that looks like a domain (${userinfo.slice(0, 100)})` : ''} before the real host ${host}`,
      subject: short(ref.url),
      ...at,
      tags: domainLike ? ['domain-like'] : [],
    });
  }
  if (ref.text && /^(https?|ftp)$/.test(ref.scheme)) {
    const shown = displayedHost(ref.text);
    if (shown && registrableDomain(shown) !== registrableDomain(host)) {
      const carried = carriedHosts(ref.url).some((h) => registrableDomain(h) === registrableDomain(shown));
      // A social page in a newsletter footer ("facebook.com/ourpage") through the sender's click
      // tracker is a plain mismatch, not a disguised sign-in page of a protected domain.
      const imitated = showsSocialPage(ref.text) ? undefined : p.protectedDomains.owned.match(shown);
      // The sender's own click tracker (a newsletter from example.com linking "site.example" through
      // click.example.com) deceives nobody about who sends; unless the text shows a bank, an
      // agency or a brand, which a hijacked mailing account does.
      const ownTracker =
        side.senderDomain !== '' && registrableDomain(host) === side.senderDomain && !imitated && !side.isBrandDomain(canonicalHost(shown));
      if (!carried && !ownTracker) {
        out.add(`${host}|${shown}`, {
          kind: 'url.text-mismatch',
          detail: `link text shows ${shown} but the link goes to ${host}`,
          subject: short(ref.url),
          ...at,
          // 'shows-protected': the text names a protected domain (a bank, gov.vn): a stronger sign;
          // 'shows-local': the text names the province's own domain while the link leaves it.
          tags: [
            shown,
            ...(imitated ? ['shows-protected', imitated] : []),
            ...(p.local.match(canonicalHost(shown)) !== undefined ? ['shows-local'] : []),
          ],
        });
      }
    }
  }
}

/**
 * Hosts a link wrapper names in its query string: wrapped URLs (?url=https://…) and bare host
 * names (Mimecast's ?domain=github.com). A link text showing one of these is no mismatch.
 */
function carriedHosts(url: string): string[] {
  if (!url.includes('?')) return [];
  const out: string[] = [];
  try {
    for (const value of new URL(url).searchParams.values()) {
      if (out.length >= MAX_WRAPPED_PER_URL) break;
      if (/^https?:\/\/[^/]/i.test(value)) {
        const host = canonicalHost(URL.canParse(value) ? new URL(value).hostname : '');
        if (host) out.push(host);
      } else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)) {
        const host = canonicalHost(value);
        if (host) out.push(host);
      }
    }
  } catch {
    return out;
  }
  return out;
}

/**
 * Finding.part for a link: its UrlRef.partId with what that part is, from the message's attachments
 * (nested ones included: 'a2.a1'). A part the message does not list (the single-document messages
 * that document-links.ts and qr/ build) is an attachment; a calendar link is always 'calendar'.
 */
export function partNamer(message: ParsedMessage): (ref: UrlRef) => FindingPart | undefined {
  let parts: Map<string, Attachment> | undefined;
  return (ref) => {
    if (ref.partId === undefined || ref.partId === '') return undefined;
    if (ref.source === 'calendar') return { id: ref.partId, kind: 'calendar' };
    parts ??= new Map(message.attachments.map((a) => [a.id, a]));
    const part = parts.get(ref.partId);
    // a .eml a calendar invitation carries, or one typed text/plain, is read as a forwarded message (parse/index.ts)
    const forwarded = part !== undefined && (isForwardedMessage(part.contentType) || isCarriedMessage(part) || part.readAsMessage === true);
    return { id: ref.partId, kind: forwarded ? 'forwarded-message' : 'attachment' };
  };
}

/** Looks at every URL against the policy's lists and for the usual tricks. Never decides. */
export function scanUrls(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const p = urlPolicy(ctx.policy);
  const out = new Findings();
  const hostsDone = new Set<string>();
  const brands = brandMatcher(ctx.policy);
  const fromHost = domainOfAddress(message.from[0]?.address);
  const side: MessageSide = {
    senderDomain: fromHost === '' ? '' : registrableDomain(fromHost),
    isBrandDomain: (host) => host !== '' && brands.allDomains.match(host) !== undefined,
    anonymousHost: (host, file) => anonymousHostTags(host, ctx.policy, file),
    partOf: partNamer(message),
  };
  for (const ref of collectUrls(message, ctx.limits.maxUrls)) {
    if (ctx.signal?.aborted) break;
    checkTarget({ ref }, p, hostsDone, out, side);
    for (const w of wrappedUrls(ref.url)) {
      const t = targetOf(w, ref);
      if (t) checkTarget(t, p, hostsDone, out, side);
    }
  }
  return out.done(p.shortenerList);
}

export const urlsScanner: Scanner = guardedScanner('urls', 'urls', scanUrls);
