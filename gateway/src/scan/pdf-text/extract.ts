import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The text of a PDF's first pages, read with pdf.js (pdfjs-dist, its legacy build for Node). Runs
 * only in the PDF text worker (worker.ts): pdf.js parses hostile bytes synchronously for long
 * stretches, so the main thread never loads it. pdf.js is given no way to run code or reach out:
 * no eval (isEvalSupported false), no font faces, no system fonts, nothing fetched (the bytes are
 * given whole; only pdfjs-dist's own data files are read, below); a broken object is passed over (stopAtErrors false) and it logs nothing.
 *
 * pdf.js reads two kinds of data files of its own, shipped in pdfjs-dist (pdfjsDataDirs): the
 * predefined CMaps (cmaps/, packed .bcmap) and the standard fonts (standard_fonts/). Without the
 * CMaps a font whose encoding is a predefined CMap (`/Encoding /UniJIS-UCS2-H`, `/UniGB-UCS2-H`, …,
 * as CJK producers write it, with no ToUnicode) gives no text at all. Under Node, pdfjs-dist 4's
 * default factories (NodeCMapReaderFactory, NodeStandardFontDataFactory) read them with
 * fs.readFile(baseUrl + name), so the base is a directory path ending in a separator (a file:
 * URL would be read as a relative path). pdf.js only asks for the names on its own lists
 * (BUILT_IN_CMAPS, its standard font table), never a name taken from the PDF as a path. A PDF
 * naming a standard font it does not embed (Helvetica, Arial) now loads LiberationSans or a Foxit
 * font for it: measured 1–4 ms more CPU per such PDF, for the same text on our test files.
 *
 * Bounds, checked between pages: PDF_TEXT_MAX_PAGES pages, PDF_TEXT_MAX_CHARS characters (the text
 * is cut there), and a time budget (the worker's main-thread side also stops the whole worker at a
 * hard deadline: a single page can spin). A PDF that opens without a password is read (pdf.js
 * decrypts it); one that needs a password gets the given ones (limits.passwords), each tried once.
 * A PDF none of them opens, or that pdf.js cannot open, throws: the caller reads that as "no text".
 */

/** Passwords tried on one PDF at most. */
export const PDF_TEXT_MAX_PASSWORDS = 4;

/** Pages read at most (an invoice or a "document waiting" lure says it on its first page). */
export const PDF_TEXT_MAX_PAGES = 5;
/** Characters of text kept at most. */
export const PDF_TEXT_MAX_CHARS = 20_000;

export interface PdfTextLimits {
  maxPages: number;
  maxChars: number;
  /** No page is started past this many milliseconds from the start. */
  budgetMs: number;
  /** Passwords to try, in order, on a PDF that needs one (the message's own: attachments/passwords.ts). */
  passwords?: readonly string[];
}

export interface PdfText {
  text: string;
  /** Pages read, and the PDF's page count. */
  pages: number;
  numPages: number;
  /** Cut at a limit (pages, characters or time). */
  truncated: boolean;
}

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js's CMap and standard font directories in the installed pdfjs-dist (each ending in a separator), if found. */
export function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string } | undefined {
  try {
    const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const dirs = { cMapUrl: path.join(root, 'cmaps') + path.sep, standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep };
    return existsSync(dirs.cMapUrl) && existsSync(dirs.standardFontDataUrl) ? dirs : undefined;
  } catch {
    return undefined;
  }
}
/** Looked up once per worker (null: not yet). */
let dataDirs: ReturnType<typeof pdfjsDataDirs> | null = null;

/** Reads the text of the PDF `data` (taken over by pdf.js: the caller must not use it afterwards). */
export async function extractPdfText(data: Uint8Array, limits: PdfTextLimits): Promise<PdfText> {
  const started = performance.now();
  const { getDocument } = await (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));
  if (dataDirs === null) dataDirs = pdfjsDataDirs();
  const task = getDocument({
    data,
    // predefined CMaps and standard fonts from pdfjs-dist's own files (see above); without them, no text for such fonts
    ...(dataDirs ? { ...dataDirs, cMapPacked: true } : {}),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    isOffscreenCanvasSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    enableXfa: false,
  });
  const passwords = (limits.passwords ?? []).slice(0, PDF_TEXT_MAX_PASSWORDS);
  let tried = 0;
  // without this callback pdf.js rejects a PDF that needs a password; with it, it waits for an
  // answer: always one, a password or the error that ends the reading
  task.onPassword = (update: (password: string | Error) => void) => update(tried < passwords.length ? passwords[tried++]! : new Error('no password left to try'));
  try {
    const doc = await task.promise;
    let text = '';
    let pages = 0;
    let truncated = false;
    for (let n = 1; n <= doc.numPages; n++) {
      if (n > limits.maxPages || text.length >= limits.maxChars || performance.now() - started > limits.budgetMs) {
        truncated = true;
        break;
      }
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      // items are runs of text: pdf.js puts in the spaces it sees between them, marks line ends
      for (const item of content.items as TextItemLike[]) text += (item.str ?? '') + (item.hasEOL ? '\n' : '');
      text += '\n\n';
      page.cleanup();
      pages++;
    }
    if (text.length > limits.maxChars) {
      text = text.slice(0, limits.maxChars);
      truncated = true;
    }
    return { text, pages, numPages: doc.numPages, truncated };
  } finally {
    await task.destroy();
  }
}
