import { domainToUnicode } from 'node:url';
import type { UrlRef, UrlSource } from './types.js';
import type { ProblemList } from './problems.js';

/** Schemes that point inside the message itself (cid:image001) or nowhere: not worth a UrlRef. */
const IGNORED_SCHEMES = new Set(['cid', 'mid', 'about']);
/** data: URLs can carry whole images; the ref keeps only their start. */
const MAX_DATA_URL = 256;
const MAX_URL = 8192;

function cap(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/**
 * Builds a UrlRef with the WHATWG URL parser, so the host is the one a browser would contact
 * (`https://www.office.com-123@evil.example/` → host evil.example, hasUserinfo). Relative or
 * unparseable strings give undefined, except protocol-relative `//host/...` (taken as https).
 */
export function toUrlRef(raw: string, source: UrlSource, base?: string): UrlRef | undefined {
  const value = raw.trim();
  if (!value || value.startsWith('#')) return undefined;
  let url: URL | undefined;
  try {
    url = base ? new URL(value, base) : new URL(value);
  } catch {
    if (value.startsWith('//')) {
      try {
        url = new URL(`https:${value}`);
      } catch {
        return undefined;
      }
    }
  }
  if (!url) return windowsFileRef(value, source);
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (IGNORED_SCHEMES.has(scheme)) return undefined;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  let hostUnicode = host;
  if (host.includes('xn--')) hostUnicode = domainToUnicode(host) || host;
  const max = scheme === 'data' ? MAX_DATA_URL : MAX_URL;
  return {
    url: cap(url.href, max),
    raw: cap(value, max),
    host,
    hostUnicode,
    scheme,
    hasUserinfo: url.username !== '' || url.password !== '',
    source,
  };
}

/** `file:` + slashes, or a UNC `\\`, then the host up to a slash, backslash or the WebDAV `@SSL` / `@port`. */
const WINDOWS_FILE = /^(?:file:[\\/]*|\\\\)([^\\/?#@\s]{1,253})/i;

/**
 * A Windows file link the WHATWG parser refuses — `file://host@SSL/DavWWWRoot/x.lnk`, a UNC
 * `\\host@SSL\DavWWWRoot\x.url` — which Outlook and Explorer still open (a WebDAV share shown as a
 * local folder). Kept as written, scheme 'file', with the host it names, so the checks see it.
 */
function windowsFileRef(value: string, source: UrlSource): UrlRef | undefined {
  const m = WINDOWS_FILE.exec(value);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase().replace(/\.$/, '');
  const raw = cap(value, MAX_URL);
  return { url: raw, raw, host, hostUnicode: host.includes('xn--') ? domainToUnicode(host) || host : host, scheme: 'file', hasUserinfo: false, source };
}

/**
 * Collects the URLs of one message: drops repeats of the same (url, source, text) and stops at
 * limits.maxUrls with a 'too-many-urls' problem.
 */
export class UrlCollector {
  readonly urls: UrlRef[] = [];
  readonly #seen = new Set<string>();
  readonly #max: number;
  readonly #problems: ProblemList;

  constructor(max: number, problems: ProblemList) {
    this.#max = max;
    this.#problems = problems;
  }

  get full(): boolean {
    return this.urls.length >= this.#max;
  }

  add(ref: UrlRef | undefined): void {
    if (!ref) return;
    const key = `${ref.url}\u0000${ref.source}\u0000${ref.text ?? ''}`;
    if (this.#seen.has(key)) return;
    if (this.urls.length >= this.#max) {
      this.#problems.add('too-many-urls', `more than ${this.#max} URLs`);
      return;
    }
    this.#seen.add(key);
    this.urls.push(ref);
  }
}
