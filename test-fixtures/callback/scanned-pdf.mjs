// Big PDFs as a scanner or a "scanned invoice" lure writes them: a page that is one picture of
// `pictureBytes` (incompressible bytes, as a JPEG is) and, when `lines` are given, a page of text in
// Helvetica (WinAnsi: ASCII text), written before the picture (`textFirst`) or after it. Without
// `lines` there is no font in the file at all (a scan without a text layer).
// Used by gateway/src/scan/pdf-text/*.test.ts. Deterministic.
import { pdfFromObjects } from '../attachments/payloads.mjs';

/** `n` bytes that do not compress and never spell a PDF name (xorshift32, high bit set). */
function noise(n) {
  const out = Buffer.alloc(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = 0x80 | (x & 0x7f);
  }
  return out;
}

const esc = (s) => s.replace(/[\\()]/g, '\\$&');
const stream = (body) => `<< /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`;

/**
 * @param {{ pictureBytes: number, lines?: string[], textFirst?: boolean }} opts
 * @returns {Buffer}
 */
export function scannedPdf({ pictureBytes, lines, textFirst = false }) {
  const picture = Buffer.concat([
    Buffer.from(`<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${pictureBytes} >>\nstream\n`, 'latin1'),
    noise(pictureBytes),
    Buffer.from('\nendstream', 'latin1'),
  ]);
  // 1 catalog, 2 pages, then the scanned page (page, contents, picture) and the text page (page, contents, font) in file order
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
  const kids = [];
  const scanPage = () => {
    const n = objects.length + 1;
    kids.push(`${n} 0 R`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${n + 1} 0 R /Resources << /XObject << /Im0 ${n + 2} 0 R >> >> >>`, stream('q 595 0 0 842 0 0 cm /Im0 Do Q'), picture);
  };
  const textPage = () => {
    const n = objects.length + 1;
    kids.push(`${n} 0 R`);
    const ops = lines.map((l, i) => `BT /F1 9 Tf 40 ${790 - 14 * i} Td (${esc(l)}) Tj ET`).join('\n');
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${n + 1} 0 R /Resources << /Font << /F1 ${n + 2} 0 R >> >> >>`, stream(ops), '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  };
  if (lines && textFirst) textPage();
  scanPage();
  if (lines && !textFirst) textPage();
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`;
  return pdfFromObjects(objects);
}
