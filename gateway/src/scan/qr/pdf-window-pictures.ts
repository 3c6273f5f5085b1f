import { namesOf, parseValues, splitStreamRanges, streamBytes, type PdfValue } from '../attachments/pdf-syntax.js';
import { PDF_WINDOW_BYTES, PDF_WINDOW_OVERLAP } from '../attachments/pdf-windows.js';
import { sizeAllowed } from './images.js';
import { PDF_MAX_IMAGES } from './pdf-images.js';

/**
 * The pictures of a big PDF past its first window, for the QR reader. A PDF bigger than
 * PDF_MAX_BYTES is read window by window (attachments/pdf-windows.ts) and the picture reader gets
 * only the first window (the head); a QR code on page 12 of a scanned file, or a picture a sender
 * pushed past 4 MB, would not be seen. So, as each later window goes by (PdfWindowListener), the
 * picture XObjects whole in it that the QR reader could decode (within its size window, DCTDecode
 * or FlateDecode) are copied out, smallest kept first, at most PDF_WINDOW_PICTURE_BYTES (less than
 * one window: what a PDF read this way holds on top of its head) and PDF_MAX_IMAGES pictures; then
 * `pdf()` gives them as a small PDF of their objects, which the QR reader reads like any PDF
 * (pdf-images.ts).
 *
 * What is not seen: a picture bigger than PDF_WINDOW_OVERLAP cut by a window's edge (it is whole
 * in no window), pictures in the bytes the windows reader does not read (past PDF_MAX_SCAN_BYTES,
 * before the last window), and everything pdf-images.ts does not read.
 */

/** Picture bytes kept per PDF at most: one window, less room for the objects' dictionaries (the result fits pdfImages' PDF_MAX_BYTES). */
export const PDF_WINDOW_PICTURE_BYTES = PDF_WINDOW_BYTES - PDF_WINDOW_OVERLAP;

interface Kept {
  /** Where the stream keyword is in the file (pictures met twice in overlapping windows are kept once). */
  at: number;
  dict: string;
  data: Buffer;
}

export class PdfWindowPictures {
  private readonly kept: Kept[] = [];
  private readonly seen = new Set<number>();
  private bytes = 0;

  /**
   * `headBytes`: pictures whole in the file's first `headBytes` are left to the reader of the head,
   * and the first window is not looked at; 0: every window is, the first one included (the walk
   * keeps the first window's pictures this way rather than a copy of the whole window).
   */
  constructor(private readonly headBytes = PDF_WINDOW_BYTES) {}

  /** A window as pdf-windows.ts reads it (a PdfWindowListener): valid only during the call. */
  add(window: Buffer, offset: number): void {
    if ((offset === 0 && this.headBytes > 0) || !window.includes('/Image')) return;
    const { streams } = splitStreamRanges(window, isPicture);
    for (const s of streams) {
      if (s.end >= window.length) continue; // no endstream: cut by the window's end
      const at = offset + s.pos;
      if (offset + s.end <= this.headBytes || this.seen.has(at)) continue;
      this.seen.add(at);
      const dict = parseValues(s.dict, undefined, 1)[0];
      if (dict?.t !== 'dict' || !decodable(dict.m)) continue;
      this.keep(at, s.dict, streamBytes(window, s));
    }
  }

  /** Pictures kept so far. */
  get count(): number {
    return this.kept.length;
  }

  /**
   * The pictures kept, in file order, as a small PDF of their objects; undefined when there is none.
   * Once: the copies are let go, so that only the PDF made of them stays.
   */
  pdf(): Buffer | undefined {
    if (this.kept.length === 0) return undefined;
    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
    this.kept
      .sort((a, b) => a.at - b.at)
      .forEach((k, i) => {
        parts.push(Buffer.from(`${i + 1} 0 obj\n${k.dict.trim()}\nstream\n`, 'latin1'), k.data, Buffer.from('\nendstream\nendobj\n', 'latin1'));
      });
    this.kept.length = 0;
    this.bytes = 0;
    return Buffer.concat(parts);
  }

  /** Keeps a copy of the picture when it fits, making room by dropping bigger ones kept before. */
  private keep(at: number, dict: string, data: Buffer): void {
    if (data.length > PDF_WINDOW_PICTURE_BYTES) return;
    while (this.kept.length >= PDF_MAX_IMAGES || this.bytes + data.length > PDF_WINDOW_PICTURE_BYTES) {
      let largest = 0;
      for (let i = 1; i < this.kept.length; i++) if (this.kept[i]!.data.length > this.kept[largest]!.data.length) largest = i;
      const big = this.kept[largest];
      if (!big || big.data.length <= data.length) return; // the new one is the biggest: not kept
      this.kept.splice(largest, 1);
      this.bytes -= big.data.length;
    }
    // a copy of its own: the window's buffer is reused for the next window (the dictionary is a
    // string of its own already: splitStreamRanges)
    this.kept.push({ at, dict, data: Buffer.from(data) });
    this.bytes += data.length;
  }
}

/** An image XObject's dictionary (as pdf-images.ts tells them). */
function isPicture(dict: string): boolean {
  const names = namesOf(dict);
  return names.includes('Image') && names.includes('Subtype');
}

/** What pdf-images.ts can decode, by the dictionary alone: sides within the QR size window, DCT or Flate (or no) filters. */
function decodable(m: Map<string, PdfValue>): boolean {
  const width = m.get('Width') ?? m.get('W');
  const height = m.get('Height') ?? m.get('H');
  if (width?.t !== 'num' || height?.t !== 'num' || !Number.isInteger(width.v) || !Number.isInteger(height.v)) return false;
  if (!sizeAllowed({ width: width.v, height: height.v })) return false;
  const filter = m.get('Filter') ?? m.get('F');
  const filters = filter?.t === 'name' ? [filter.v] : filter?.t === 'arr' ? filter.a.map((x) => (x.t === 'name' ? x.v : '?')) : filter === undefined ? [] : ['?'];
  return filters.every((f) => f === 'FlateDecode' || f === 'Fl' || f === 'DCTDecode' || f === 'DCT');
}
