import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { ListType } from './types.js';

/**
 * List files: one entry per line; blank lines and lines starting with `#` are ignored, and so is
 * a trailing comment that starts with whitespace then `#` (URLs keep their `#fragment`).
 * Entries are normalised per type so scanners compare like with like:
 *  - domain: IDN → punycode ASCII, lower case, no trailing dot; covers its subdomains
 *  - url:    absolute URL, as WHATWG URL serialises it (href)
 *  - ip:     IPv4/IPv6 address or CIDR range, lower case
 *  - hash:   SHA-256, 64 hex digits, lower case
 *  - phrase: NFC, trimmed, inner whitespace collapsed to one space
 */
export const LIST_TYPES = ['domain', 'url', 'ip', 'hash', 'phrase'] as const satisfies readonly ListType[];

export interface ListProblem {
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedList {
  entries: string[];
  problems: ListProblem[];
}

export type EntryResult = { value: string; warning?: string } | { error: string };

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const SHA256 = /^[0-9a-f]{64}$/;
const INLINE_COMMENT = /\s#.*$/;

/**
 * Parses the text of one list file (already decoded from UTF-8). Never throws. `normalise`: a
 * list whose entries have a form of their own (trusted_arc_sealers: a domain with options) instead
 * of the type's.
 */
export function parseListText(text: string, type: ListType, normalise?: (entry: string) => EntryResult): ParsedList {
  const entries: string[] = [];
  const problems: ListProblem[] = [];
  const seenAt = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(INLINE_COMMENT, '').trim();
    if (content === '' || content.startsWith('#')) return;
    if (content.includes('\uFFFD')) {
      problems.push({ line, severity: 'error', message: 'not valid UTF-8 text' });
      return;
    }
    const result = normalise ? normalise(content) : normaliseEntry(type, content);
    if ('error' in result) {
      problems.push({ line, severity: 'error', message: result.error });
      return;
    }
    if (result.warning) problems.push({ line, severity: 'warning', message: result.warning });
    const first = seenAt.get(result.value);
    if (first !== undefined) {
      problems.push({ line, severity: 'warning', message: `duplicate entry '${result.value}' (first at line ${first})` });
      return;
    }
    seenAt.set(result.value, line);
    entries.push(result.value);
  });
  return { entries, problems };
}

/** Validates and normalises one entry of a list of the given type. */
export function normaliseEntry(type: ListType, entry: string): EntryResult {
  switch (type) {
    case 'domain':
      return normaliseDomain(entry);
    case 'url':
      return normaliseUrl(entry);
    case 'ip':
      return normaliseIp(entry);
    case 'hash':
      return normaliseHash(entry);
    case 'phrase':
      return normalisePhrase(entry);
    default:
      return { error: `unknown list type '${String(type)}'` };
  }
}

/** A hostname as scanners see it: punycode ASCII, lower case; undefined when it is not one. */
export function toAsciiHostname(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || /[\s/:@?#\\]/.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed).toLowerCase();
  if (ascii === '' || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (!labels.every((l) => HOST_LABEL.test(l))) return undefined;
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return undefined; // an IPv4 address, not a name
  return ascii;
}

function normaliseDomain(entry: string): EntryResult {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
    return { error: `'${entry}' is a URL: write only the host name here, or put the URL in a url list` };
  }
  if (isIP(entry.replace(/^\[|\]$/g, '')) !== 0 || /^[0-9.]+\/\d+$/.test(entry)) {
    return { error: `'${entry}' is an IP address: put it in an ip list` };
  }
  let warning: string | undefined;
  let host = entry;
  if (host.startsWith('*.')) {
    host = host.slice(2);
    warning = `'*.' is not needed: a domain entry already covers its subdomains`;
  }
  const ascii = toAsciiHostname(host);
  if (ascii === undefined) return { error: `'${entry}' is not a valid domain name` };
  return warning ? { value: ascii, warning } : { value: ascii };
}

function normaliseUrl(entry: string): EntryResult {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    const hint = /^[^:/]+\.[^:/]+/.test(entry) ? ' (add the scheme, e.g. https://)' : '';
    return { error: `'${entry}' is not an absolute URL${hint}` };
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') {
    return { error: `'${entry}' has no host` };
  }
  return { value: url.href };
}

function normaliseIp(entry: string): EntryResult {
  const value = entry.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return { error: `'${entry}' is not an IPv4 or IPv6 address or CIDR range` };
  if (slash === -1) return { value };
  const prefixText = value.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  const max = family === 4 ? 32 : 128;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    return { error: `'${entry}' has an invalid prefix length (0–${max} for IPv${family})` };
  }
  try {
    new BlockList().addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return { error: `'${entry}' is not a valid CIDR range` };
  }
  if (prefix === 0) return { value, warning: `'${entry}' covers every IPv${family} address` };
  return { value };
}

function normaliseHash(entry: string): EntryResult {
  const value = entry.toLowerCase();
  if (SHA256.test(value)) return { value };
  if (/^[0-9a-f]+$/.test(value)) {
    const known = value.length === 32 ? ' (that is an MD5)' : value.length === 40 ? ' (that is a SHA-1)' : '';
    return { error: `'${entry}' is not a SHA-256: expected 64 hex digits, got ${value.length}${known}` };
  }
  return { error: `'${entry}' is not a SHA-256: expected 64 hex digits` };
}

function normalisePhrase(entry: string): EntryResult {
  const value = entry.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (value === '') return { error: 'empty phrase' };
  if ([...value].length < 3) {
    return { value, warning: `phrase '${value}' is very short and will match ordinary mail` };
  }
  return { value };
}

/**
 * A local domain as written in `local_domains` or LACHAN_LOCAL_DOMAINS: a host name, or
 * `*.example.gov.vn` for every subdomain (not the domain itself). Returned in ASCII, lower case.
 */
export function toLocalDomain(input: string): string | undefined {
  const t = input.trim();
  if (t.startsWith('*.')) {
    const ascii = toAsciiHostname(t.slice(2));
    return ascii === undefined ? undefined : `*.${ascii}`;
  }
  return toAsciiHostname(t);
}
