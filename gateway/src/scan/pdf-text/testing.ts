import { fileURLToPath } from 'node:url';
import { PdfTextReader, type PdfTextRun } from './off-thread.js';

/** For the PDF text tests only (nothing on the mail path imports this file). */

/** The shipped policy directory (policies/ at the repository root). */
export const SHIPPED_POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

/** The real reader (its worker and pdf.js), counting the PDFs it was given and the passwords given with each. */
export class CountingReader extends PdfTextReader {
  /** The passwords each read was given, one entry per PDF, in order. */
  readonly given: (readonly string[])[] = [];

  get reads(): number {
    return this.given.length;
  }

  override read(bytes: Uint8Array, signal?: AbortSignal, passwords: readonly string[] = []): Promise<PdfTextRun> {
    this.given.push(passwords);
    return super.read(bytes, signal, passwords);
  }
}
