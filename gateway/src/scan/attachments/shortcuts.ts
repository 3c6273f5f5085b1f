import type { Finding } from '../types.js';
import type { Observation } from './checks.js';
import { linkPlace } from './document-links.js';

/**
 * Attachments that are only a link: a Windows Internet Shortcut (.url, and .website, a pinned site:
 * "[InternetShortcut] URL=…"), a macOS .webloc / .inetloc (an XML or binary property list whose
 * URL key holds the address), a Linux .desktop launcher of Type=Link (URL=…). A double-click opens
 * the address in the browser, past every link check of the mail client. Their addresses are handed
 * to the URL checks as links of the attachment (walk-content.ts, document-links.ts), and a shortcut
 * to a web site is reported as attachment.shortcut (tags: the format, web, flagged-target when the
 * URL checks found something about its target: scan/attachments/index.ts), with its addresses in
 * the finding's urls (so they are listed with the message's links).
 */

/** Extensions of link files whose address is read. */
export const LINK_FILE_EXTS: ReadonlySet<string> = new Set(['url', 'website', 'webloc', 'inetloc', 'desktop']);

/** Bytes of a link file read (real ones are a few hundred bytes; an icon may be embedded in a .website). */
export const LINK_FILE_MAX_BYTES = 64 * 1024;
/** Addresses kept per file. */
const MAX_URLS = 10;
/** Characters kept per address. */
const MAX_URL_CHARS = 4096;

export interface LinkFile {
  /** 'url' | 'website' | 'webloc' | 'inetloc' | 'desktop' (the extension; 'url' for an [InternetShortcut] under another name). */
  format: string;
  urls: string[];
}

/** The addresses of a link file, when `bytes` is one (by its content; `ext` names the format). */
export function linkFileUrls(ext: string, bytes: Buffer): LinkFile | undefined {
  const data = bytes.subarray(0, LINK_FILE_MAX_BYTES);
  if (data.subarray(0, 8).toString('latin1') === 'bplist00') {
    const url = binaryPlistUrl(data);
    return url ? { format: plistFormat(ext), urls: [url] } : undefined;
  }
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  if (/^[ \t]{0,64}\[InternetShortcut\]/im.test(text)) {
    return found(ext === 'website' ? 'website' : 'url', iniValues(text, 'InternetShortcut', /^URL$/i));
  }
  if (/^[ \t]{0,64}\[Desktop Entry\]/im.test(text)) {
    const type = iniValues(text, 'Desktop Entry', /^Type$/i)[0];
    if (type?.toLowerCase() !== 'link') return undefined;
    return found('desktop', iniValues(text, 'Desktop Entry', /^URL(?:\[[^\]]{1,16}\])?$/i));
  }
  if (/<plist\b/i.test(text)) {
    const urls: string[] = [];
    for (const m of text.matchAll(/<key>\s{0,64}URL\s{0,64}<\/key>\s{0,256}<string>([^<]{1,4096})<\/string>/gi)) urls.push(xmlText(m[1]!));
    return found(plistFormat(ext), urls);
  }
  return undefined;
}

/** Is this address one a browser opens as a web site? */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s/?#\\]/i.test(url);
}

/** The finding about a link file whose addresses include a web site (undefined otherwise). */
export function linkFileObservation(file: LinkFile): Observation | undefined {
  const web = file.urls.filter(isWebUrl);
  if (web.length === 0) return undefined;
  const hosts = [...new Set(web.map(hostOf))].slice(0, 3);
  return {
    kind: 'attachment.shortcut',
    detail: `${FORMAT_NAMES[file.format] ?? 'link file'} that opens ${hosts.join(', ')} in the browser`,
    tags: [file.format, 'web'],
    urls: web,
  };
}

const FORMAT_NAMES: Record<string, string> = {
  url: 'Internet shortcut (.url)',
  website: 'pinned site shortcut (.website)',
  webloc: 'macOS web location (.webloc)',
  inetloc: 'macOS internet location (.inetloc)',
  desktop: 'Linux link launcher (.desktop)',
};

function hostOf(url: string): string {
  return /^https?:\/\/(?:[^@/?#\\\s]{0,256}@)?([^/?#\\\s:]{1,253})/i.exec(url)?.[1]?.toLowerCase() ?? url.slice(0, 80);
}

function plistFormat(ext: string): string {
  return ext === 'inetloc' ? 'inetloc' : 'webloc';
}

function found(format: string, urls: string[]): LinkFile | undefined {
  const kept = [...new Set(urls.map((u) => u.trim().slice(0, MAX_URL_CHARS)).filter((u) => u.length > 0))].slice(0, MAX_URLS);
  return kept.length > 0 ? { format, urls: kept } : undefined;
}

/** The values of the keys matching `key` in section `section` of an INI-style text (case-insensitive names). */
function iniValues(text: string, section: string, key: RegExp): string[] {
  const out: string[] = [];
  let inSection = false;
  for (const raw of text.split(/\r\n|\r|\n/, 2000)) {
    const line = raw.trim();
    const head = /^\[([^\]]{1,64})\]$/.exec(line);
    if (head) {
      inSection = head[1]!.trim().toLowerCase() === section.toLowerCase();
      continue;
    }
    if (!inSection) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    if (key.test(line.slice(0, eq).trim())) out.push(line.slice(eq + 1).trim());
  }
  return out;
}

function xmlText(s: string): string {
  return s
    .trim()
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, h: string) => safeChar(parseInt(h, 16)))
    .replace(/&#(\d{1,7});/g, (_, d: string) => safeChar(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/**
 * The URL key's string in a binary property list ("bplist00"; what Safari writes for a .webloc):
 * the trailer gives the offset table and the top object, a dictionary whose keys and values are
 * object references. Undefined for anything malformed.
 */
export function binaryPlistUrl(data: Buffer): string | undefined {
  if (data.length < 8 + 32 + 1) return undefined;
  const trailer = data.length - 32;
  const offsetSize = data[trailer + 6]!;
  const refSize = data[trailer + 7]!;
  const count = readUint(data, trailer + 8, 8);
  const top = readUint(data, trailer + 16, 8);
  const table = readUint(data, trailer + 24, 8);
  if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8 || count === undefined || top === undefined || table === undefined) return undefined;
  if (count > 100_000 || top >= count || table + count * offsetSize > trailer) return undefined;
  const offset = (ref: number): number | undefined => (ref < count ? readUint(data, table + ref * offsetSize, offsetSize) : undefined);
  const object = (ref: number): { marker: number; length: number; start: number } | undefined => {
    const at = offset(ref);
    if (at === undefined || at < 8 || at >= table) return undefined;
    const marker = data[at]!;
    let length = marker & 0x0f;
    let start = at + 1;
    if (length === 0x0f) {
      // the length is an int object that follows: 0x1N, then 2^N bytes
      const intMarker = data[start];
      if (intMarker === undefined || intMarker >> 4 !== 0x1) return undefined;
      const size = 1 << (intMarker & 0x0f);
      const n = readUint(data, start + 1, size);
      if (n === undefined) return undefined;
      length = n;
      start += 1 + size;
    }
    return { marker, length, start };
  };
  const string = (ref: number): string | undefined => {
    const o = object(ref);
    if (!o) return undefined;
    const kind = o.marker >> 4;
    if (kind === 0x5 && o.start + o.length <= table) return data.subarray(o.start, o.start + o.length).toString('latin1');
    if (kind === 0x6 && o.start + o.length * 2 <= table) return Buffer.from(data.subarray(o.start, o.start + o.length * 2)).swap16().toString('utf16le');
    return undefined;
  };
  const dict = object(top);
  if (!dict || dict.marker >> 4 !== 0xd || dict.length > 1000 || dict.start + dict.length * 2 * refSize > table) return undefined;
  for (let i = 0; i < dict.length; i++) {
    const keyRef = readUint(data, dict.start + i * refSize, refSize)!;
    if (string(keyRef) !== 'URL') continue;
    const valueRef = readUint(data, dict.start + (dict.length + i) * refSize, refSize)!;
    return string(valueRef)?.slice(0, MAX_URL_CHARS);
  }
  return undefined;
}

/** A big-endian unsigned integer of `size` bytes (undefined past the end or above 2^53). */
function readUint(data: Buffer, at: number, size: number): number | undefined {
  if (at < 0 || at + size > data.length) return undefined;
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + data[at + i]!;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** URL check kinds that are a sign against the address they are about (flagged-target). */
const TARGET_SIGNS: ReadonlySet<Finding['kind']> = new Set([
  'url.listed',
  'url.lookalike',
  'url.ip-host',
  'url.userinfo-deception',
  'url.shortener',
  'url.suspicious-scheme',
  'url.abused-hosting',
  'url.abused-tld',
  'url.server-host',
  'url.file-download',
]);
/** Lists whose url.listed is a sign (the others, such as share_services, only name a host). */
const SIGN_LISTS = /^(?:blocked_|abused_)/;

/**
 * The attachment's findings with 'flagged-target' on each attachment.shortcut whose own addresses
 * the URL checks found something about (their findings end "(link in shortcut <its path>)",
 * document-links.ts): a shortcut to a listed, look-alike, raw-IP or shortened address.
 */
export function flagShortcutTargets(findings: readonly Finding[]): Finding[] {
  if (!findings.some((f) => f.kind === 'attachment.shortcut')) return [...findings];
  const flagged = (s: Finding) =>
    findings.some(
      (f) => TARGET_SIGNS.has(f.kind) && (f.kind !== 'url.listed' || SIGN_LISTS.test(f.list ?? '')) && f.attachment === s.attachment && f.detail.endsWith(linkPlace('shortcut', s.subject ?? '')),
    );
  return findings.map((f) => (f.kind === 'attachment.shortcut' && !f.tags?.includes('flagged-target') && flagged(f) ? { ...f, tags: [...(f.tags ?? []), 'flagged-target'] } : f));
}

/**
 * The web addresses of the message's link-file attachments (attachment.shortcut) and of its HTML
 * attachments' redirects (attachment.html-loader), each once.
 */
export function shortcutUrls(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.kind === 'attachment.shortcut' || f.kind === 'attachment.html-loader').flatMap((f) => f.urls ?? []))];
}
