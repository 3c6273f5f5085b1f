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
 *
 * It also hands over the passwords the message's pictures showed (scan/ocr/passwords.ts), which the
 * attachments scanner reads only when a file stayed locked with every password of the text: the
 * PDF text step tries them on a PDF that no password of the text opened (`picturePasswords`, given
 * at the same moment as `done`).
 *
 * And the password each walk opened a PDF with (a common one, one of the message's the PDF text
 * step does not try, one shown in a picture: attachments/pdf.ts pdfPassword): the PDF text step
 * reads that PDF with it, attached (read again once the walks are done) or inside an archive
 * (`openedWith`, given at the same moment as `done`). At most MAX_OPENED PDFs, whatever the room:
 * the attached PDFs are read without it.
 *
 * One content, many copies (the same PDF attached twice, in the mail and inside a zip, or offered
 * again by a second walk with the pictures' passwords): the PDF text step reads each content once
 * (pdfContentKey: SHA-256 and size of the whole file). A member whose content is one of the
 * attached PDFs the step reads, or one kept already, is not kept again (no room taken, no copy
 * held); and a password that opened one copy opens them all (`openedWith`'s `content`).
 */

/** PDFs whose opening password is kept at most. */
export const MAX_OPENED = 16;

/** A PDF met inside an attachment. */
export interface ArchivePdf {
  attachmentId: string;
  /** Display path, outermost first: ['hoa-don.zip', 'thang-11/hoa-don.pdf']. */
  path: readonly string[];
  bytes: Buffer;
  /** The whole PDF's content (pdfContentKey), when known: copies of it are read once. */
  content?: string;
  /** The whole PDF's size, when `bytes` are only its parts (a PDF over 5 MB: big-pdf.ts). */
  size?: number;
}

/** What makes two PDFs one for the PDF text step: the whole file's SHA-256 and size (as the walk's duplicates.ts). */
export function pdfContentKey(sha256: string, size: number): string {
  return `${sha256}:${size}`;
}

/**
 * The passwords that opened the message's PDFs: the one for the PDF at `path` of attachment
 * `attachmentId`, else the one that opened another copy of its `content` (pdfContentKey), if any.
 */
export type OpenedWith = (attachmentId: string, path: readonly string[], content?: string) => string | undefined;

export class ArchivePdfs {
  /** The members offered, in the order the walks met them, once the attachments scanner is done. */
  readonly done: Promise<readonly ArchivePdf[]>;
  /** The passwords read in the message's pictures (in the order to try them), once the attachments scanner is done: none when OCR did not run or found none. */
  readonly picturePasswords: Promise<readonly string[]>;
  /** The passwords the walks opened PDFs with, once the attachments scanner is done. */
  readonly openedWith: Promise<OpenedWith>;
  private readonly found: ArchivePdf[] = [];
  private readonly shown: string[] = [];
  private readonly opened = new Map<string, string>();
  /** The same passwords by content: a copy met elsewhere (another attachment, another archive) opens with it too. */
  private readonly openedContents = new Map<string, string>();
  /** Contents not kept: the attached PDFs the PDF text step reads itself, and the members kept. */
  private readonly contents = new Set<string>();
  private room = 0;
  private closed = false;
  private resolve: (found: readonly ArchivePdf[]) => void = () => undefined;
  private resolvePasswords: (shown: readonly string[]) => void = () => undefined;
  private resolveOpened: (opened: OpenedWith) => void = () => undefined;

  constructor() {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    this.picturePasswords = new Promise((resolve) => (this.resolvePasswords = resolve));
    this.openedWith = new Promise((resolve) => (this.resolveOpened = resolve));
  }

  /**
   * How many members to keep at most (the PDF text step's room for the message); `attached`: the
   * contents (pdfContentKey) of the attached PDFs the step reads, whose copies in archives are not kept.
   */
  open(room: number, attached: Iterable<string> = []): void {
    if (this.closed) return;
    this.room = Math.max(0, room);
    for (const c of attached) this.contents.add(c);
  }

  /**
   * Whether another member would be kept (the walk asks before it holds on to bytes); `content`:
   * its content (pdfContentKey), not kept when a copy of it is read already.
   */
  wants(content?: string): boolean {
    return !this.closed && this.found.length < this.room && (content === undefined || !this.contents.has(content));
  }

  /** A PDF member the walk met; kept while there is room, unless a copy of it is read already. */
  offer(pdf: ArchivePdf): void {
    if (!this.wants(pdf.content)) return;
    this.found.push(pdf);
    if (pdf.content !== undefined) this.contents.add(pdf.content);
  }

  /** Passwords OCR read in the message's pictures (ocr/passwords.ts picturePasswords' fromPicture); each kept once. */
  offerPicturePasswords(passwords: Iterable<string>): void {
    if (this.closed) return;
    for (const p of passwords) if (!this.shown.includes(p)) this.shown.push(p);
  }

  /**
   * The password a walk opened the PDF at `path` of attachment `attachmentId` with (the first kept);
   * `content` (pdfContentKey): its content, which every copy shares.
   */
  offerOpened(attachmentId: string, path: readonly string[], password: string, content?: string): void {
    if (this.closed) return;
    if (content !== undefined && !this.openedContents.has(content) && this.openedContents.size < MAX_OPENED) this.openedContents.set(content, password);
    const key = openedKey(attachmentId, path);
    if (this.opened.has(key) || this.opened.size >= MAX_OPENED) return;
    this.opened.set(key, password);
  }

  /** No more members nor passwords: `done` gives the members kept, `picturePasswords` the passwords. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resolve(this.found);
    this.resolvePasswords(this.shown);
    const { opened, openedContents } = this;
    this.resolveOpened((attachmentId, path, content) => opened.get(openedKey(attachmentId, path)) ?? (content === undefined ? undefined : openedContents.get(content)));
  }
}

function openedKey(attachmentId: string, path: readonly string[]): string {
  return [attachmentId, ...path].join('\u0000');
}
