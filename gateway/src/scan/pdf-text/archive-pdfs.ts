/**
 * PDFs found inside a message's archives (a zip holding `hoa-don.pdf`, a PDF embedded in a PDF),
 * handed from the attachments scanner, which unpacks them anyway, to the PDF text step
 * (pdf-text/index.ts), which reads their words. One per message, made by runScanners when the
 * attachments scanner runs (ScanContext.archivePdfs).
 *
 * The attachments scanner opens it with the room the message has (pdfTextRoom: 0 for a message
 * whose PDFs are not read, so nothing is kept for the bench's 100 KB report or any long letter),
 * its walks offer each PDF member they met (the bytes they hold already: no second extraction),
 * and it closes it when its walks are done, whatever happened (a failure or clamd down: what was
 * offered until then). The PDF text step waits for `done` within its own time budget.
 */

/** A PDF met inside an attachment. */
export interface ArchivePdf {
  attachmentId: string;
  /** Display path, outermost first: ['hoa-don.zip', 'thang-11/hoa-don.pdf']. */
  path: readonly string[];
  bytes: Buffer;
}

export class ArchivePdfs {
  /** The members offered, in the order the walks met them, once the attachments scanner is done. */
  readonly done: Promise<readonly ArchivePdf[]>;
  private readonly found: ArchivePdf[] = [];
  private room = 0;
  private closed = false;
  private resolve: (found: readonly ArchivePdf[]) => void = () => undefined;

  constructor() {
    this.done = new Promise((resolve) => (this.resolve = resolve));
  }

  /** How many members to keep at most (the PDF text step's room for the message). */
  open(room: number): void {
    if (!this.closed) this.room = Math.max(0, room);
  }

  /** Whether another member would be kept (the walk asks before it holds on to bytes). */
  wants(): boolean {
    return !this.closed && this.found.length < this.room;
  }

  /** A PDF member the walk met; kept while there is room. */
  offer(pdf: ArchivePdf): void {
    if (this.wants()) this.found.push(pdf);
  }

  /** No more members: `done` gives those kept. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resolve(this.found);
  }
}
