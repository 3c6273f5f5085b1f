import type { Attachment, ParsedMessage } from '../../parse/types.js';
import { imageInfo } from '../qr/images.js';
import { dataImageSources } from '../qr/index.js';
import type { OcrEngine } from './tesseract.js';

/**
 * The pictures of a message that OCR may read, and reading them within the message's budget.
 *
 * Which: the message's own pictures — image attachments and inline (cid:) pictures of the message
 * and of the messages forwarded in it, by their bytes (PNG, JPEG, GIF, BMP, WebP), and the HTML
 * body's data: pictures. Not pictures inside archives or documents, never remote pictures.
 * Limits, each checked before tesseract runs: at most OCR_MAX_FILE_BYTES a file, sides within
 * OCR_MIN_SIDE … OCR_MAX_SIDE and at most OCR_MAX_PIXELS by the header's size, at most
 * OCR_MAX_IMAGES pictures read and OCR_MESSAGE_BUDGET_MS for them all per message (a picture is not
 * started past it, and one running is cut at it).
 */

export type PictureType = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';

export interface PictureInfo {
  type: PictureType;
  width: number;
  height: number;
}

/** Bytes of one picture at most. */
export const OCR_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Pixels of one picture at most (tesseract's time grows with them: a 4 MP page of text takes several seconds). */
export const OCR_MAX_PIXELS = 4_000_000;
export const OCR_MAX_SIDE = 4000;
/** Narrower or lower pictures hold no line of text worth reading (spacers, tracking pixels, icons). */
export const OCR_MIN_SIDE = 20;
/** Pictures read per message at most. */
export const OCR_MAX_IMAGES = 4;
/** Wall time for a message's OCR, waiting for a turn included. */
export const OCR_MESSAGE_BUDGET_MS = 8000;
/** Pictures whose header is looked at per message at most. */
const MAX_CANDIDATES = 32;

/** PNG, JPEG, GIF (qr/images.ts), BMP and WebP headers: the type and declared size, or undefined. */
export function pictureInfo(bytes: Buffer): PictureInfo | undefined {
  const known = imageInfo(bytes);
  if (known) return known;
  if (bytes.length >= 26 && bytes.toString('latin1', 0, 2) === 'BM') {
    const header = bytes.readUInt32LE(14);
    if (header === 12) return { type: 'bmp', width: bytes.readUInt16LE(18), height: bytes.readUInt16LE(20) };
    if (header >= 40 && bytes.length >= 26) return { type: 'bmp', width: Math.abs(bytes.readInt32LE(18)), height: Math.abs(bytes.readInt32LE(22)) };
    return undefined;
  }
  if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = bytes.toString('latin1', 12, 16);
    if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
      return { type: 'webp', width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
    }
    if (chunk === 'VP8L' && bytes[20] === 0x2f) {
      const bits = bytes.readUInt32LE(21);
      return { type: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') {
      return { type: 'webp', width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
    }
  }
  return undefined;
}

/** Within OCR's size window. */
export function ocrSizeAllowed(info: { width: number; height: number }): boolean {
  const { width: w, height: h } = info;
  return w >= OCR_MIN_SIDE && h >= OCR_MIN_SIDE && w <= OCR_MAX_SIDE && h <= OCR_MAX_SIDE && w * h <= OCR_MAX_PIXELS;
}

/** One picture of the message. */
export interface MessagePicture {
  /** How a person finds it: the file name, or "inline picture 1 (data:)". */
  name: string;
  attachmentId?: string;
  /** Shown in the body (inline, cid: or data:) rather than attached. */
  inBody: boolean;
  bytes(): Promise<Buffer>;
}

const PICTURE_EXTENSION = /\.(?:png|jpe?g|gif|bmp|webp)$/i;

function mayBePicture(att: Attachment): boolean {
  return att.contentType.startsWith('image/') || PICTURE_EXTENSION.test(att.filename) || ['png', 'jpg', 'gif', 'bmp', 'webp'].includes(att.trueType?.ext ?? '');
}

/** The message's pictures (see the top of this file): body pictures first, then attached ones, in message order. */
export function messagePictures(message: ParsedMessage): MessagePicture[] {
  const cidInHtml = message.html.includes('cid:');
  const out: MessagePicture[] = [];
  for (const att of message.attachments) {
    if (out.length >= MAX_CANDIDATES) break;
    if (!mayBePicture(att) || att.size > OCR_MAX_FILE_BYTES || att.size === 0) continue;
    out.push({
      name: att.filename || `${att.id} (${att.contentType || 'picture'})`,
      attachmentId: att.id,
      inBody: att.disposition === 'inline' || (att.disposition === '' && cidInHtml),
      bytes: () => att.content.buffer(),
    });
  }
  for (const source of dataImageSources(message.html)) {
    if (out.length >= MAX_CANDIDATES) break;
    out.push({ name: source.path.join(' → '), inBody: true, bytes: source.image! });
  }
  return out.sort((a, b) => Number(b.inBody) - Number(a.inBody));
}

/** What OCR read in one picture. */
export interface PictureText {
  picture: MessagePicture;
  text: string;
}

export interface PictureReading {
  texts: PictureText[];
  /** Pictures read (tesseract ran and answered). */
  read: number;
  /** Pictures not read: past the count or time budget (not looked at), timed out or failed. */
  unread: number;
  /** Of `unread`, those left because the message's time budget ran out (before or while tesseract read them). */
  late: number;
  ms: number;
}

/**
 * Reads the text of the given pictures within the message's budgets (OCR_MAX_IMAGES,
 * OCR_MESSAGE_BUDGET_MS); pictures outside the size window or not a picture at all are passed over.
 * Never throws.
 */
export async function readPictures(
  engine: OcrEngine,
  pictures: readonly MessagePicture[],
  opts: { signal?: AbortSignal; maxImages?: number; budgetMs?: number } = {},
): Promise<PictureReading> {
  const started = Date.now();
  const deadline = started + (opts.budgetMs ?? OCR_MESSAGE_BUDGET_MS);
  const maxImages = opts.maxImages ?? OCR_MAX_IMAGES;
  const texts: PictureText[] = [];
  let read = 0;
  let unread = 0;
  let late = 0;
  let tried = 0;
  for (const picture of pictures) {
    // past a budget the rest is not even loaded (a message may carry many big pictures)
    if (tried >= maxImages || Date.now() >= deadline || opts.signal?.aborted) {
      unread++;
      if (tried < maxImages && !opts.signal?.aborted) late++;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await picture.bytes();
    } catch {
      continue;
    }
    const info = bytes.length <= OCR_MAX_FILE_BYTES ? pictureInfo(bytes) : undefined;
    if (!info || !ocrSizeAllowed(info)) continue;
    tried++;
    const text = await engine.read(bytes, { deadline, ...(opts.signal ? { signal: opts.signal } : {}) });
    if (text === undefined) {
      unread++;
      if (Date.now() >= deadline && !opts.signal?.aborted) late++;
      continue;
    }
    read++;
    if (text.trim()) texts.push({ picture, text: text.normalize('NFC') });
  }
  return { texts, read, unread, late, ms: Date.now() - started };
}
