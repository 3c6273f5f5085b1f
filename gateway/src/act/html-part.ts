import iconv from 'iconv-lite';
import { isAsciiIncompatible, isKnownCharset, normalizeCharset } from './charset.js';
import { decodeBase64, decodeQpWithOffsets, decodeTransfer, encodeBase64, encodeQp } from './encoding.js';
import { HTML_MARKER_ATTR, renderHtmlBanner, type BannerContent } from './banner.js';
import { endsWithEol, transferKind, type PartEdit, type PartInfo } from './text-part.js';

/**
 * The part already holds our banner (same message again, or a reply quoting it): leave it alone.
 * Only a banner with this deployment's key counts; without a key nothing does (always warn).
 */
export function hasHtmlBanner(html: string, key?: string): boolean {
  return key !== undefined && html.includes(`${HTML_MARKER_ATTR}="${key}"`);
}

/** End of the tag that starts at `start` ('>' outside quotes), or -1. */
function tagEnd(html: string, start: number): number {
  let quote = '';
  for (let i = start; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Where the banner goes: right after the `<body …>` tag; without one, after `</head>`, `<html …>`
 * or a doctype when present (so the page keeps its standards mode), else at the very start (after
 * a UTF-8 byte order mark). Works on a latin1 view: one character per byte.
 */
export function insertionPoint(html: string): number {
  const body = /<body(?=[\s/>])/i.exec(html);
  if (body) {
    const end = tagEnd(html, body.index);
    if (end > 0) return end;
  }
  const head = /<\/head\s*>/i.exec(html);
  if (head) return head.index + head[0].length;
  for (const re of [/<html(?=[\s>])/i, /<!doctype(?=[\s>])/i]) {
    const m = re.exec(html);
    if (m) {
      const end = tagEnd(html, m.index);
      if (end > 0) return end;
    }
  }
  if (html.startsWith('\ufeff')) return 1; // a decoded string
  return html.startsWith('\xef\xbb\xbf') ? 3 : 0; // UTF-8 bytes seen as latin1
}

/**
 * Inserts the HTML banner into a text/html part. The banner is pure ASCII (numeric character
 * references), so in any ASCII-compatible charset it is the same bytes and needs no conversion:
 * - 7bit/8bit/binary: inserted into the raw body, everything else byte for byte;
 * - quoted-printable: its QP form is inserted at the raw position of the insertion point (after a
 *   soft line break), everything else byte for byte;
 * - base64: decoded, inserted, the whole part re-encoded;
 * - UTF-16/32/7 parts: decoded with iconv-lite, inserted, encoded back.
 * Returns undefined when the part already has our banner (or its charset cannot be read).
 */
export function bannerHtmlPart(body: Buffer, info: PartInfo, content: BannerContent, eol: string): PartEdit | undefined {
  const kind = transferKind(info.cte);
  const charset = normalizeCharset(info.charset);
  const banner = renderHtmlBanner(content).replace(/\n/g, eol);

  if (isAsciiIncompatible(charset)) {
    if (!isKnownCharset(charset)) return undefined;
    const html = iconv.decode(decodeTransfer(body, kind), charset, { stripBOM: false });
    if (hasHtmlBanner(html, content.key)) return undefined;
    const at = insertionPoint(html);
    const bytes = iconv.encode(html.slice(0, at) + banner + html.slice(at), charset, { addBOM: false });
    if (kind === 'base64') return { body: Buffer.from(encodeBase64(bytes, eol, endsWithEol(body)), 'latin1') };
    if (kind === 'quoted-printable') return { body: Buffer.from(encodeQp(bytes, eol), 'latin1') };
    return { body: bytes };
  }

  if (kind === 'quoted-printable') {
    const { bytes, offsets } = decodeQpWithOffsets(body);
    const html = bytes.toString('latin1');
    if (hasHtmlBanner(html, content.key)) return undefined;
    const raw = offsets[insertionPoint(html)] as number;
    const atLineStart = raw === 0 || body[raw - 1] === 0x0a;
    const inserted = (atLineStart ? '' : '=' + eol) + encodeQp(Buffer.from(banner, 'latin1'), eol, { softEnd: true });
    return { body: Buffer.concat([body.subarray(0, raw), Buffer.from(inserted, 'latin1'), body.subarray(raw)]) };
  }

  if (kind === 'base64') {
    const decoded = decodeBase64(body);
    const html = decoded.toString('latin1');
    if (hasHtmlBanner(html, content.key)) return undefined;
    const at = insertionPoint(html);
    const bytes = Buffer.concat([decoded.subarray(0, at), Buffer.from(banner, 'latin1'), decoded.subarray(at)]);
    return { body: Buffer.from(encodeBase64(bytes, eol, endsWithEol(body)), 'latin1') };
  }

  const html = body.toString('latin1');
  if (hasHtmlBanner(html, content.key)) return undefined;
  const at = insertionPoint(html);
  return { body: Buffer.concat([body.subarray(0, at), Buffer.from(banner, 'latin1'), body.subarray(at)]) };
}
