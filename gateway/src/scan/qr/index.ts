import { emptyMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { scanLinks } from '../links/index.js';
import type { Finding, ScanContext } from '../types.js';
import { scanUrls } from '../urls/index.js';
import { QR_MAX_FILE_BYTES } from './images.js';
import { qrReader, type QrRun } from './off-thread.js';
import { notReadFinding } from '../not-read.js';
import type { QrLink, QrSource } from './read.js';
import type { FileItem } from '../attachments/walk.js';
import { isKnownQrDestination } from './known-destination.js';

/**
 * Links carried as QR codes ("quishing": "scan to keep your mailbox"), so URL filters see nothing.
 * The attachments walk hands over the pictures it meets (inline body pictures, image attachments,
 * pictures in zips, pictures of OOXML and OpenDocument files) and the PDFs that may hold pictures (a big
 * PDF's pictures past its first window as a PDF of their own: pdf-window-pictures.ts); the HTML body's data: pictures are taken
 * here. Each picture is decoded within a per-message budget (QR_MAX_IMAGES pictures decoded,
 * QR_MAX_TOTAL_PIXELS, QR_TIME_BUDGET_MS; body pictures first, then attachments, then PDF and
 * Office pictures, smaller ones first) in a worker thread (off-thread.ts, read.ts),
 * and a QR code whose text is a web address becomes a link of the message (source 'qr-code') that
 * goes through the same checks as the links in PDFs (see document-links.ts): scanUrls and the
 * per-link kinds of scanLinks. On top, one 'url.qr-code' finding per message says a link came as a
 * QR code: tags body-image|attachment|pdf|office, 'only-link' when the message has no other web link,
 * and the hosts.
 *
 * Nothing here runs for a message without pictures. A picture that is no QR code, cannot be
 * decoded or lies outside the size window is simply passed over: it is no finding. Pictures left
 * unread for want of time give 'attachment.not-read' (tags qr, time|deadline; qrNotRead).
 */

export { qrTextToUrl, readQrLinks, QR_MAX_IMAGES, QR_MAX_TOTAL_PIXELS, QR_TIME_BUDGET_MS } from './read.js';
export type { QrLink, QrReading, QrSource, QrWhere } from './read.js';

/** data: pictures taken from the HTML body at most. */
const MAX_DATA_IMAGES = 16;
const DATA_IMAGE = /data:image\/(?:png|jpe?g|gif);base64,/gi;
const BASE64_RUN = /[A-Za-z0-9+/=\s]*/y;

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
  // an official QR code (every link to the local or allowed domains or a restricted zone such as gov.vn,
  // known-destination.ts): its links were checked above like any other, but it is no sign of quishing
  const official = links.every((l) => isKnownQrDestination(l.ref.host, ctx.policy));
  const wheres = [...new Set(links.map((l) => l.where))];
  const hosts = [...new Set(links.map((l) => l.ref.host).filter(Boolean))].slice(0, 5);
  const first = links[0]!;
  const finding: Finding = {
    scanner: 'urls',
    kind: official ? 'url.qr-code-official' : 'url.qr-code',
    detail: `${links.length === 1 ? 'a link' : `${links.length} links`} carried as a QR code${official ? ' to an official site' : ''}: ${links.slice(0, 3).map((l) => `${short(l.ref.url)} in ${describe(l)}`).join('; ')}`,
    subject: short(first.ref.url),
    tags: [...wheres, ...(otherWebLinks ? [] : ['only-link']), ...hosts],
    urls: links.map((l) => l.ref.url),
  };
  out.push(finding);
  return out;
}

function describe(l: QrLink): string {
  const what = l.where === 'pdf' ? 'a PDF picture' : l.where === 'office' ? 'a picture in an Office document' : l.where === 'body-image' ? 'a picture in the body' : 'an attached picture';
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
    return (u.source === 'text' || u.source === 'attachment' || u.source === 'calendar') && /^\s*https?:\/\//i.test(u.raw);
  });
}

/** What the attachments walk hands over: pictures and PDFs (walk.ts AttachmentWalk.pictures), and whether documents had links. */
export interface WalkPictures {
  /** `office`: a picture of an OOXML document (word/media, xl/media, ppt/media) or an OpenDocument (Pictures/). */
  pictures: readonly { item: Pick<FileItem, 'attachmentId' | 'path' | 'archiveDepth' | 'bytes'>; pdf?: Buffer; office?: boolean }[];
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
  // the message's own files (attachments, PDFs) before what lies inside them (archive members,
  // documents' pictures), so that a zip of many pictures cannot push an attached picture out of QR_MAX_SOURCES
  const pictures = walks.flatMap((w) => w.pictures);
  const ordered = [...pictures.filter((p) => p.item.archiveDepth === 0), ...pictures.filter((p) => p.item.archiveDepth > 0)];
  for (const { item, pdf, office } of ordered) {
    const att = byId.get(item.attachmentId);
    const inBody = item.archiveDepth === 0 && att !== undefined && (att.disposition === 'inline' || (att.disposition === '' && cidInHtml));
    const source: QrSource = { where: pdf ? 'pdf' : office ? 'office' : inBody ? 'body-image' : 'attachment', attachmentId: item.attachmentId, path: item.path };
    if (pdf) source.pdf = pdf;
    else source.image = () => item.bytes();
    sources.push(source);
  }
  if (sources.length === 0) return [];
  // in the process's QR worker (off-thread.ts); on this thread when the worker cannot serve
  const run = await qrReader().read(sources, ctx.signal);
  const { links, decoded, unread, ms } = run;
  ctx.log.debug({ evt: 'scan.qr', sources: sources.length, decoded, unread, links: links.length, ms: Math.round(ms), via: run.via, timedOut: run.timedOut }, 'QR codes read');
  if (run.fallback) ctx.log.warn({ evt: 'scan.qr.fallback', reason: run.fallback }, 'QR worker unavailable: pictures read on the main thread');
  const otherLinks = hasWebLink(message) || walks.some((w) => w.pdfLinks.length > 0 || w.officeLinks.length > 0);
  return [...qrFindings(message, ctx, links, otherLinks), ...qrNotRead(run)];
}

/**
 * Fail closed on time: pictures left unread when the reader was stopped at its hard deadline (a
 * picture that hangs the decoder, or a machine too loaded to read one in QR_WORKER_DEADLINE_MS).
 * The soft budget running out after the first picture (a mail with many photos) is no finding:
 * ordinary mail is not warned about for its pictures (readQrLinks always reads the first one).
 */
export function qrNotRead(run: Pick<QrRun, 'late' | 'timedOut'>): Finding[] {
  if (!run.timedOut || !run.late || run.late.count === 0) return [];
  return [notReadFinding('attachments', 'qr', 'deadline', run.late.count, run.late.where)];
}
