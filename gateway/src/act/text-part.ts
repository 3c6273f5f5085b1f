import {
  decodeCharset,
  decodesLosslessly,
  encodeExactly,
  isAsciiBytes,
  isAsciiIncompatible,
  isAsciiLabel,
  isKnownCharset,
  normalizeCharset,
  toAscii,
} from './charset.js';
import { decodeTransfer, encodeBase64, encodeQp } from './encoding.js';
import { renderTextBanner, TEXT_MARKER, TEXT_MARKER_ASCII, type BannerContent } from './banner.js';
import { trimEndChar } from '../trim.js';

/** What we know of a body part from its headers. */
export interface PartInfo {
  /** Content-Transfer-Encoding, lower case ('' when absent) */
  cte: string;
  /** charset parameter ('' when absent) */
  charset: string;
}

/** A body part with the banner in it, and the header changes that go with it. */
export interface PartEdit {
  body: Buffer;
  /** new charset parameter, when the part was relabelled or converted */
  charset?: string;
  /** new Content-Transfer-Encoding, when it had to change */
  cte?: string;
}

export type TransferKind = 'base64' | 'quoted-printable' | '8bit' | '7bit' | 'unknown';

export function transferKind(cte: string): TransferKind {
  const c = cte.trim().toLowerCase();
  if (c === 'base64' || c === 'quoted-printable') return c;
  if (c === '8bit' || c === 'binary') return '8bit';
  if (c === '' || c === '7bit') return '7bit';
  return 'unknown';
}

/** The raw body ends with a line break (a re-encoded base64 body keeps it or goes without, as it came). */
export function endsWithEol(body: Buffer): boolean {
  return body[body.length - 1] === 0x0a;
}

/** A 7bit body that is already valid quoted-printable with the same meaning: no '=', no long lines, no trailing blanks. */
function isQpTransparent(body: Buffer): boolean {
  const text = body.toString('latin1');
  if (/[^\t\r\n\x20-\x3c\x3e-\x7e]/.test(text)) return false;
  if (/\r(?!\n)/.test(text)) return false;
  return text.split(/\r?\n/).every((line) => line.length <= 76 && !/[ \t]$/.test(line));
}

/**
 * The part already starts with our banner (same message passing again): leave it alone. Only a
 * banner whose rule line carries this deployment's key counts; without a key nothing does.
 */
export function startsWithTextBanner(decoded: Buffer, charset: string, key?: string): boolean {
  if (key === undefined) return false;
  const head = decodeCharset(decoded.subarray(0, 8192), charset).replace(/^\ufeff/, '').normalize('NFC');
  if (!head.startsWith(TEXT_MARKER) && !head.startsWith(TEXT_MARKER_ASCII)) return false;
  return head.split(/\r?\n/).some((line) => /^-{8,} #/.test(line) && trimEndChar(line.slice(line.indexOf('#') + 1), '-') === key);
}

/**
 * Puts the text banner at the top of a text/plain part. How depends on the part:
 *
 * A. The part's charset can hold the Vietnamese banner (UTF-8; windows-1258 with separate tone
 *    marks; VISCII; ...): the banner is encoded in that charset and PREPENDED to the raw body, so
 *    the original bytes follow unchanged: 8bit parts get the bytes as they are, quoted-printable
 *    parts the QP-encoded banner (ending in a hard line break), base64 parts the base64-encoded
 *    banner padded to a multiple of 3 bytes (with dashes in its rule line), so the original base64
 *    text continues the same stream. A us-ascii (or unlabelled) part whose bytes are all ASCII is
 *    simply relabelled UTF-8. A 7bit part cannot take 8-bit bytes: it becomes quoted-printable
 *    (the original bytes still unchanged when they are already valid QP, re-encoded otherwise).
 * B. The charset is known but cannot hold Vietnamese (iso-8859-1, windows-1252, UTF-16, ...) and
 *    the body decodes without loss: the part is converted to UTF-8 (decoded, banner prepended,
 *    re-encoded in its transfer encoding; 7bit becomes quoted-printable).
 * C. The charset is unknown, mislabelled, or the transfer encoding is not one we know: the banner
 *    is written in ASCII without diacritics and prepended, touching nothing else.
 *
 * Returns undefined when the part already starts with our banner.
 */
export function bannerTextPart(body: Buffer, info: PartInfo, content: BannerContent, eol: string): PartEdit | undefined {
  const kind = transferKind(info.cte);
  const charset = normalizeCharset(info.charset);
  const decoded = decodeTransfer(body, kind);
  if (startsWithTextBanner(decoded, charset, content.key)) return undefined;

  if (kind !== 'unknown' && !isAsciiIncompatible(charset)) {
    if (isAsciiLabel(charset) && isAsciiBytes(decoded)) {
      return { ...prepend(body, kind, (rule) => Buffer.from(renderTextBanner(content, eol, TEXT_MARKER, rule), 'utf8'), eol), charset: 'utf-8' };
    }
    const native = (rule: number): Buffer | undefined => encodeExactly(renderTextBanner(content, eol, TEXT_MARKER, rule), charset);
    const plain = native(0); // also the test whether the charset can hold the banner at all
    if (plain) return prepend(body, kind, (rule) => (rule === 0 ? plain : (native(rule) as Buffer)), eol);
  }
  if (kind !== 'unknown' && isKnownCharset(charset) && decodesLosslessly(decoded, charset)) {
    return convertToUtf8(body, decoded, kind, charset, content, eol);
  }
  if (isAsciiIncompatible(charset)) return undefined; // cannot read it, cannot write into it
  const ascii = (rule: number): Buffer => Buffer.from(toAscii(renderTextBanner(content, eol, TEXT_MARKER_ASCII, rule)), 'latin1');
  return prepend(body, kind === 'unknown' ? '8bit' : kind, ascii, eol);
}

/** Case A/C: the original raw body follows the banner unchanged (except a 7bit body that is not valid QP). */
function prepend(body: Buffer, kind: Exclude<TransferKind, 'unknown'>, banner: (extraRule: number) => Buffer, eol: string): PartEdit {
  switch (kind) {
    case 'base64': {
      const pad = (3 - (banner(0).length % 3)) % 3;
      return { body: Buffer.concat([Buffer.from(encodeBase64(banner(pad), eol), 'latin1'), body]) };
    }
    case 'quoted-printable':
      return { body: Buffer.concat([Buffer.from(encodeQp(banner(0), eol), 'latin1'), body]) };
    case '8bit':
      return { body: Buffer.concat([banner(0), body]) };
    case '7bit': {
      const bytes = banner(0);
      if (isAsciiBytes(bytes)) return { body: Buffer.concat([bytes, body]) };
      const rest = isQpTransparent(body) ? body : Buffer.from(encodeQp(body, eol), 'latin1');
      return { body: Buffer.concat([Buffer.from(encodeQp(bytes, eol), 'latin1'), rest]), cte: 'quoted-printable' };
    }
  }
}

/** Case B: decode, prepend, re-encode as UTF-8 in the same transfer encoding (7bit → quoted-printable). */
function convertToUtf8(
  body: Buffer,
  decoded: Buffer,
  kind: Exclude<TransferKind, 'unknown'>,
  charset: string,
  content: BannerContent,
  eol: string,
): PartEdit {
  const text = decodeCharset(decoded, charset).replace(/^\ufeff/, '');
  const bytes = Buffer.from(renderTextBanner(content, eol) + text, 'utf8');
  switch (kind) {
    case 'base64':
      return { body: Buffer.from(encodeBase64(bytes, eol, endsWithEol(body)), 'latin1'), charset: 'utf-8' };
    case '8bit':
      return { body: bytes, charset: 'utf-8' };
    case 'quoted-printable':
      return { body: Buffer.from(encodeQp(bytes, eol), 'latin1'), charset: 'utf-8' };
    case '7bit':
      return { body: Buffer.from(encodeQp(bytes, eol), 'latin1'), charset: 'utf-8', cte: 'quoted-printable' };
  }
}
