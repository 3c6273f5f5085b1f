/**
 * The PDF part of the attachment walk (walk.ts): a PDF's active content, encryption and links
 * (pdf.ts; one over PDF_MAX_BYTES window by window), its text offered to the PDF text step, its
 * pictures kept for the QR reader, an encrypted one's decrypted copy (pdf-decrypted.ts), and its
 * embedded files walked as members (pdf-embedded.ts, pdf-large-embedded.ts).
 */
import type { Observation } from './checks.js';
import { inspectLargePdf, inspectPdf, pdfDecryption, pdfObservations, pdfPassword, PDF_MAX_BYTES, type PdfLimits, type PdfReport } from './pdf.js';
import { decryptedPdf, embeddedContent, type EmbeddedFile } from './pdf-decrypted.js';
import { clearPdfEmbedded } from './pdf-embedded.js';
import { readEmbeddedData, type PdfSource, type PlacedEmbeddedFile } from './pdf-large-embedded.js';
import { mayBeLure } from './pdf-layout.js';
import { mayHoldImages } from '../qr/pdf-images.js';
import { PdfWindowPictures } from '../qr/pdf-window-pictures.js';
import { pdfTextBytes } from '../pdf-text/big-pdf.js';
import { pdfContentKey } from '../pdf-text/archive-pdfs.js';
import { DECRYPTED, memberItem, NO_PASSWORDS, RATIO_MIN_BYTES, type FileItem, type Walk } from './walk-base.js';

/** A PDF: its active content and encryption (pdfObservations) and its links (kept for the URL checks). */
export async function walkPdf(walk: Walk, item: FileItem, out: Observation[]): Promise<void> {
  const { limits } = walk.deps;
  // a PDF that needs a password gets the message's (pdf.ts), as encrypted zips, 7z and Office files do
  const pdfLimits: PdfLimits = {
    inflateTotalBytes: limits.archiveMaxTotalBytes,
    inflateMaxRatio: limits.archiveMaxRatio,
    passwords: walk.deps.passwords ?? NO_PASSWORDS,
    passwordTries: walk.budgets.pdfTries,
  };
  let bytes: Buffer;
  let report: PdfReport;
  let later: PdfWindowPictures | undefined;
  let placed: PlacedEmbeddedFile[] = [];
  let opener: string | undefined;
  // (one content, many copies: the PDF text step reads each once, and a password that opened one opens them all: archive-pdfs.ts)
  const content = pdfContentKey(item.sha256, item.size);
  const handOver = item.archiveDepth > 0 && walk.deps.archivePdfs?.wants(content) ? walk.deps.archivePdfs : undefined;
  if (item.size <= PDF_MAX_BYTES) {
    bytes = await item.bytes();
    // a PDF inside an archive (or a PDF) is read for its words too, when the message's PDFs are
    // (room kept: a copy, so the archive's buffer is not held with it)
    handOver?.offer({ attachmentId: item.attachmentId, path: item.path, bytes: Buffer.from(bytes), content });
    report = await inspectPdf(bytes, pdfLimits);
    opener = pdfPassword(report);
  } else {
    // (pdf-text: a big PDF in an archive is offered as its first 4 MB and last 1 MB, as a big attached one is read: big-pdf.ts)
    const text = handOver ? await pdfTextBytes({ size: item.size, buffer: item.bytes, ...(item.readAt ? { readAt: item.readAt } : {}) }) : undefined;
    if (text) handOver?.offer({ attachmentId: item.attachmentId, path: item.path, bytes: Buffer.from(text), content, size: item.size });
    // a big one window by window, from the bytes when loaded, else streamed from its file; the
    // pictures the QR reader could decode are kept as the windows go by: the first window's (as
    // a small PDF of them, not a 4 MB copy of the window held until the message is done: a
    // scanned page is one picture too big to decode) and those past it
    const first = new PdfWindowPictures(0);
    const pictures = (later = new PdfWindowPictures());
    const onWindow = (window: Buffer, offset: number) => {
      if (offset === 0) first.add(window, 0);
      pictures.add(window, offset);
    };
    const large = await inspectLargePdf(pdfSource(item)(), item.size, pdfLimits, onWindow, false);
    ({ head: bytes, embedded: placed, ...report } = large);
    opener = pdfPassword(large);
    bytes = first.pdf() ?? bytes;
  }
  out.push(...pdfObservations(report));
  // a PDF opened with a password (common, the message's, a picture's): the PDF text step reads it
  // with that password (pdf-text/archive-pdfs.ts; an attached one by its id alone, a member by its path too)
  if (opener !== undefined) walk.deps.archivePdfs?.offerOpened(item.attachmentId, item.archiveDepth > 0 ? item.path : [], opener, content);
  if (report.uris.length > 0) walk.pdfLinks.push({ attachmentId: item.attachmentId, path: item.path, uris: report.uris });
  // (not a big PDF read in part: its page count may lie in the bytes not read)
  if (report.layout && !report.unreadBytes && report.uris.length > 0 && mayBeLure(report.layout)) {
    walk.pdfLures.push({ attachmentId: item.attachmentId, path: item.path, layout: report.layout, uris: report.uris, encrypted: report.encryption !== undefined });
  }
  // an encrypted PDF's pictures (and, opened with a password, the rest) are read from its decrypted copy
  if (report.encryption) {
    if (item.size <= PDF_MAX_BYTES) await openedPdf(walk, item, bytes, report, out);
    return;
  }
  // a clear PDF's embedded files are walked as members, as an opened one's are (pdf-embedded.ts)
  if (item.size <= PDF_MAX_BYTES && report.active.includes('embedded-file')) {
    const files = clearPdfEmbedded(bytes);
    if (files.length > 0 && walk.canOpen(item, out)) await pdfFiles(walk, item, files);
  }
  // a big one's are read from it one at a time, in place (pdf-large-embedded.ts)
  if (placed.length > 0 && walk.canOpen(item, out)) await largePdfFiles(walk, item, placed);
  if (mayHoldImages(bytes)) walk.pictures.push({ item, pdf: bytes });
  const past = later?.pdf();
  if (past) walk.pictures.push({ item: { ...item, path: [...item.path, `past ${PDF_MAX_BYTES / (1024 * 1024)} MB`] }, pdf: past });
}

/**
 * An encrypted PDF held whole that pdf.ts could open (pdf-decrypted.ts). One that opens without a
 * password: ClamAV decrypts it itself, so only its pictures are decrypted, for the QR reader (the
 * whole of it when it has embedded files, which are then walked as members, not sent again). One
 * opened with a password (the message's or a common one): ClamAV gets its decrypted copy as
 * "file.pdf → decrypted" (as an RC4 .xls its workbook), the QR reader its pictures from that
 * copy, and its embedded files are walked as members — all within the archive limits (depth,
 * entries, the byte budget left).
 */
async function openedPdf(walk: Walk, item: FileItem, bytes: Buffer, report: PdfReport, out: Observation[]): Promise<void> {
  const crypt = pdfDecryption(report);
  const budget = walk.budgets.pdfTries; // the message's copy bytes (CPU: RC4 runs in JavaScript)
  if (!crypt) return;
  if (!report.encryption?.unlock?.opened) {
    // with embedded files, a whole copy gives them to the walk (names, types, macros: ClamAV reads them itself)
    const whole = report.active.includes('embedded-file') && walk.canOpen(item, out) ? decryptedPdf(bytes, crypt, { maxBytes: Math.min(walk.bytesLeft(), budget.copyBytes) }) : undefined;
    if (whole) {
      budget.copyBytes -= whole.pdf.length;
      if (mayHoldImages(whole.pdf)) walk.pictures.push({ item, pdf: whole.pdf });
      return pdfFiles(walk, item, whole.embedded);
    }
    const pictures = mayHoldImages(bytes) ? decryptedPdf(bytes, crypt, { maxBytes: Math.min(PDF_MAX_BYTES, budget.copyBytes), picturesOnly: true }) : undefined;
    if (!pictures) return;
    budget.copyBytes -= pictures.pdf.length;
    walk.pictures.push({ item, pdf: pictures.pdf });
    return;
  }
  if (!walk.canOpen(item, out) || !walk.nextEntry(item, DECRYPTED)) return;
  const clear = decryptedPdf(bytes, crypt, { maxBytes: Math.min(walk.bytesLeft(), budget.copyBytes) });
  if (!clear) return; // nothing readable, or past the budgets: clamd has the file as sent
  budget.copyBytes -= clear.pdf.length;
  walk.bytesOut += clear.pdf.length;
  await walk.queueClamd(memberItem(item, DECRYPTED, clear.pdf));
  if (mayHoldImages(clear.pdf)) walk.pictures.push({ item, pdf: clear.pdf });
  await pdfFiles(walk, item, clear.embedded);
}

/**
 * A PDF's embedded files (pdf-decrypted.ts, pdf-embedded.ts), each inflated within the ratio limit
 * and the byte budget left and walked as a member "file.pdf → invoice.exe"; past a cap the walk
 * stops there (pastCap), as for a gzip. The caller has checked the depth (canOpen).
 */
async function pdfFiles(walk: Walk, item: FileItem, files: readonly EmbeddedFile[]): Promise<void> {
  for (const file of files) {
    const member = walk.nextEntry(item, file.name);
    if (!member) return;
    const room = walk.bytesLeft();
    const ratioCap = Math.max(RATIO_MIN_BYTES - 1, file.data.length * walk.deps.limits.archiveMaxRatio);
    const content = await embeddedContent(file, Math.min(room, ratioCap));
    if (content?.overCap) return walk.pastCap(member, file.name, file.data.length, ratioCap, room, 'inflate');
    if (!content || content.damaged) walk.nameOnly(member, file.name); // another filter, or damaged: ClamAV reads it in the PDF
    else await walk.walkMember(item, file.name, content.data);
  }
}

/**
 * The embedded files of a PDF over PDF_MAX_BYTES (pdf-large-embedded.ts), each read from the PDF
 * in place (its temporary file, never the whole PDF) when it is walked, at most what is left of
 * the byte budget, then walked as pdfFiles walks a small PDF's: one held at a time. A stream
 * whose known length is past the budget is named only, and the walk stops there (total-bytes).
 */
async function largePdfFiles(walk: Walk, item: FileItem, files: readonly PlacedEmbeddedFile[]): Promise<void> {
  const source = pdfSource(item);
  for (const file of files) {
    if (walk.stopped) return;
    const room = walk.bytesLeft();
    const read = await readEmbeddedData(source, file, item.size, room);
    if (read.overCap) {
      const member = walk.nextEntry(item, file.name);
      if (!member) return;
      return walk.pastCap(member, file.name, file.length ?? 0, Infinity, room, 'inflate');
    }
    await pdfFiles(walk, item, [{ name: file.name, data: read.data, filters: file.filters }]);
  }
}

/** A new reading of a PDF: in place from its file when it is kept in one, else its bytes or a new stream of them. */
function pdfSource(item: FileItem): PdfSource {
  return () => (item.readAt ? { readAt: item.readAt } : item.clamdInput());
}
