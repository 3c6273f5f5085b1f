import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { extractPdfText, pdfjsDataDirs, PDF_TEXT_MAX_CHARS, PDF_TEXT_MAX_PAGES } from './extract.js';

/**
 * pdf.js's own data files (predefined CMaps, standard fonts) for the PDF text reader, on this
 * thread (the worker runs the same extractPdfText: off-thread.test.ts reads through it).
 */
const LIMITS = { maxPages: PDF_TEXT_MAX_PAGES, maxChars: PDF_TEXT_MAX_CHARS, budgetMs: 2500 };
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('pdf.js data files for the PDF text reader (pdf-text/extract.ts)', () => {
  it('finds the packed CMaps and the standard fonts of the installed pdfjs-dist, as directory paths', () => {
    const dirs = pdfjsDataDirs();
    expect(dirs).toBeDefined();
    // NodeCMapReaderFactory reads baseUrl + name + '.bcmap' with fs.readFile: a path ending in a separator
    expect(dirs!.cMapUrl.endsWith(path.sep)).toBe(true);
    expect(dirs!.standardFontDataUrl.endsWith(path.sep)).toBe(true);
    expect(existsSync(`${dirs!.cMapUrl}UniJIS-UCS2-H.bcmap`)).toBe(true);
    expect(existsSync(`${dirs!.cMapUrl}Adobe-Japan1-UCS2.bcmap`)).toBe(true);
    expect(existsSync(`${dirs!.standardFontDataUrl}LiberationSans-Regular.ttf`)).toBe(true);
  });

  it('reads text shown with a predefined CMap (CJK producers write no ToUnicode), English and Japanese', async () => {
    const pdf = textPdf([['Invoice 0012345: $499.99', '請求書 お支払い']], { font: 'predefined-cmap' });
    const got = await extractPdfText(new Uint8Array(pdf), LIMITS);
    expect(flat(got.text)).toBe('Invoice 0012345: $499.99 請求書 お支払い');
  });

  it('still reads standard-font and Identity-H text', async () => {
    expect(flat((await extractPdfText(new Uint8Array(textPdf([['Hello Helvetica']])), LIMITS)).text)).toBe('Hello Helvetica');
    expect(flat((await extractPdfText(new Uint8Array(textPdf([['Hóa đơn điện tử']], { font: 'identity-h' })), LIMITS)).text)).toBe('Hóa đơn điện tử');
  });
});
