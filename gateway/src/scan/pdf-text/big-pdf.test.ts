import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { scannedPdf } from '../../../../test-fixtures/callback/scanned-pdf.mjs';
import { ContentCollector } from '../../parse/content.js';
import type { Content } from '../../parse/types.js';
import { mayHoldText, pdfTextBytes, PDF_TEXT_MAX_BYTES, PDF_TEXT_TAIL_BYTES } from './big-pdf.js';
import { PdfTextReader, type PdfTextRun } from './off-thread.js';

/**
 * What pdf.js gets of a PDF over 4 MB (big-pdf.ts): its first 4 MB and last 1 MB, from the
 * parser's temporary file or from memory; a scan that names no font is passed over. Read by the
 * real pdf.js worker.
 */
const MB = 1024 * 1024;
const NOTICE = ['Norton LifeLock - Invoice QX-20261124', 'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.', 'If you did not authorize this transaction, call +1 (808) 555-0147 to cancel.'];

const files: Content[] = [];
const reader = new PdfTextReader();
afterAll(async () => {
  await reader.close();
  await Promise.all(files.map((c) => c.release?.()));
});

/** The bytes as the parser keeps a big attachment: in a temporary file, read in place (readAt). */
async function inFile(bytes: Buffer): Promise<Content> {
  const { content } = await new ContentCollector(Readable.from([bytes])).done;
  files.push(content);
  expect(content.readAt).toBeTypeOf('function');
  return content;
}
/** The same bytes held in memory (no readAt). */
const inMemory = (bytes: Buffer): Pick<Content, 'size' | 'buffer'> => ({ size: bytes.length, buffer: async () => bytes });
const textOf = (run: PdfTextRun): string => (run.outcome === 'read' ? run.text.replace(/\s+/g, ' ').trim() : `(${run.outcome})`);

describe('the bytes of a big PDF given to pdf.js', () => {
  it('are the first 4 MB and the last 1 MB, the same from a temporary file and from memory', async () => {
    const pdf = scannedPdf({ pictureBytes: 7 * MB, lines: NOTICE });
    const expected = Buffer.concat([pdf.subarray(0, PDF_TEXT_MAX_BYTES), pdf.subarray(pdf.length - PDF_TEXT_TAIL_BYTES)]);
    const fromFile = await pdfTextBytes(await inFile(pdf));
    const fromMemory = await pdfTextBytes(inMemory(pdf));
    expect(fromFile?.length).toBe(5 * MB);
    expect(fromFile?.equals(expected)).toBe(true);
    expect(fromMemory?.equals(expected)).toBe(true);
  });

  it('are the whole file up to 5 MB', async () => {
    const pdf = scannedPdf({ pictureBytes: 4.5 * MB, lines: NOTICE });
    expect(pdf.length).toBeGreaterThan(PDF_TEXT_MAX_BYTES);
    expect((await pdfTextBytes(await inFile(pdf)))?.equals(pdf)).toBe(true);
  });

  it('are none for a scan that names no font, in the parts read or at all', async () => {
    const scan = scannedPdf({ pictureBytes: 7 * MB });
    expect(await mayHoldText(await inFile(scan))).toBe(false);
    expect(await mayHoldText(inMemory(scan))).toBe(false);
    expect(await pdfTextBytes(await inFile(scan))).toBeUndefined();
    // a font only between the two parts is not read either
    const middle = Buffer.from(scan);
    middle.write('/Font', 5 * MB, 'latin1');
    expect(await mayHoldText(await inFile(middle))).toBe(false);
  });

  it('finds a font or an object stream anywhere in the parts read, also across the pieces searched', async () => {
    const scan = scannedPdf({ pictureBytes: 7 * MB });
    for (const [mark, at] of [
      ['/Font', 256 * 1024 - 2],
      ['/ObjStm', 2 * 256 * 1024 - 3],
      ['/Font', scan.length - 100_000],
    ] as const) {
      const marked = Buffer.from(scan);
      marked.write(mark, at, 'latin1');
      expect(await mayHoldText(await inFile(marked)), `${mark} at ${at}`).toBe(true);
      expect(await mayHoldText(inMemory(marked)), `${mark} at ${at} (memory)`).toBe(true);
    }
  });
});

describe('pdf.js on the first 4 MB and last 1 MB of a 6–8 MB scanned invoice', () => {
  it('reads a page of text written before the picture, and one written after it', async () => {
    for (const textFirst of [true, false]) {
      const pdf = scannedPdf({ pictureBytes: 6 * MB, lines: NOTICE, textFirst });
      const run = await reader.read((await pdfTextBytes(await inFile(pdf)))!);
      expect(textOf(run), textFirst ? 'text first' : 'text last').toContain('call +1 (808) 555-0147 to cancel');
      expect(run.outcome === 'read' && run.numPages).toBe(2);
    }
  });

  it('cannot open the first 4 MB alone (the trailer is at the end): why the tail is joined', async () => {
    const pdf = scannedPdf({ pictureBytes: 6 * MB, lines: NOTICE, textFirst: true });
    expect((await reader.read(pdf.subarray(0, PDF_TEXT_MAX_BYTES))).outcome).toBe('failed');
  });
});
