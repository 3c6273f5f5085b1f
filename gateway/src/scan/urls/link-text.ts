import { domainToASCII } from 'node:url';
import { parse as parseHost } from 'tldts';
import { canonicalHost } from './domains.js';
import { trimEndChar } from '../../trim.js';

/**
 * Country-code TLDs that are also common file extensions: a bare "setup.py" or "README.md" in a
 * link text is a file name, not a domain. With a scheme or "www." in front they still count.
 */
const FILE_LIKE_TLDS = new Set([
  'md', 'py', 'sh', 'pl', 'rs', 'so', 'ps', 'cc', 'mk', 'in', 'ms', 'sc', 'zip', 'mov', 'pm', 'ml', 'cs',
]);

const EDGE_PUNCTUATION = /^[\s"'“”‘’«»()<>[\]{}]+|[\s"'“”‘’«»()<>[\]{}.,;:!?…]+$/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The host a link's visible text shows, when the text is (or contains) a URL or a domain:
 * "https://www.vietcombank.com.vn", "dichvucong.gov.vn", "Đăng nhập: www.example.com". Returns the
 * host in ASCII, or undefined when the text shows no host ("Bấm vào đây", "README.md", "1.2.3").
 */
export function displayedHost(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const whole = text.normalize('NFKC').replace(EDGE_PUNCTUATION, '');
  if (whole === '' || whole.length > 2048) return undefined;
  if (!/\s/.test(whole)) return hostOfToken(whole, true);
  // A sentence: only tokens that are unmistakably links (a scheme or www.) count.
  for (const raw of whole.split(/\s+/)) {
    const token = raw.replace(EDGE_PUNCTUATION, '');
    if (SCHEME.test(token) || /^www\./i.test(token)) {
      const host = hostOfToken(token, false);
      if (host) return host;
    }
  }
  return undefined;
}

function hostOfToken(token: string, bare: boolean): string | undefined {
  if (SCHEME.test(token)) {
    try {
      const u = new URL(token);
      if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'ftp:') return undefined;
      return canonicalHost(u.hostname) || undefined;
    } catch {
      return undefined;
    }
  }
  if (token.includes('@')) return undefined; // an e-mail address, not a link
  const name = token.split(/[/?#:]/, 1)[0] ?? '';
  if (!/^[^.\s]+(\.[^.\s]+)+$/u.test(name)) return undefined;
  const ascii = domainToASCII(name.toLowerCase());
  if (ascii === '') return undefined;
  const info = parseHost(ascii);
  if (info.isIp) return ascii;
  if (!info.isIcann || !info.domain || !info.publicSuffix) return undefined;
  const tld = info.publicSuffix.slice(info.publicSuffix.lastIndexOf('.') + 1);
  if (bare && !/^www\./.test(ascii) && FILE_LIKE_TLDS.has(tld) && !token.includes('/')) return undefined;
  return ascii;
}

/** Social and video sites whose page addresses newsletters print in their footers ("facebook.com/ourpage"). */
const SOCIAL_SITES = new Set(['facebook.com', 'fb.com', 'instagram.com', 'linkedin.com', 'youtube.com', 'youtu.be', 'zalo.me', 'x.com', 'twitter.com', 'tiktok.com']);
/** Path words of the pages phishing imitates on those sites: sign-in, account, security, help. */
const SIGN_IN_PATH = /(?:^|[/._-])(?:login|log-in|signin|sign-in|account|accounts|security|checkpoint|recover|recovery|password|verify|verification|auth|oauth|settings|help|support|confirm|unlock|appeal)(?:[/._?#-]|$)/i;

/**
 * True when a link text shows the address of a page on a social or video site ("facebook.com/
 * techweekly", "youtube.com/@kenh", "zalo.me/0912345678"), not its home or a sign-in, account or
 * help page. Newsletters print these in their footers and send them through their click tracker, so
 * a tracker behind such a text deceives nobody about a sign-in page.
 */
export function showsSocialPage(text: string | undefined): boolean {
  if (!text) return false;
  const token = text.normalize('NFKC').replace(EDGE_PUNCTUATION, '');
  if (token === '' || token.length > 300 || /\s/.test(token)) return false;
  let u: URL;
  try {
    u = new URL(SCHEME.test(token) ? token : `https://${token}`);
  } catch {
    return false;
  }
  const host = canonicalHost(u.hostname).replace(/^(?:www|m)\./, '');
  if (!SOCIAL_SITES.has(host)) return false;
  const path = trimEndChar(u.pathname, '/');
  if (path === '' || SIGN_IN_PATH.test(path) || u.search !== '') return false;
  return true;
}
