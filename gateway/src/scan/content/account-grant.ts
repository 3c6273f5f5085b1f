import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { DomainFamilies } from '../links/families.js';
import { canonicalHost, domainOfAddress, siteHost } from '../urls/domains.js';
import { sentFromKnownDomain } from '../urls/lists.js';

/**
 * Phishing that never shows a fake page: the reader signs in on the provider's REAL page and so
 * hands the attacker a token for the account.
 *  - Device-code phishing: "go to microsoft.com/devicelogin and enter the code QXJ7-4LKM". The
 *    code was requested by the attacker's device; whoever types it in signs that device in. The
 *    providers show such codes on the screen of the device itself, never in mail, so a message
 *    from outside that points to a device-login page and speaks of a code is the attack
 *    (content.account-grant, tag device-code).
 *  - OAuth consent phishing: a link to the provider's real authorisation page
 *    (login.microsoftonline.com/…/oauth2/…/authorize, accounts.google.com/o/oauth2/…) whose
 *    redirect_uri hands the grant to another site: neither the provider's, the sender's, nor the
 *    province's or an allowed one (tag oauth-redirect, and the host the grant goes to).
 * Mail from the province's own, allowed or protected domains is not judged (own IT explaining how
 * to sign in on a meeting-room screen), nor mail from the provider itself. At most one per message.
 */

/** Device-login pages: host (www. dropped) and the path that starts the flow. */
const DEVICE_PAGES: ReadonlyArray<[string, RegExp]> = [
  ['microsoft.com', /^\/(?:[a-z]{2}-[a-z]{2}\/)?devicelogin\b/i],
  ['aka.ms', /^\/devicelogin\b/i],
  ['login.microsoftonline.com', /^\/[^/]+\/oauth2\/(?:v2\.0\/)?deviceauth\b/i],
  ['login.microsoft.com', /^\/(?:[^/]+\/oauth2\/(?:v2\.0\/)?deviceauth|device)\b/i],
  ['login.live.com', /^\/oauth20_remoteconnect\.srf\b/i],
  ['google.com', /^\/device\b/i],
  ['github.com', /^\/login\/device\b/i],
];

/** The same pages written as text ("go to microsoft.com/devicelogin"), on folded text, where de-obfuscation may have turned a host's dots into spaces. */
const DEVICE_PAGE_TEXT =
  /(?<![a-z0-9.-])(?:microsoft[. ]com\/(?:[a-z]{2}-[a-z]{2}\/)?devicelogin|aka[. ]ms\/devicelogin|login[. ]microsoftonline[. ]com\/[^\s/]{1,64}\/oauth2\/(?:v2\.0\/)?deviceauth|google[. ]com\/device|github[. ]com\/login\/device)(?![a-z0-9-])/;

/** "the code", in the languages the lure reader knows (folded: lower case, no diacritics). */
const CODE_WORD = /\b(?:codes?|codigo|codice|kod|kode|zugangscode|geratecode|nhap ma|ma (?:dang nhap|xac (?:minh|thuc)|truy cap|thiet bi))\b|код|验证码|代码|コード|코드/;

/** OAuth authorisation endpoints of the big identity providers. */
const AUTHORIZE_PAGES: ReadonlyArray<[string, RegExp]> = [
  ['login.microsoftonline.com', /\/oauth2\/(?:v2\.0\/)?authorize\b/i],
  ['login.microsoft.com', /\/oauth2\/(?:v2\.0\/)?authorize\b/i],
  ['login.live.com', /^\/oauth20_authorize\.srf\b/i],
  ['accounts.google.com', /^\/(?:o\/oauth2\/(?:v2\/)?auth|signin\/oauth)\b/i],
];

const MAX_LINKS = 100;

/** The hosts of DEVICE_PAGES and AUTHORIZE_PAGES. */
const SIGN_IN_HOSTS: ReadonlySet<string> = new Set([...DEVICE_PAGES, ...AUTHORIZE_PAGES].map(([host]) => host));

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isDevicePage(u: URL): boolean {
  const host = siteHost(u.hostname);
  return DEVICE_PAGES.some(([h, path]) => h === host && path.test(u.pathname));
}

/** Where an authorisation link hands its grant, when it is one: the redirect's host. */
function grantRedirect(u: URL): string | undefined {
  const host = siteHost(u.hostname);
  if (!AUTHORIZE_PAGES.some(([h, path]) => h === host && path.test(u.pathname))) return undefined;
  const redirect = u.searchParams.get('redirect_uri') ?? u.searchParams.get('redirect_url');
  if (!redirect) return undefined;
  const target = parsed(redirect.trim());
  if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) return undefined;
  return canonicalHost(target.hostname) || undefined;
}

/**
 * content.account-grant for a message from outside (`folded`: its folded subject + text, as the
 * content scanner builds it; `urls`: its links) that sends the reader to a device-login page with
 * a code, or links to a real authorisation page whose grant goes to an unrelated site.
 */
export function accountGrantFinding(message: ParsedMessage, policy: Policy, folded: string, urls: readonly UrlRef[]): Finding | undefined {
  // only links on a sign-in host can be a device or consent page, and every written device page says "device":
  // most mail stops here, before any URL is parsed
  const web = urls.filter((u) => (u.scheme === 'http' || u.scheme === 'https') && SIGN_IN_HOSTS.has(siteHost(u.host))).slice(0, MAX_LINKS);
  if (web.length === 0 && !folded.includes('device')) return undefined;
  if (sentFromKnownDomain(message, policy)) return undefined;
  const families = new DomainFamilies(policy);
  const sender = families.of(domainOfAddress(message.from[0]?.address));
  const fromProvider = (host: string): boolean => sender !== '' && families.of(host) === sender;
  for (const link of web) {
    const u = parsed(link.url);
    if (!u) continue;
    const redirect = grantRedirect(u);
    if (redirect === undefined || fromProvider(u.hostname)) continue;
    const provider = families.of(u.hostname);
    const to = families.of(redirect);
    if (to === provider || to === sender || families.trusted(redirect)) continue;
    return {
      scanner: 'content',
      kind: 'content.account-grant',
      detail: `a link to ${siteHost(u.hostname)}'s real sign-in page asks consent for an app whose grant goes to ${redirect}, neither the provider's nor the sender's site`,
      subject: redirect,
      tags: ['oauth-redirect', redirect],
      urls: [link.url],
    };
  }
  const device = web.find((link) => {
    const u = parsed(link.url);
    return u !== undefined && isDevicePage(u);
  });
  const written = device ? undefined : DEVICE_PAGE_TEXT.exec(folded)?.[0];
  if (device === undefined && written === undefined) return undefined;
  const page = device ? siteHost(parsed(device.url)!.hostname) : written!.split('/')[0]!.replace(/ /g, '.');
  if (fromProvider(page)) return undefined;
  if (!CODE_WORD.test(folded)) return undefined;
  return {
    scanner: 'content',
    kind: 'content.account-grant',
    detail: `the message sends the reader to a device-login page (${device ? `${page}${parsed(device.url)!.pathname}` : written}) to enter a code: whoever enters it signs the sender's device in to the account`,
    subject: page,
    tags: ['device-code', page],
    ...(device ? { urls: [device.url] } : {}),
  };
}
