/**
 * The pictures the attachment walk (walk.ts) keeps for the QR reader (scan/qr): picture files
 * (attachments, and archive members within a per-attachment budget) and an Office document's or
 * OpenDocument's own pictures, read while the document is open. PDFs that may hold pictures are
 * kept by walk-pdf.ts.
 */
import { imageInfo, sizeAllowed, QR_MAX_FILE_BYTES } from '../qr/images.js';
import { QR_MAX_IMAGES, QR_MAX_SOURCES } from '../qr/read.js';
import type { OpenedZip } from './zip.js';
import { memberItem, type FileItem, type Walk } from './walk-base.js';

/**
 * A picture file (PNG, JPEG, GIF by true type) for the QR reader. An attachment always; a member
 * of an archive (zip, 7z, RAR, tar, a disk image ...) only within the QR reader's size window by its
 * header and at most MEMBER_MAX_PICTURES of them and MEMBER_PICTURE_BYTES in all per attachment: a zip of
 * a thousand pictures keeps (in memory, until the QR step) and hands over no more than the reader
 * could look at, and icons too small for a QR code do not use up the count.
 */
export async function picture(walk: Walk, item: FileItem): Promise<void> {
  if (item.archiveDepth === 0) return void walk.pictures.push({ item });
  if (walk.memberPictures.count >= MEMBER_MAX_PICTURES || item.size > QR_MAX_FILE_BYTES || item.size > walk.memberPictures.bytes) return;
  const info = imageInfo(await item.bytes());
  if (!info || !sizeAllowed(info)) return;
  walk.memberPictures.count++;
  walk.memberPictures.bytes -= item.size;
  walk.pictures.push({ item });
}

/**
 * The pictures of an Office document, read while it is open, for the QR reader: an OOXML
 * document's media (word/media, xl/media, ppt/media: PNG, JPEG, GIF by name), an OpenDocument's
 * Pictures/ (any name: LibreOffice goes by the content). Smallest first; at most
 * OFFICE_MAX_PICTURES within the QR reader's size window (by their headers: icons, bullets and
 * files that are no PNG/JPEG/GIF do not use up the count) of at most QR_MAX_FILE_BYTES each, at
 * most OFFICE_MAX_ENTRIES inflated and OFFICE_PICTURE_BYTES in all, each no further than its
 * declared size; the QR reader's per-message budgets apply on top.
 */
export async function officePictures(walk: Walk, item: FileItem, zip: OpenedZip, names: RegExp): Promise<void> {
  const media = zip.entries
    .filter((e) => !e.directory && !e.encrypted && names.test(e.name) && e.uncompressedSize <= QR_MAX_FILE_BYTES)
    .sort((a, b) => a.uncompressedSize - b.uncompressedSize)
    .slice(0, OFFICE_MAX_ENTRIES);
  let budget = OFFICE_PICTURE_BYTES;
  let kept = 0;
  for (const entry of media) {
    if (entry.uncompressedSize > budget || kept >= OFFICE_MAX_PICTURES) break;
    let data: Buffer;
    try {
      data = await zip.read(entry, entry.uncompressedSize);
    } catch {
      continue; // a picture that cannot be read is no QR code to read
    }
    budget -= data.length;
    const info = imageInfo(data);
    if (!info || !sizeAllowed(info)) continue;
    kept++;
    walk.pictures.push({ item: memberItem(item, entry.name, data), office: true });
  }
}

/** Pictures of an OOXML document read for QR codes (officePictures). */
export const OFFICE_MEDIA = /^(?:word|xl|ppt)\/media\/[^/]+\.(?:png|jpe?g|gif)$/i;
/** Pictures of an OpenDocument (odt, ods, odp and their templates) read for QR codes. */
export const ODF_PICTURES = /^Pictures\/[^/]+$/;
const OFFICE_MAX_PICTURES = QR_MAX_IMAGES; // the QR reader decodes no more per message
/** Picture entries inflated per document at most (smallest first), whether in the size window or not. */
const OFFICE_MAX_ENTRIES = 64;
const OFFICE_PICTURE_BYTES = 16 * 1024 * 1024;

/** Member pictures (of archives) kept for the QR reader per attachment at most: what it looks at per message (read.ts). */
const MEMBER_MAX_PICTURES = QR_MAX_SOURCES;
export const MEMBER_PICTURE_BYTES = 16 * 1024 * 1024;

/** True types whose pictures the QR reader decodes. */
export const QR_PICTURE_TYPES: ReadonlySet<string> = new Set(['png', 'jpg', 'gif']);
