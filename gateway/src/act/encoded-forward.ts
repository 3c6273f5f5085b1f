import { createHash } from 'node:crypto';
import { Base64Check } from '../parse/base64-check.js';
import { decodeBase64, decodeQp, encodeBase64, encodeQp } from './encoding.js';
import type { StripTarget } from './types.js';

/**
 * A forwarded message (message/rfc822 part) sent base64 or quoted-printable. RFC 2046 5.2.1 does
 * not allow either, but clients send them and so do attackers; mailparser decodes the part and
 * parse/ reads the decoded message (its attachments get nestedPath like any forwarded message's).
 * act/ opens one the same way: decode, rewrite inside with the same splitter, encode again with
 * the same transfer encoding. Only a body that every decoder reads alike is opened; anything else
 * is replaced whole, as before.
 */

/**
 * The raw (encoded) bytes of a forwarded message act/ holds in memory to rewrite inside it. The
 * body has to be held whole: it is decoded, rewritten and encoded again before one byte of it is
 * written, so that a failure anywhere still leaves the choice of replacing the part whole. A bigger
 * one is replaced whole (the notice in its place) as soon as it crosses this size, so memory stays
 * bounded: about three times this per message being rewritten (raw, decoded, encoded again).
 */
export const MAX_ENCODED_FORWARD_BYTES = 8 * 1024 * 1024;

export type ForwardEncoding = 'base64' | 'quoted-printable';

export function forwardEncoding(contentType: string | false | undefined, encoding: string | false | undefined): ForwardEncoding | undefined {
  if (contentType !== 'message/rfc822') return undefined;
  return encoding === 'base64' || encoding === 'quoted-printable' ? encoding : undefined;
}

/**
 * What makes a quoted-printable body read differently by lenient decoders (ours, libqp that
 * mailparser uses): an '=' followed by neither two hex digits nor a line break, and a space or tab
 * ending a line (libqp drops it, RFC 2045 says to). '' when there is none.
 */
export function qpFault(raw: Buffer): string {
  const isHex = (b: number | undefined) =>
    b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (byte === 0x3d) {
      const next = raw[i + 1];
      if (isHex(next) && isHex(raw[i + 2])) i += 2;
      else if (!(next === undefined || next === 0x0a || (next === 0x0d && raw[i + 2] === 0x0a))) return `'=' not followed by two hex digits at byte ${i}`;
    } else if ((byte === 0x20 || byte === 0x09) && (raw[i + 1] === 0x0a || raw[i + 1] === 0x0d || i + 1 === raw.length)) {
      return `space at the end of a line at byte ${i}`;
    }
  }
  return '';
}

/**
 * The forwarded message inside an encoded part, or a reason it is not opened: an encoding that
 * lenient decoders could read in different ways, or bytes other than those parse/ read (when
 * `sha256`, the Attachment.sha256 of the forwarded message, is known). The part numbers of the
 * strip targets hold only for those bytes.
 */
export function decodeForward(raw: Buffer, encoding: ForwardEncoding, sha256: string | undefined): { bytes: Buffer } | { fault: string } {
  let fault: string;
  if (encoding === 'base64') {
    const check = new Base64Check();
    check.write(raw);
    fault = check.end();
  } else {
    fault = qpFault(raw);
  }
  if (fault) return { fault };
  const bytes = encoding === 'base64' ? decodeBase64(raw) : decodeQp(raw);
  if (sha256 !== undefined && createHash('sha256').update(bytes).digest('hex') !== sha256) {
    return { fault: 'the decoded message is not the one that was scanned' };
  }
  return { bytes };
}

/**
 * The rewritten forwarded message, encoded again as it came: base64 in lines of 76, or
 * quoted-printable (a '-' starting a line escaped, so no line can close the multipart around the
 * part). `eol`: the line ending of the raw body; `finalEol`: whether the raw body ended with one
 * that is not part of the content (base64; a quoted-printable one is content and comes back as such).
 */
export function encodeForward(bytes: Buffer, encoding: ForwardEncoding, eol: string, finalEol: boolean): Buffer {
  if (encoding === 'base64') return Buffer.from(encodeBase64(bytes, eol, finalEol), 'latin1');
  return Buffer.from(encodeQp(bytes, eol, { escapeLeadingDash: true }), 'latin1');
}

/** The line ending a raw body uses (its first one), or `fallback` when it has none. */
export function bodyEol(raw: Buffer, fallback: string): string {
  const lf = raw.indexOf(0x0a);
  if (lf < 0) return fallback;
  return lf > 0 && raw[lf - 1] === 0x0d ? '\r\n' : '\n';
}

/** The strip targets one message level down: the first entry of nestedPath becomes the part number. */
export function oneLevelDown(targets: readonly StripTarget[]): StripTarget[] {
  return targets.map((t) => {
    const [next, ...rest] = t.nestedPath!;
    const down: StripTarget = { ...t, partPath: next! };
    if (rest.length) down.nestedPath = rest;
    else delete down.nestedPath;
    if (rest.length && t.forwardedSha256) down.forwardedSha256 = t.forwardedSha256.slice(1);
    else delete down.forwardedSha256;
    return down;
  });
}

/**
 * The encoded body of a forwarded message with the targets inside it removed, encoded again; or
 * the reason it cannot be: it cannot be opened safely (see decodeForward) or the rewrite inside
 * fails (a part not found, MIME limits), and the caller then replaces the part whole. Never throws.
 * `targets`: the targets inside it as the outer level has them; `inside`: the rewrite of the
 * decoded message with the targets one level down (an ActTransform of its own).
 */
export async function rewriteForward(
  raw: Buffer,
  encoding: ForwardEncoding,
  targets: readonly StripTarget[],
  headerEol: string,
  inside: (message: Buffer, strip: StripTarget[]) => Promise<Buffer>,
): Promise<{ body: Buffer } | { reason: string }> {
  const digests = new Set(targets.map((t) => t.forwardedSha256?.[0] ?? '').filter(Boolean));
  if (digests.size > 1) return { reason: 'the parts to strip name different forwarded messages' };
  const decoded = decodeForward(raw, encoding, [...digests][0]);
  if ('fault' in decoded) return { reason: decoded.fault };
  try {
    const rewritten = await inside(decoded.bytes, oneLevelDown(targets));
    // base64: a line break ending the body is not content (only a top-level part's body keeps one); quoted-printable: it is
    return { body: encodeForward(rewritten, encoding, bodyEol(raw, headerEol), raw[raw.length - 1] === 0x0a) };
  } catch (err) {
    return { reason: `the rewrite inside failed: ${(err as Error).message}` };
  }
}
