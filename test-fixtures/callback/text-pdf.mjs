// PDFs with text, as invoices are written: one page per entry of `pages`, each a list of lines,
// shown either with a standard Type1 font (Helvetica, WinAnsi: ASCII text) or, as real invoices
// from Word, Chrome or a billing system are, with a Type0 font of encoding Identity-H whose glyph
// ids map to Unicode through a ToUnicode CMap (any text, Vietnamese included: one glyph id per
// character here), or with a Type0 font of a predefined CMap (`/Encoding /UniJIS-UCS2-H`, Adobe-Japan1,
// no ToUnicode: as Japanese, Chinese and some other producers write it), where a reader finds the
// characters only through the CMap files (pdf.js: cmaps/ of pdfjs-dist). No font program is embedded
// (text extraction does not need one).
// Used by generate.mjs (fixtures) and gateway/src/scan/pdf-text/*.test.ts. Deterministic.
import { deflateSync } from 'node:zlib';
import { pdfFromObjects } from '../attachments/payloads.mjs';

const esc = (s) => s.replace(/[\\()]/g, '\\$&');
const hex4 = (n) => n.toString(16).toUpperCase().padStart(4, '0');

/** A ToUnicode CMap mapping glyph id i+1 to chars[i]. */
function toUnicode(chars) {
  const ranges = [];
  for (let i = 0; i < chars.length; i += 100) {
    const part = chars.slice(i, i + 100);
    ranges.push(`${part.length} beginbfchar\n${part.map((c, k) => `<${hex4(i + k + 1)}> <${Buffer.from(c, 'utf16le').swap16().toString('hex').toUpperCase()}>`).join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    ...ranges,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
}

const stream = (body, extra = '', compress = false) => {
  const data = compress ? deflateSync(Buffer.from(body, 'latin1')) : Buffer.from(body, 'latin1');
  return Buffer.concat([Buffer.from(`<< /Length ${data.length}${compress ? ' /Filter /FlateDecode' : ''}${extra} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
};

/**
 * @param {string[][]} pages lines of each page
 * @param {{ font?: 'type1' | 'identity-h' | 'predefined-cmap', compress?: boolean }} [opts]
 * @returns {Buffer}
 */
export function textPdf(pages, opts = {}) {
  const font = opts.font ?? 'type1';
  const chars = [...new Set(pages.flat().join('').normalize('NFC'))].sort();
  const gid = new Map(chars.map((c, i) => [c, i + 1]));
  const show = (line) =>
    font === 'type1'
      ? `(${esc(line.normalize('NFD').replace(/[^\x20-\x7e]/g, ''))}) Tj`
      : font === 'predefined-cmap'
        ? `<${Buffer.from(line.normalize('NFC'), 'utf16le').swap16().toString('hex').toUpperCase()}> Tj` // UCS-2 codes, the CMap gives the CIDs
        : `<${[...line.normalize('NFC')].map((c) => hex4(gid.get(c))).join('')}> Tj`;
  // 1 catalog, 2 pages, 3.. font objects, then a page and its contents per page
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', ''];
  if (font === 'type1') objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  else if (font === 'predefined-cmap') {
    objects.push(
      '<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding /UniJIS-UCS2-H /DescendantFonts [4 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 5 0 R /DW 1000 /W [1 [250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 500 500 444 480 200 480 541]] >>',
      '<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 4 /FontBBox [-437 -340 1147 1317] /ItalicAngle 0 /Ascent 1317 /Descent -349 /CapHeight 742 /StemV 80 >>',
    );
  } else {
    objects.push(
      '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Arial /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>',
      '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Arial /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 450 /CIDToGIDMap /Identity >>',
      '<< /Type /FontDescriptor /FontName /ABCDEF+Arial /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>',
      stream(toUnicode(chars), '', opts.compress),
    );
  }
  const kids = [];
  for (const lines of pages) {
    const page = objects.length + 1;
    kids.push(`${page} 0 R`);
    const ops = lines.map((l, i) => `BT /F1 9 Tf 40 ${790 - 14 * i} Td ${show(l)} ET`).join('\n');
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${page + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`, stream(ops, '', opts.compress));
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages.length} >>`;
  return pdfFromObjects(objects);
}
