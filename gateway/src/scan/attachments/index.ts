import type { Readable } from 'node:stream';
import type { Attachment, ParsedMessage } from '../../parse/types.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { hashIndex } from './hashes.js';
import { createLimiter, type Limiter } from '../../limiter.js';
import { AttachmentWalk, messageBudgets, type FileItem } from './walk.js';
import { documentLinkFindings, type DocumentLinks } from './document-links.js';
import { pdfLureFindings, type PdfLureCandidate } from './pdf-lure.js';
import { messageQrFindings } from '../qr/index.js';
import { passwordCandidates, type PasswordCandidates } from './passwords.js';
import { unlockWithPicturePasswords } from '../ocr/passwords.js';
import type { ArchivePdfs } from '../pdf-text/archive-pdfs.js';
import { pdfContent, pdfTextCandidates, pdfTextRoom } from '../pdf-text/index.js';
import { flagShortcutTargets } from './shortcuts.js';
import { flagLockedPayloads, flagSideLoading } from './bundle-signs.js';
import { duplicateGroups, observationFinding, ownObservations, qrCopies, rebaseFinding, rebaseWhere } from './duplicates.js';

/**
 * The attachments scanner: every attachment (and every member of every zip in it) is checked for
 * dangerous types, deceptive names, type mismatches, macros, HTML forms, hash-list entries and
 * ClamAV signatures. It only observes; the policy decides. An attachment attached several times is
 * walked once; every copy gets its findings under its own name, and its own name checks (duplicates.ts).
 *
 * Failing closed: a clamd failure (LC_CLAMD_UNAVAILABLE / LC_CLAMD_TIMEOUT) is rethrown so the
 * pipeline answers 451; any other failure on one attachment becomes a 'scanner.error' finding.
 */

/** clamd scans in flight per message. */
export const CLAMD_CONCURRENCY = 4;

export const attachmentsScanner: Scanner = {
  name: 'attachments',
  async scan(message: ParsedMessage, ctx: ScanContext): Promise<Finding[]> {
    // PDFs met inside archives are kept for the PDF text step, as many as it may read (none for most mail)
    const archivePdfs = ctx.archivePdfs;
    // (not copies of the attached PDFs it reads itself: each content is read once)
    archivePdfs?.open(pdfTextRoom(message, ctx), pdfTextCandidates(message).map(pdfContent));
    try {
      return await scanAttachments(message, ctx, archivePdfs);
    } finally {
      archivePdfs?.close();
    }
  },
};

/** The attachments scanner's work; the PDFs its walks meet inside archives are offered to `archivePdfs`. */
async function scanAttachments(message: ParsedMessage, ctx: ScanContext, archivePdfs: ArchivePdfs | undefined): Promise<Finding[]> {
  const clamdLimit = createLimiter(CLAMD_CONCURRENCY);
  let passwords: PasswordCandidates | undefined;
  const deps = {
    limits: ctx.limits,
    hashes: hashIndex(ctx.policy),
    clamd: ctx.clamd,
    clamdLimit,
    signal: ctx.signal,
    recipients: recipientsOf(message, ctx),
    // read from the text only when a zip has an encrypted entry (passwords.ts)
    passwords: () => (passwords ??= passwordCandidates(message)),
    // password work is bounded per attachment and, here, per message
    budgets: messageBudgets(),
    archivePdfs,
  };

  const walks: AttachmentWalk[] = [];
  const lures = new Map<Attachment, PdfLureCandidate[]>();
  const walked = new Map<Attachment, Promise<Walked>>();
  // each content once (duplicates.ts): a later copy takes the first one's walk
  const groups = duplicateGroups(message.attachments);
  const firstOf = new Map([...groups].flatMap(([first, copies]) => copies.map((c) => [c, first] as const)));
  const perAttachment = message.attachments.map(async (att) => {
    const first = firstOf.get(att);
    if (first) {
      const copy = copyOf(await walked.get(first)!, att);
      lures.set(att, copy.lures);
      return [...copy.findings, ...documentLinkFindings(message, ctx, copy.pdfLinks, 'PDF'), ...documentLinkFindings(message, ctx, copy.officeLinks, 'document')];
    }
    const walk = new AttachmentWalk(deps);
    const item = attachmentItem(att);
    walks.push(walk);
    const done = inspectAttachment(walk, item, att, ctx);
    walked.set(att, done);
    await done;
    lures.set(att, walk.pdfLures);
    // links inside PDFs and Office documents: the URL checks, named after the document (document-links.ts)
    return [...walk.findings, ...documentLinkFindings(message, ctx, walk.pdfLinks, 'PDF'), ...documentLinkFindings(message, ctx, walk.officeLinks, 'document')];
  });
  const bodies = scanBodies(message, ctx, clamdLimit);

  const settled = await Promise.allSettled([...perAttachment, bodies]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  // an encrypted file that no password of the text opened: walked again with the passwords shown in the message's pictures (scan/ocr/passwords.ts)
  const perFile = settled.map((r) => (r.status === 'fulfilled' ? r.value : []));
  const again = (att: Attachment, candidates: PasswordCandidates) => inspectAttachment(new AttachmentWalk({ ...deps, passwords: () => candidates, budgets: messageBudgets() }), attachmentItem(att), att, ctx);
  // (the pictures' passwords go to the PDF text step too, for a locked PDF it reads: pdf-text/archive-pdfs.ts)
  const found = (p: PasswordCandidates) => archivePdfs?.offerPicturePasswords(p.fromPicture ?? []);
  for (const { index, att, walked: w } of await unlockWithPicturePasswords(message, ctx, perFile, deps.passwords, again, { skip: (a) => firstOf.has(a), found })) {
    walks.splice(walks.indexOf((await walked.get(att)!).walk), 1, w.walk);
    lures.set(att, w.walk.pdfLures);
    perFile[index] = [...w.walk.findings, ...documentLinkFindings(message, ctx, w.walk.pdfLinks, 'PDF'), ...documentLinkFindings(message, ctx, w.walk.officeLinks, 'document')];
    for (const c of groups.get(att) ?? []) {
      const copy = copyOf(w, c);
      lures.set(c, copy.lures);
      perFile[message.attachments.indexOf(c)] = [...copy.findings, ...documentLinkFindings(message, ctx, copy.pdfLinks, 'PDF'), ...documentLinkFindings(message, ctx, copy.officeLinks, 'document')];
    }
  }
  // every walk is done: the PDF text step may read the PDFs they kept (it need not wait for the QR reader)
  archivePdfs?.close();
  // links carried as QR codes in pictures (body, attachments, PDFs): read once every walk is done (scan/qr);
  // a picture of a content attached several times is read once, and its findings given to every copy
  const read = await messageQrFindings(message, ctx, walks);
  const qr = [...read, ...qrCopies(read, new Map([...groups].map(([first, copies]) => [first.id, { from: [displayName(first)], copies: copies.map((c) => ({ id: c.id, path: [displayName(c)] })) }])))];
  // a one-page PDF that is only a link to somewhere else than the sender (pdf-lure.ts, one per message)
  const lure = pdfLureFindings(message, ctx, message.attachments.flatMap((a) => lures.get(a) ?? []));
  // a link file whose address the URL checks flagged: tag flagged-target (shortcuts.ts); a locked
  // archive the message's password opened that holds a program, a DLL side-loading bundle (bundle-signs.ts)
  return [...flagSideLoading(flagLockedPayloads(flagShortcutTargets(perFile.flat()))), ...qr, ...lure];
}

/** One attachment walked: its walk and the file as walked, for its copies (copyOf). */
interface Walked {
  walk: AttachmentWalk;
  item: FileItem;
  att: Attachment;
}

/** Walks one attachment; a failure that is not ClamAV's becomes a 'scanner.error' finding. */
async function inspectAttachment(walk: AttachmentWalk, item: FileItem, att: Attachment, ctx: ScanContext): Promise<Walked> {
  try {
    await walk.inspect(item);
  } catch (err) {
    ctx.log.warn({ evt: 'scan.attachment.error', attachment: att.id, err }, 'attachment inspection failed');
    walk.findings.push({
      scanner: 'attachments',
      kind: 'scanner.error',
      detail: `attachment could not be inspected: ${err instanceof Error ? err.message : String(err)}`,
      subject: att.filename || att.id,
      attachment: att.id,
    });
  }
  await walk.finish();
  return { walk, item, att };
}

/**
 * A later copy of an attachment walked before (duplicates.ts): its own name and type checks, and
 * the first copy's content findings, links and lure candidates under its own name and id.
 */
function copyOf({ walk, item, att: first }: Walked, att: Attachment): { findings: Finding[]; pdfLinks: DocumentLinks[]; officeLinks: DocumentLinks[]; lures: PdfLureCandidate[] } {
  const own = attachmentItem(att);
  const from = item.path;
  const findings = ownObservations(own, walk.trueTypes.get(item)).map((o) => observationFinding(own, o));
  for (const f of walk.findings) {
    if (walk.ownFindings.has(f) && f.subject === from.join(' → ')) continue; // the first copy's name, not this one's
    const moved = rebaseFinding(f, from, own.path, att.id);
    // (a walk that failed names the attachment as inspectAttachment does)
    if (f.kind === 'scanner.error' && f.subject === (first.filename || first.id)) moved.subject = att.filename || att.id;
    findings.push(moved);
  }
  const move = <T extends { attachmentId: string; path: string[] }>(x: T) => rebaseWhere(x, from, own.path, att.id);
  return { findings, pdfLinks: walk.pdfLinks.map(move), officeLinks: walk.officeLinks.map(move), lures: walk.pdfLures.map(move) };
}

/** How the walk names an attachment (attachmentItem's path). */
function displayName(att: Attachment): string {
  return attachmentItem(att).path[0]!;
}

/** Whom the message is for: envelope recipients and To/Cc addresses (`lachan scan` of a file has only the latter). */
function recipientsOf(message: ParsedMessage, ctx: ScanContext): string[] {
  const all = [...(ctx.envelope?.rcptTo ?? []), ...message.to.map((a) => a.address ?? ''), ...message.cc.map((a) => a.address ?? '')];
  return [...new Set(all.map((a) => a.trim().replace(/^<|>$/g, '').toLowerCase()).filter((a) => a.includes('@')))].slice(0, 10);
}

/** An Attachment as a FileItem: bytes loaded only when a check needs them, else streamed to clamd. */
export function attachmentItem(att: Attachment): FileItem {
  let loading: Promise<Buffer> | undefined;
  let loaded: Buffer | undefined;
  const bytes = () =>
    (loading ??= att.content.buffer().then((b) => {
      loaded = b;
      return b;
    }));
  return {
    attachmentId: att.id,
    path: [att.filename || `${att.id} (${att.contentType || 'no type'})`],
    name: att.filename,
    otherNames: att.otherNames,
    declaredType: att.contentType,
    size: att.size,
    sha256: att.sha256,
    archiveDepth: 0,
    trueType: att.trueType,
    async head(n) {
      const head = att.content.head;
      if (head.length >= n || head.length >= att.size) return head;
      if (loading) return (await loading).subarray(0, n);
      return readPrefix(att.content.stream(), n);
    },
    bytes,
    clamdInput: () => loaded ?? att.content.stream(),
    ...(att.content.readAt ? { readAt: (position: number, into: Buffer) => att.content.readAt!(position, into) } : {}),
  };
}

/** Reads the first `n` bytes of a stream, then lets it go. */
export async function readPrefix(stream: Readable, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      chunks.push(b);
      total += b.length;
      if (total >= n) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total).subarray(0, n);
}

const UUENCODE = /^begin(?:-base64)? [0-7]{3,4} \S/m;
const BINHEX = /\(This file must be converted with BinHex/i;

/**
 * Bodies that can carry code go to clamd too: HTML with scripts, text with uuencoded or BinHex
 * blocks; every body when the policy says clamdScope: all.
 */
async function scanBodies(message: ParsedMessage, ctx: ScanContext, limit: Limiter): Promise<Finding[]> {
  const scope = ctx.policy.settings?.clamdScope ?? 'code-carrying';
  const parts: { subject: string; data: Buffer }[] = [];
  const visit = (m: ParsedMessage, prefix: string, depth: number) => {
    if (m.html && (scope === 'all' || /<script/i.test(m.html))) parts.push({ subject: `${prefix}HTML body`, data: Buffer.from(m.html) });
    if (m.text && (scope === 'all' || UUENCODE.test(m.text) || BINHEX.test(m.text))) {
      parts.push({ subject: `${prefix}text body`, data: Buffer.from(m.text) });
    }
    if (depth < 32) m.nested.forEach((n, i) => visit(n, `${prefix}message ${i + 1} → `, depth + 1));
  };
  visit(message, '', 0);
  const results = await Promise.all(parts.map((p) => limit(() => ctx.clamd.scan(p.data, p.subject)).then((r) => ({ p, r }))));
  return results
    .filter(({ r }) => r.infected)
    .map(({ p, r }) => ({
      scanner: 'attachments' as const,
      kind: 'attachment.virus' as const,
      detail: r.signature ?? 'unknown',
      subject: p.subject,
      tags: [r.signature ?? 'unknown', 'body'],
    }));
}
