import { FREEMAIL } from '../identity/freemail.js';
import type { Attachment, ParsedMessage } from '../../parse/types.js';
import { passwordCandidates } from '../attachments/passwords.js';
import { callbackScamFinding, callbackSender } from '../content/callback.js';
import { deobfuscate } from '../content/deobfuscate.js';
import { foldText } from '../content/fold.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { sentFromKnownDomain } from '../urls/lists.js';
import { createLimiter } from '../../limiter.js';
import { pdfTextBytes, PDF_TEXT_MAX_BYTES, PDF_TEXT_TAIL_BYTES } from './big-pdf.js';
import { PDF_MAX_SCAN_BYTES } from '../attachments/pdf-windows.js';
import { pdfContentKey, type ArchivePdfs } from './archive-pdfs.js';
import { pdfTextReader, type PdfTextReader } from './off-thread.js';

/**
 * The words of a PDF attachment, read for the scams that put them there. Callback
 * phishing arrives as a fake Norton, PayPal or Geek Squad invoice in a PDF ("$499.99 … if you did
 * not authorize this, call +1 (8xx) … to cancel") under a one-line body; the body checks see
 * nothing. The text of the message's PDFs (attachments of the message and of the messages forwarded
 * or carried in it, and PDFs inside its archives, handed over by the attachments scanner: archive-pdfs.ts) is read by pdf.js in a worker thread (off-thread.ts, extract.ts) and
 * goes through the callback-phishing reader (content/callback.ts) with the same sender tags as the
 * body: content.callback-scam tagged 'in-pdf'. Not the phrase lists: ordinary invoices and reports
 * would match them.
 *
 * Read: at most PDF_TEXT_MAX_FILES PDFs, the attached ones first, then those in archives; of a PDF
 * over PDF_TEXT_MAX_BYTES (a scan with a page of text) only its first 4 MB and its last 1 MB
 * (big-pdf.ts: never a big PDF whole, one that names no font not at all, one at a time per
 * process); their first pages, within PDF_TEXT_MESSAGE_BUDGET_MS for the message (waiting for the
 * worker and for the attachments scanner's walks included). Not read: mail from
 * the local or allowed domains (as the content scanner), a PDF that needs a password the message
 * does not give (one that opens without a password is read; one that needs a password gets the
 * passwords the message's text gives, attachments/passwords.ts, tried by pdf.js, then, when none
 * opens it, the one the attachments scanner's walk opened it with — a common one, or one of the
 * message's past the first few — and those its pictures show, read by OCR for the attachments
 * scanner, both handed over with the archive PDFs: lockedRetries; a big one too, read again in its
 * turn; a PDF in an archive the walk opened is read with that password straight away). One content
 * is read once, however many copies the message holds (attached twice, in the mail and in a zip:
 * pdfContent): a copy takes no room, and a password the walk opened any copy with opens it (its
 * first copy's name is the one reported). A timeout or a PDF pdf.js cannot read: no text,
 * no finding. One finding per message at most, and none when the body is already a callback notice
 * (the content scanner reports that one).
 */

/** PDFs pdf.js reads whole; of a bigger one, its start and its end (big-pdf.ts). */
export { PDF_TEXT_MAX_BYTES, PDF_TEXT_TAIL_BYTES };
/** PDFs read per message at most. */
export const PDF_TEXT_MAX_FILES = 3;
/** Wall time for a message's PDFs, waiting for the worker included. */
export const PDF_TEXT_MESSAGE_BUDGET_MS = 8000;
/**
 * A body with more visible text than this says what the message is about by itself, and its
 * PDFs are not read (from a free-mail sender they are, whatever the body). The callback PDF comes
 * under a line or two ("Please find your invoice attached"); reading every report and official
 * letter a province receives as PDF would cost pdf.js tens of milliseconds of CPU each (a 100 KB
 * PDF of text: ~35 ms) for nothing.
 */
export const PDF_TEXT_BODY_MAX = 1500;

const PDF_NAME = /\.pdf$/i;

/** PDFs over PDF_TEXT_MAX_BYTES are read one at a time per process (5 MB each: big-pdf.ts). */
const bigPdfTurn = createLimiter(1);

/** An attachment's content for the PDF text step (archive-pdfs.ts pdfContentKey); its id when it has no hash. */
export function pdfContent(att: Pick<Attachment, 'id' | 'sha256' | 'size'>): string {
  return att.sha256 ? pdfContentKey(att.sha256, att.size) : `attachment:${att.id}`;
}

/**
 * Attachments that may be PDFs to read (by true type, declared type or name), in message order:
 * those of forwarded messages too, and those carried (a PDF inside a calendar invitation, or inside
 * a message it carries or one saved as a .eml typed text/plain: Attachment.carriedBy). A copy of
 * one already picked (the same bytes: pdfContent) is not picked again, and takes no room.
 */
export function pdfTextCandidates(message: ParsedMessage): Attachment[] {
  const out: Attachment[] = [];
  const contents = new Set<string>();
  for (const att of message.attachments) {
    if (att.size === 0) continue;
    const ext = att.trueType?.ext;
    if (ext !== undefined && ext !== 'pdf') continue;
    if (ext === undefined && att.contentType !== 'application/pdf' && !PDF_NAME.test(att.filename)) continue;
    const content = pdfContent(att);
    if (contents.has(content)) continue;
    contents.add(content);
    out.push(att);
    if (out.length >= PDF_TEXT_MAX_FILES) break;
  }
  return out;
}

/** A message that may carry its words in a PDF: a short body (PDF_TEXT_BODY_MAX), or a free-mail sender. */
export function carrierShaped(message: ParsedMessage): boolean {
  const body = (message.visibleText || message.text).replace(/\s+/g, ' ').trim();
  if (body.length <= PDF_TEXT_BODY_MAX) return true;
  const domain = (message.from[0]?.address ?? '').split('@').pop()?.toLowerCase() ?? '';
  return domain !== '' && FREEMAIL.match(domain) !== undefined;
}

/** A PDF's header near its start (as readers accept it within the first KB). */
function looksLikePdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/** The callback-scam finding for a message's PDF text, when the body is not one already. */
export function pdfTextFindings(message: ParsedMessage, ctx: Pick<ScanContext, 'policy'>, texts: readonly { name: string; text: string }[]): Finding[] {
  const sender = callbackSender(message, ctx.policy);
  for (const { name, text } of texts) {
    const folded = foldText(deobfuscate(text.replace(/\s+/g, ' ')).text);
    const finding = callbackScamFinding(folded, sender, 'in-pdf');
    if (!finding) continue;
    // the body holds the same notice: the content scanner reports it (one finding per message)
    const body = foldText(deobfuscate(`${message.subject}\n${message.visibleText || message.text}`).text);
    if (callbackScamFinding(body, sender) !== undefined) return [];
    return [{ ...finding, detail: `${finding.detail} (${name})` }];
  }
  return [];
}

/** Whether the message's PDFs are read at all: not from the local or allowed domains, and only when it is carrier-shaped. */
function readsPdfText(message: ParsedMessage, ctx: Pick<ScanContext, 'policy'>): boolean {
  return !sentFromKnownDomain(message, ctx.policy) && carrierShaped(message);
}

/**
 * How many PDFs found inside the message's archives may be read (the attachments scanner keeps
 * that many: archive-pdfs.ts): what PDF_TEXT_MAX_FILES leaves after the attached PDFs, and none
 * when the message's PDFs are not read.
 */
export function pdfTextRoom(message: ParsedMessage, ctx: Pick<ScanContext, 'policy'>): number {
  if (!message.attachments.some((a) => a.size > 0) || !readsPdfText(message, ctx)) return 0;
  return Math.max(0, PDF_TEXT_MAX_FILES - pdfTextCandidates(message).length);
}

/** `done`, or undefined once `signal` aborts first. */
function unlessAborted<T>(done: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  let onAbort = () => undefined as void;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([done, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/**
 * The PDF text step; `reader` for tests. The attached PDFs first, then those the attachments
 * scanner found inside archives (ctx.archivePdfs, waited for within the message's budget), named
 * by their path ("hoa-don.zip → hoa-don.pdf").
 */
export async function scanPdfText(message: ParsedMessage, ctx: ScanContext, reader: PdfTextReader = pdfTextReader()): Promise<Finding[]> {
  const candidates = pdfTextCandidates(message);
  // archives may hold PDFs only when something else than the attached PDFs is attached
  const archives = ctx.archivePdfs && message.attachments.some((a) => !candidates.includes(a)) ? ctx.archivePdfs : undefined;
  if (candidates.length === 0 && !archives) return [];
  if (!readsPdfText(message, ctx)) return [];
  const budget = AbortSignal.timeout(PDF_TEXT_MESSAGE_BUDGET_MS);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, budget]) : budget;
  const texts: { name: string; text: string }[] = [];
  let passwords: string[] | undefined;
  // PDFs no password of the text opened, to try again with the walk's and the pictures' passwords (lockedRetries)
  const locked: Locked[] = [];
  type Where = { attachment: string; path?: string; big?: boolean; size?: number };
  // big PDFs whose text was read in part (their first 4 MB and last 1 MB): recorded when no notice is found (partlyReadFindings)
  const partial: { name: string; attachment: string; size: number }[] = [];
  // `again`: how to read it once more (a small PDF's bytes are kept; a big one is read again in its turn);
  // `content`: what its copies share (pdfContent), for a password the walk opened another copy with
  const readOne = async (bytes: Buffer, name: string, where: Where, key: readonly string[], given?: readonly string[], again?: Locked['again'], content?: string) => {
    if (!looksLikePdf(bytes)) return;
    // a PDF locked with a password the message gives ("mật khẩu: 2611"): those passwords, not the common ones
    const encrypted = bytes.includes('/Encrypt');
    if (encrypted) passwords ??= [...passwordCandidates(message).fromMessage];
    const run = await reader.read(bytes, signal, given ?? passwords ?? []);
    if (run.outcome !== 'read') {
      ctx.log.debug({ evt: 'scan.pdf-text.unread', ...where, outcome: run.outcome, reason: run.reason, ms: Math.round(run.ms) }, 'PDF text not read');
      if (encrypted && !given && run.outcome === 'failed' && NEEDS_PASSWORD.test(run.reason)) locked.push({ where, key, ...(content === undefined ? {} : { content }), again: again ?? ((p) => readOne(bytes, name, where, key, p)) });
      return;
    }
    ctx.log.debug({ evt: 'scan.pdf-text', ...where, pages: run.pages, chars: run.text.length, ms: Math.round(run.ms), heapMb: Math.round(run.heapUsed / 1048576) }, 'PDF text read');
    if (run.text.trim()) texts.push({ name, text: run.text.normalize('NFC') });
    if (where.size !== undefined && where.size > PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES) partial.push({ name, attachment: where.attachment, size: where.size });
  };
  // a big one: its first 4 MB and last 1 MB, unless it holds no font (big-pdf.ts), one big PDF
  // at a time per process (no more than one such copy waits for the worker); not waited for past
  // the budget. Read again the same way (not its copy held) when a walk's or a picture's password may open it.
  const readBig = (att: Attachment, name: string, given?: readonly string[]): Promise<void> =>
    unlessAborted(
      bigPdfTurn(async () => {
        if (signal.aborted) return;
        const bytes = await pdfTextBytes(att.content).catch(() => undefined);
        if (bytes) await readOne(bytes, name, { attachment: att.id, big: true, size: att.size }, [att.id], given, (p) => readBig(att, name, p), pdfContent(att));
        else ctx.log.debug({ evt: 'scan.pdf-text.unread', attachment: att.id, outcome: 'no-font' }, 'PDF text not read');
      }),
      signal,
    ).then(() => undefined);
  for (const att of candidates) {
    if (signal.aborted) break;
    const name = att.filename || att.id;
    if (att.size <= PDF_TEXT_MAX_BYTES) {
      let bytes: Buffer;
      try {
        bytes = await att.content.buffer();
      } catch {
        continue;
      }
      await readOne(bytes, name, { attachment: att.id }, [att.id], undefined, undefined, pdfContent(att));
      continue;
    }
    await readBig(att, name);
  }
  const members = archives ? ((await unlessAborted(archives.done, signal)) ?? []) : [];
  // a member a walk opened with a password (a common one, or one of the message's past the first few): read with it
  const openedWith = archives && members.length > 0 ? await unlessAborted(archives.openedWith, signal) : undefined;
  const room = Math.max(0, PDF_TEXT_MAX_FILES - candidates.length);
  // each content once: a member that is a copy of an attached PDF or of another member is not read again
  // (the hand-over keeps none, archive-pdfs.ts; checked here too, for a member offered without its content)
  const seen = new Set(candidates.map(pdfContent));
  const fresh = members.filter((m) => {
    if (m.bytes.length > PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES) return false;
    if (m.content === undefined) return true;
    if (seen.has(m.content)) return false;
    seen.add(m.content);
    return true;
  });
  for (const member of fresh.slice(0, room)) {
    if (signal.aborted) break;
    const name = member.path.join(' → ');
    const opened = openedWith?.(member.attachmentId, member.path, member.content);
    await readOne(member.bytes, name, { attachment: member.attachmentId, path: name, ...(member.size === undefined ? {} : { size: member.size }) }, [member.attachmentId, ...member.path], opened === undefined ? undefined : [opened], undefined, member.content);
  }
  if (locked.length > 0 && ctx.archivePdfs) await lockedRetries(locked, ctx.archivePdfs, passwords ?? [], signal, ctx);
  const found = pdfTextFindings(message, ctx, texts);
  return found.length > 0 ? found : partlyReadFindings(partial);
}

/**
 * The big PDFs whose text was read only in part (their first PDF_TEXT_MAX_BYTES and last
 * PDF_TEXT_TAIL_BYTES: big-pdf.ts), when their text gave no finding: a notice on a page in the
 * bytes between was not read. attachment.partly-read tagged pdf and text, recorded by the rule
 * pdf-partly-read as the walk's own (which reports a PDF over PDF_MAX_SCAN_BYTES, not read whole
 * for its structure either: not reported twice).
 */
function partlyReadFindings(partial: readonly { name: string; attachment: string; size: number }[]): Finding[] {
  return partial
    .filter((p) => p.size <= PDF_MAX_SCAN_BYTES)
    .map((p) => ({
      scanner: 'content' as const,
      kind: 'attachment.partly-read' as const,
      detail: `PDF text read in part: its first ${PDF_TEXT_MAX_BYTES / 1048576} MB and last ${PDF_TEXT_TAIL_BYTES / 1048576} MB; ${p.size - PDF_TEXT_MAX_BYTES - PDF_TEXT_TAIL_BYTES} bytes between not read for text`,
      subject: p.name,
      attachment: p.attachment,
      tags: ['pdf', 'text'],
    }));
}

/** A PDF that needs a password no password of the text opened: read `again` with others. */
interface Locked {
  where: { attachment: string; path?: string; big?: boolean };
  /** The attachment's id, then the PDF's path inside it when it is a member (ArchivePdfs.openedWith). */
  key: readonly string[];
  /** Its content (pdfContent): a password the walk opened another copy with opens it too. */
  content?: string;
  again: (passwords: readonly string[]) => Promise<void>;
}

/** pdf.js's answer for a PDF that needs a password none of those given opens (extract.ts). */
const NEEDS_PASSWORD = /password/i;

/**
 * The locked PDFs read again, once the attachments scanner's walks are done (archive-pdfs.ts): with
 * the password a walk opened that PDF with (a common one, or one of the message's the text step did
 * not try: attachments/pdf.ts), then the passwords the message's pictures show (scan/ocr/passwords.ts:
 * the attachments scanner reads them when a file stayed locked), those the text did not give, in
 * OCR's order (extract.ts tries the first PDF_TEXT_MAX_PASSWORDS). Waited for within the message's
 * budget, never past it: OCR and the second walks may take seconds. Each PDF is read again once at
 * most; a big one (over PDF_TEXT_MAX_BYTES) in its turn, its parts read again from the attachment
 * (its copy is not held: bigPdfTurn).
 */
async function lockedRetries(locked: readonly Locked[], handOver: ArchivePdfs, tried: readonly string[], signal: AbortSignal, ctx: Pick<ScanContext, 'log'>): Promise<void> {
  const [shown, openedWith] = (await unlessAborted(Promise.all([handOver.picturePasswords, handOver.openedWith]), signal)) ?? [[], undefined];
  const fresh = shown.filter((p) => !tried.includes(p));
  for (const pdf of locked) {
    if (signal.aborted) break;
    const [attachmentId = '', ...path] = pdf.key;
    const opened = openedWith?.(attachmentId, path, pdf.content);
    const again = [...new Set([...(opened === undefined ? [] : [opened]), ...fresh])];
    if (again.length === 0) continue;
    ctx.log.debug({ evt: 'scan.pdf-text.locked-retry', ...pdf.where, walkPassword: opened !== undefined, picturePasswords: fresh.length }, 'locked PDF read again with the password the walk opened it with or those of the pictures');
    await pdf.again(again);
  }
}

export const pdfTextScanner: Scanner = guardedScanner('content', 'pdf-text', (m, ctx) => scanPdfText(m, ctx));
