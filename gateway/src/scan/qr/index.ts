import { parse as parseDomain } from 'tldts';
import { emptyMessage } from '../../parse/index.js';
import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import { toUrlRef } from '../../parse/url-ref.js';
import { scanLinks } from '../links/index.js';
import type { Finding, ScanContext } from '../types.js';
import { scanUrls } from '../urls/index.js';
import { decodeImage, imageInfo, readQr, sizeAllowed, QR_MAX_FILE_BYTES, type Rgba } from './images.js';
import { pdfImages } from './pdf-images.js';
import type { FileItem } from '../attachments/walk.js';

/**
 * Links carried as QR codes ("quishing": "scan to keep your mailbox"), so URL filters see nothing.
 * The attachments walk hands over the pictures it meets (inline body pictures, image attachments,
 * pictures in zips) and the PDFs that may hold pictures; the HTML body's data: pictures are taken
 * here. Each picture is decoded within a per-message budget (QR_MAX_IMAGES pictures decoded,
 * QR_MAX_TOTAL_PIXELS, QR_TIME_BUDGET_MS; body pictures first, then attachments, then PDF pictures,
 * smaller ones first),
 * and a QR code whose text is a web address becomes a link of the message (source 'qr-code') that
 * goes through the same checks as the links in PDFs (see document-links.ts): scanUrls and the
 * per-link kinds of scanLinks. On top, one 'url.qr-code' finding per message says a link came as a
 * QR code: tags body-image|attachment|pdf, 'only-link' when the message has no other web link,
 * and the hosts.
 *
 * Nothing here runs for a message without pictures. A picture that is no QR code, cannot be
 * decoded or lies outside the size window is simply passed over: it is no finding.
 */

export type QrWhere = 'body-image' | 'attachment' | 'pdf';

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

/** Pictures decoded per message at most (those within the size window). */
export const QR_MAX_IMAGES = 6;
/** Decoded pixels per message at most (a picture that would cross it is passed over). */
export const QR_MAX_TOTAL_PIXELS = 9_000_000;
/** No further picture is started once the message's QR reading has taken this long. */
export const QR_TIME_BUDGET_MS = 150;
/** Pictures (files, PDF pictures) whose header is looked at per message at most, decoded or not. */
const QR_MAX_SOURCES = 64;
/** data: pictures taken from the HTML body at most. */
const MAX_DATA_IMAGES = 16;
const DATA_IMAGE = /data:image\/(?:png|jpe?g|gif);base64,/gi;
const BASE64_RUN = /[A-Za-z0-9+/=\s]*/y;
const ORDER: Record<QrWhere, number> = { 'body-image': 0, attachment: 1, pdf: 2 };

/** The data: pictures of an HTML body, as sources (only `data:image/…;base64,` ones, each at most QR_MAX_FILE_BYTES). */
export function dataImageSources(html: string): QrSource[] {
  if (!html.includes('data:image/')) return [];
  const out: QrSource[] = [];
  const maxChars = Math.ceil((QR_MAX_FILE_BYTES * 4) / 3);
  DATA_IMAGE.lastIndex = 0;
  for (let m = DATA_IMAGE.exec(html); m && out.length < MAX_DATA_IMAGES; m = DATA_IMAGE.exec(html)) {
    const start = m.index + m[0].length;
    BASE64_RUN.lastIndex = start;
    const run = BASE64_RUN.exec(html)?.[0] ?? '';
    DATA_IMAGE.lastIndex = start + run.length;
    const b64 = run.slice(0, maxChars);
    out.push({ where: 'body-image', path: [`inline picture ${out.length + 1} (data:)`], image: async () => Buffer.from(b64, 'base64') });
  }
  return out;
}

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
 * Reads the QR codes of the sources within the per-message budget. Never throws for bad pictures;
 * stops at the signal.
 */
export async function readQrLinks(sources: readonly QrSource[], signal?: AbortSignal): Promise<{ links: QrLink[]; decoded: number; ms: number }> {
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
  for (const c of all) {
    if (decoded >= QR_MAX_IMAGES || signal?.aborted || performance.now() - started > QR_TIME_BUDGET_MS) break;
    if (pixels + c.width * c.height > QR_MAX_TOTAL_PIXELS) continue;
    pixels += c.width * c.height;
    decoded++;
    // each picture is one synchronous stretch (decode + jsQR, up to ~1 s on a hostile one): let
    // the other sessions of this process run between pictures
    await new Promise((resolve) => setImmediate(resolve));
    const img = c.decode();
    const text = img && readQr(img);
    const ref = text ? qrTextToUrl(text) : undefined;
    if (ref && !links.some((l) => l.ref.url === ref.url)) {
      const link: QrLink = { ref, where: c.source.where, path: c.source.path };
      if (c.source.attachmentId) link.attachmentId = c.source.attachmentId;
      links.push(link);
    }
  }
  return { links, decoded, ms: performance.now() - started };
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

/** Kinds of scanLinks that are about one link (as document-links.ts). */
const PER_LINK_KINDS: ReadonlySet<Finding['kind']> = new Set(['url.abused-hosting', 'url.abused-tld', 'url.server-host']);

/**
 * The findings for the QR links of a message: the URL checks on them (named after the picture) and
 * one 'url.qr-code'. `otherWebLinks`: the message has web links of its own (body or documents).
 */
export function qrFindings(message: ParsedMessage, ctx: ScanContext, links: readonly QrLink[], otherWebLinks: boolean): Finding[] {
  if (links.length === 0) return [];
  const out: Finding[] = [];
  const own: ParsedMessage = { ...emptyMessage(), from: message.from, urls: links.map((l) => (l.attachmentId ? { ...l.ref, partId: l.attachmentId } : l.ref)) };
  const byUrl = new Map(links.map((l) => [l.ref.url, l]));
  for (const f of [...scanUrls(own, ctx), ...scanLinks(own, ctx).filter((x) => PER_LINK_KINDS.has(x.kind))]) {
    const link = [...byUrl.values()].find((l) => f.subject !== undefined && (f.subject === l.ref.url || f.subject.includes(l.ref.host)));
    const where = link ? ` (link in a QR code: ${describe(link)})` : ' (link in a QR code)';
    const named: Finding = { ...f, detail: `${f.detail}${where}` };
    if (link?.attachmentId) named.attachment = link.attachmentId;
    out.push(named);
  }
  const wheres = [...new Set(links.map((l) => l.where))];
  const hosts = [...new Set(links.map((l) => l.ref.host).filter(Boolean))].slice(0, 5);
  const first = links[0]!;
  const finding: Finding = {
    scanner: 'urls',
    kind: 'url.qr-code',
    detail: `${links.length === 1 ? 'a link' : `${links.length} links`} carried as a QR code: ${links.slice(0, 3).map((l) => `${short(l.ref.url)} in ${describe(l)}`).join('; ')}`,
    subject: short(first.ref.url),
    tags: [...wheres, ...(otherWebLinks ? [] : ['only-link']), ...hosts],
  };
  out.push(finding);
  return out;
}

function describe(l: QrLink): string {
  const what = l.where === 'pdf' ? 'a PDF picture' : l.where === 'body-image' ? 'a picture in the body' : 'an attached picture';
  return `${what}, ${l.path.join(' → ')}`;
}

function short(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

/** A link a reader follows in the message itself (as links/index.ts isWebLink): not pictures, not style sheets. */
export function hasWebLink(message: ParsedMessage): boolean {
  return message.urls.some((u) => {
    if (!/^https?$/.test(u.scheme)) return false;
    if (u.source === 'href' || u.source === 'form' || u.source === 'meta-refresh') return true;
    return (u.source === 'text' || u.source === 'attachment') && /^\s*https?:\/\//i.test(u.raw);
  });
}

/** What the attachments walk hands over: pictures and PDFs (walk.ts AttachmentWalk.pictures), and whether documents had links. */
export interface WalkPictures {
  pictures: readonly { item: Pick<FileItem, 'attachmentId' | 'path' | 'archiveDepth' | 'bytes'>; pdf?: Buffer }[];
  pdfLinks: readonly unknown[];
  officeLinks: readonly unknown[];
}

/**
 * The QR step of the attachments scanner, once every attachment has been walked: the walk's
 * pictures and PDFs plus the HTML body's data: pictures, read within the message's budget; the
 * findings for the links found. Nothing runs (no decoding, no HTML search beyond one `includes`)
 * for a message without pictures.
 */
export async function messageQrFindings(message: ParsedMessage, ctx: ScanContext, walks: readonly WalkPictures[]): Promise<Finding[]> {
  const sources: QrSource[] = dataImageSources(message.html);
  if (sources.length === 0 && walks.every((w) => w.pictures.length === 0)) return [];
  const byId = new Map(message.attachments.map((a) => [a.id, a]));
  const cidInHtml = message.html.includes('cid:');
  for (const w of walks) {
    for (const { item, pdf } of w.pictures) {
      const att = byId.get(item.attachmentId);
      const inBody = item.archiveDepth === 0 && att !== undefined && (att.disposition === 'inline' || (att.disposition === '' && cidInHtml));
      const source: QrSource = { where: pdf ? 'pdf' : inBody ? 'body-image' : 'attachment', attachmentId: item.attachmentId, path: item.path };
      if (pdf) source.pdf = pdf;
      else source.image = () => item.bytes();
      sources.push(source);
    }
  }
  if (sources.length === 0) return [];
  const { links, decoded, ms } = await readQrLinks(sources, ctx.signal);
  ctx.log.debug({ evt: 'scan.qr', sources: sources.length, decoded, links: links.length, ms: Math.round(ms) }, 'QR codes read');
  const otherLinks = hasWebLink(message) || walks.some((w) => w.pdfLinks.length > 0 || w.officeLinks.length > 0);
  return qrFindings(message, ctx, links, otherLinks);
}
