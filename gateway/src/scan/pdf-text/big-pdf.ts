import type { Content } from '../../parse/types.js';

/**
 * What pdf.js reads of a big PDF. A PDF over PDF_TEXT_MAX_BYTES is most often a scan (a page
 * that is one 5 MB picture) and may carry one page of text beside it: the callback notice of a
 * "scanned invoice". Such a PDF is not given to pdf.js whole: it gets the file's first
 * PDF_TEXT_MAX_BYTES and its last PDF_TEXT_TAIL_BYTES, joined (at most 5 MB per PDF, whatever its
 * size; read in place from the parser's temporary file when the attachment is kept on disk).
 *
 * The head alone does not open: pdf.js finds the document's root in the trailer, at the file's
 * end (measured: "Invalid PDF structure."). With the tail joined on, the cross-reference offsets
 * no longer match, and pdf.js rebuilds the table by scanning the bytes for objects (its recovery
 * for damaged files): the pages and fonts in the head (a text page written before the picture)
 * and in the tail (one written after it) are found, a picture cut at the join is passed over.
 * That scan costs ~70 ms of CPU for 5 MB (against ~15 ms for a small PDF), within the same budgets
 * (three PDFs per message, the per-PDF deadline, the message's 8 s). Text in objects between the
 * two parts is not read (a PDF read so whose text gives no finding gets attachment.partly-read,
 * tag text: index.ts partlyReadFindings).
 *
 * Most big PDFs are scans without a text layer: no font anywhere, so pdf.js would find no text.
 * Those are passed over before any of it is loaded (mayHoldText: the bytes are searched in place,
 * 256 KB at a time, for `/Font` or `/ObjStm`, where fonts may hide compressed): no 5 MB copy, no
 * pdf.js worker started (the bench's 20 × 25 MB scans under a short note stay as they were).
 */

/** PDFs pdf.js reads whole; of a bigger one it reads this much of the start (and the tail). */
export const PDF_TEXT_MAX_BYTES = 4 * 1024 * 1024;
/** Of a PDF over PDF_TEXT_MAX_BYTES, this much of the end is joined to its start (trailer, pages written last). */
export const PDF_TEXT_TAIL_BYTES = 1024 * 1024;

/** Searched for in a big PDF: a font, or an object stream (which may hold one, compressed). */
const TEXT_MARKS = [Buffer.from('/Font'), Buffer.from('/ObjStm')];
/** Piece searched at a time (plus the overlap a mark may straddle). */
const SEARCH_PIECE = 256 * 1024;
const SEARCH_OVERLAP = 8;

/**
 * The bytes of `content` for pdf.js, undefined for a big PDF that cannot hold text (mayHoldText):
 * all of them for a PDF of at most PDF_TEXT_MAX_BYTES +
 * PDF_TEXT_TAIL_BYTES, else its first PDF_TEXT_MAX_BYTES and its last PDF_TEXT_TAIL_BYTES, joined.
 */
export async function pdfTextBytes(content: Pick<Content, 'size' | 'buffer' | 'readAt'>): Promise<Buffer | undefined> {
  const { size } = content;
  if (size <= PDF_TEXT_MAX_BYTES) return content.buffer();
  if (!(await mayHoldText(content))) return undefined;
  if (size <= PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES) return content.buffer();
  const out = Buffer.alloc(PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES);
  if (content.readAt) {
    // readAt fills what it is given (fewer bytes only at the end of the file)
    const head = await content.readAt(0, out.subarray(0, PDF_TEXT_MAX_BYTES));
    const tail = await content.readAt(size - PDF_TEXT_TAIL_BYTES, out.subarray(PDF_TEXT_MAX_BYTES));
    return out.subarray(0, head + (head === PDF_TEXT_MAX_BYTES ? tail : 0));
  }
  // held in memory: a copy of the two parts, not the whole file
  const all = await content.buffer();
  all.copy(out, 0, 0, PDF_TEXT_MAX_BYTES);
  all.copy(out, PDF_TEXT_MAX_BYTES, Math.max(PDF_TEXT_MAX_BYTES, all.length - PDF_TEXT_TAIL_BYTES));
  return out.subarray(0, Math.min(out.length, all.length));
}

/** The parts pdf.js would get of a PDF of `size` bytes: [start, end) ranges. */
function readRanges(size: number): [number, number][] {
  if (size <= PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES) return [[0, size]];
  return [
    [0, PDF_TEXT_MAX_BYTES],
    [size - PDF_TEXT_TAIL_BYTES, size],
  ];
}

/**
 * Whether the parts of a PDF pdf.js would read (readRanges) name a font or an object stream: a
 * PDF with neither (a scan without a text layer) gives pdf.js no text. Searched in place, a piece
 * at a time, when the content is kept in a file.
 */
export async function mayHoldText(content: Pick<Content, 'size' | 'buffer' | 'readAt'>): Promise<boolean> {
  const found = (bytes: Buffer) => TEXT_MARKS.some((m) => bytes.includes(m));
  if (!content.readAt) {
    const all = await content.buffer();
    return readRanges(all.length).some(([start, end]) => found(all.subarray(start, end)));
  }
  const piece = Buffer.alloc(SEARCH_PIECE + SEARCH_OVERLAP);
  for (const [start, end] of readRanges(content.size)) {
    // each piece starts with the previous one's last bytes (a mark across the boundary)
    for (let at = start; at < end; at += SEARCH_PIECE) {
      const from = Math.max(start, at - SEARCH_OVERLAP);
      const n = await content.readAt(from, piece.subarray(0, Math.min(piece.length, end - from)));
      if (found(piece.subarray(0, n))) return true;
      if (n < Math.min(piece.length, end - from)) break;
    }
  }
  return false;
}
