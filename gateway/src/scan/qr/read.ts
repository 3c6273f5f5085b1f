import { parse as parseDomain } from 'tldts';
import type { UrlRef } from '../../parse/types.js';
import { toUrlRef } from '../../parse/url-ref.js';
import { decodeImage, imageInfo, readQr, sizeAllowed, QR_MAX_FILE_BYTES, type Rgba } from './images.js';
import { pdfImages } from './pdf-images.js';

/**
 * Reading the QR codes of a message's pictures within its budget: the part of the QR step that
 * decodes. It imports no scanner, so the QR worker (worker.ts) loads only this, the decoders and
 * the PDF picture reader. index.ts says what the sources are and what becomes of the links.
 */

export type QrWhere = 'body-image' | 'attachment' | 'pdf' | 'office';

/** A picture file, or a PDF that may hold pictures, met in the message. */
export interface QrSource {
  where: QrWhere;
  attachmentId?: string;
  /** Display path, outermost first (as walk.ts FileItem.path). */
  path: string[];
  /** The picture file's bytes (when where is not 'pdf'). */
  image?: () => Promise<Buffer>;
  /** The PDF's bytes (as read by the walk). */
  pdf?: Buffer;
}

export interface QrLink {
  ref: UrlRef;
  where: QrWhere;
  attachmentId?: string;
  path: string[];
}

/** What reading a message's pictures gave. */
export interface QrReading {
  links: QrLink[];
  /** Pictures decoded. */
  decoded: number;
  /** Pictures within the size window left unread because a budget ran out (count, time, deadline, abort). */
  unread: number;
  /** Of `unread`, those left because the time ran out (QR_TIME_BUDGET_MS, the worker's deadline), and where they were. */
  late?: { count: number; where: QrWhere[] };
  ms: number;
}

/** Pictures decoded per message at most (those within the size window). */
export const QR_MAX_IMAGES = 6;
/** Decoded pixels per message at most (a picture that would cross it is passed over). */
export const QR_MAX_TOTAL_PIXELS = 9_000_000;
/** No further picture is started once the message's QR reading has taken this long (the first is always read). */
export const QR_TIME_BUDGET_MS = 150;
/** Pictures (files, PDF pictures) whose header is looked at per message at most, decoded or not. */
export const QR_MAX_SOURCES = 64;
const ORDER: Record<QrWhere, number> = { 'body-image': 0, attachment: 1, office: 2, pdf: 2 };

/** A web address in a QR code's text: an http(s) URL anywhere in it, or the whole text as a bare `www.`/domain form. */
export function qrTextToUrl(text: string): UrlRef | undefined {
  const t = text.trim().slice(0, 8192);
  const url = /https?:\/\/[^\s"'<>]+/i.exec(t)?.[0];
  if (url) return toUrlRef(url, 'qr-code');
  const bare = /^(?:URLTO:|MEBKM:(?:TITLE:[^;]*;)?URL:)?((?:[a-z0-9-]+\.)+[a-z0-9-]{2,63}(?::\d{1,5})?(?:[/?#][^\s]*)?);?$/i.exec(t)?.[1];
  if (!bare) return undefined;
  const host = bare.replace(/[:/?#].*$/, '');
  const info = parseDomain(host);
  if (!info.domain || !info.isIcann) return undefined;
  return toUrlRef(`https://${bare}`, 'qr-code');
}

interface Candidate {
  source: QrSource;
  width: number;
  height: number;
  decode(): Rgba | undefined;
}

/**
 * Reads the QR codes of the sources within the per-message budget (QR_MAX_IMAGES pictures decoded,
 * QR_MAX_TOTAL_PIXELS, QR_TIME_BUDGET_MS; body pictures first, then attachments, then PDF and
 * Office pictures, smaller ones first), on the calling thread. Never throws for bad pictures;
 * stops at the signal. `onPicture` is told after each picture (the worker reports as it goes);
 * `timeBudgetMs` replaces QR_TIME_BUDGET_MS (tests).
 */
export async function readQrLinks(
  sources: readonly QrSource[],
  signal?: AbortSignal,
  opts: { onPicture?: (decoded: number, link: QrLink | undefined, candidates: number) => void; timeBudgetMs?: number } = {},
): Promise<QrReading> {
  const { onPicture, timeBudgetMs = QR_TIME_BUDGET_MS } = opts;
  const started = performance.now();
  const links: QrLink[] = [];
  // headers first (nothing decoded): then body pictures before attachments before PDF pictures,
  // smaller before bigger, so that a big photo cannot spend the budget before the QR-sized picture
  const all: Candidate[] = [];
  for (const source of sources) {
    if (all.length >= QR_MAX_SOURCES || signal?.aborted) break;
    all.push(...(await candidates(source)).slice(0, QR_MAX_SOURCES - all.length));
  }
  all.sort((a, b) => ORDER[a.source.where] - ORDER[b.source.where] || a.width * a.height - b.width * b.height);
  let decoded = 0;
  let pixels = 0;
  let unread = 0;
  const late = { count: 0, where: new Set<QrWhere>() };
  for (const c of all) {
    if (pixels + c.width * c.height > QR_MAX_TOTAL_PIXELS) {
      unread++;
      continue;
    }
    if (decoded >= QR_MAX_IMAGES || signal?.aborted) {
      unread++;
      continue;
    }
    // the first picture is always read (the worker's deadline still bounds it): a loaded machine or a
    // slow header parse must not leave a message's only QR picture unread
    if (decoded > 0 && performance.now() - started > timeBudgetMs) {
      unread++;
      late.count++;
      late.where.add(c.source.where);
      continue;
    }
    pixels += c.width * c.height;
    decoded++;
    // each picture is one synchronous stretch (decode + jsQR, up to ~1 s on a hostile one): on the
    // main thread (the fallback), let the other sessions of this process run between pictures
    await new Promise((resolve) => setImmediate(resolve));
    const img = c.decode();
    const text = img && readQr(img);
    const ref = text ? qrTextToUrl(text) : undefined;
    let link: QrLink | undefined;
    if (ref && !links.some((l) => l.ref.url === ref.url)) {
      link = { ref, where: c.source.where, path: c.source.path };
      if (c.source.attachmentId) link.attachmentId = c.source.attachmentId;
      links.push(link);
    }
    onPicture?.(decoded, link, all.length);
  }
  const reading: QrReading = { links, decoded, unread, ms: performance.now() - started };
  if (late.count > 0) reading.late = { count: late.count, where: [...late.where] };
  return reading;
}

/** The pictures of one source within the size window, with their declared sizes (nothing decoded yet). */
async function candidates(source: QrSource): Promise<Candidate[]> {
  if (source.pdf) {
    return pdfImages(source.pdf).map((img, i) => ({
      source: { ...source, path: [...source.path, `picture ${i + 1}`] },
      width: img.width,
      height: img.height,
      decode: () => img.decode(),
    }));
  }
  if (!source.image) return [];
  let bytes: Buffer;
  try {
    bytes = await source.image();
  } catch {
    return [];
  }
  const info = imageInfo(bytes);
  if (!info || !sizeAllowed(info) || bytes.length > QR_MAX_FILE_BYTES) return [];
  return [{ source, width: info.width, height: info.height, decode: () => decodeImage(bytes, info) }];
}
