import { errorText } from '../../errors.js';
import type { TrueType } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { nameObservations, otherNameObservations, typeObservations, type Observation } from './checks.js';
import { looksLikeHtml } from './html.js';
import { analyseName } from './names.js';
import { looksLikeTar } from './tar.js';
import { isZipFamily, sniffType, SNIFF_BYTES, UNINSPECTABLE_ARCHIVES } from './true-type.js';
import type { OpenedZip, ZipEntryInfo } from './zip.js';
import { looksLikePdf } from './pdf.js';
import { looksLikeRtf } from './rtf.js';
import type { DocumentLinks } from './document-links.js';
import type { PdfLureCandidate } from './pdf-lure.js';
import { looksLikeTextSheet, textSheetObservations, DDE_MAX_TEXT } from './dde.js';
import { looksLikeOneNote } from './onenote.js';
import type { EncryptedEntries } from './encrypted-zip.js';
import type { TryBudget } from './archive-passwords.js';
import { streamFormat } from './single-stream.js';
import type { EncryptedDocuments } from './encrypted-office.js';
import { diskImageOf } from './disk-images.js';
import { memberKey, memberMayReuse, observationFinding, ownObservations, rebaseFinding, rebaseWhere, type MemberRecord, type TypedAs } from './duplicates.js';
import { hiddenArchiveRole, HIDDEN_MAX_BYTES } from './hidden-archive.js';
import { memberItem, messageBudgets, RATIO_MIN_BYTES, type FileItem, type MessageBudgets, type Walk, type WalkDeps, type WalkPicture, type Where } from './walk-base.js';
import { walkZip, zipMembers } from './walk-zip.js';
import { walkGzip, walkStream, walkTar, walkTnef } from './walk-streams.js';
import { walkListed } from './walk-listed.js';
import { walkOle, walkOneNote, walkRtf } from './walk-office.js';
import { walkPdf } from './walk-pdf.js';
import { walkHtmlFile } from './walk-html.js';
import { hiddenArchive } from './walk-hidden.js';
import { toldByContent, withTargetTags } from './walk-content.js';
import { MEMBER_PICTURE_BYTES, picture, QR_PICTURE_TYPES } from './walk-pictures.js';

export { memberItem, messageBudgets, RATIO_MIN_BYTES, type FileItem, type MessageBudgets, type WalkDeps } from './walk-base.js';

/**
 * Walks one attachment: the file itself, then (for zip, gzip, tar, and rar, 7z, bz2, xz ... through 7-Zip)
 * every member, recursively, within the archive limits. Every file met gets the same checks —
 * name, true type, hash lists, macros, Office objects and relationships (RTF, OLE, OOXML), HTML,
 * PDF, clamd — and each
 * observation becomes a Finding about that attachment. Clamd scans are queued on a shared limiter
 * and awaited by `finish()`; their errors (clamd down, timeout) are rethrown there. A gzip holds
 * one member (its inflated content, so a .tgz is gzip → tar → files).
 *
 * This file is the core: what inspect() does with every file (names, type, which format reads it,
 * hash lists), the archive limits and their counters, notes, clamd, and the member walks and their
 * records (duplicates.ts). Each format is read in its own module, given the walk (walk-base.ts Walk):
 * walk-zip.ts, walk-streams.ts (gzip, single streams, tar, TNEF), walk-listed.ts (7-Zip: rar, 7z,
 * disk images ...), walk-hidden.ts (archives behind a stub), walk-office.ts (OLE, RTF, OOXML,
 * OneNote, packaged files), walk-pdf.ts, walk-html.ts, walk-pictures.ts (for the QR reader).
 */

/** Member bytes waiting for clamd before the walk pauses for it. */
const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

export class AttachmentWalk implements Walk {
  readonly findings: Finding[] = [];
  /** Links of the PDFs met, in walk order. */
  readonly pdfLinks: DocumentLinks[] = [];
  /** One-page PDFs with a link or three: possible one-link lures, judged with the sender (pdf-lure.ts). */
  readonly pdfLures: PdfLureCandidate[] = [];
  /** Hyperlinks of the Office documents met, in walk order. */
  readonly officeLinks: DocumentLinks[] = [];
  /** Pictures (PNG, JPEG, GIF by true type) and PDFs that may hold pictures, for the QR reader (scan/qr). */
  readonly pictures: WalkPicture[] = [];
  // (public for the walk modules, walk-base.ts Walk: the limits' counters and this attachment's openers)
  /** Archive entries counted so far (archiveMaxEntries). */
  entries = 0;
  /** Bytes unpacked or decrypted so far (archiveMaxTotalBytes). */
  bytesOut = 0;
  /** Member pictures kept for the QR reader so far, and the bytes they may still take (picture). */
  readonly memberPictures = { count: 0, bytes: MEMBER_PICTURE_BYTES };
  /** True once a limit stopped the walk (stop). */
  stopped = false;
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: unknown[] = [];
  private queuedBytes = 0;
  /** This attachment's encrypted zip entries' opener (walk-zip.ts), made on the first. */
  encrypted: EncryptedEntries | undefined;
  /** Password tries on the 7z/RAR archives of this attachment (archive-passwords.ts). */
  archiveTries: TryBudget | undefined;
  /** This attachment's password-encrypted Office documents' opener (walk-office.ts), made on the first. */
  documents: EncryptedDocuments | undefined;
  /** The message's (deps.budgets), or this walk's own when it is walked alone. */
  readonly budgets: MessageBudgets;
  /** Findings of a file's own name(s) and declared type, not of its content: each copy of a content gets its own (duplicates.ts). */
  readonly ownFindings = new WeakSet<Finding>();
  /** The true type inspect() found for a file, once it knew it (for the checks of a copy's own name: duplicates.ts). */
  readonly trueTypes = new WeakMap<FileItem, TypedAs>();
  /** Member walks in progress (innermost last), each recorded for a byte-identical member met later (duplicates.ts). */
  private recording: MemberRecord[] = [];
  /** Member walks done, by memberKey; one that met a budget limit is not kept (a copy is walked again). */
  private readonly records = new Map<string, MemberRecord>();
  /** Copies given an earlier member's walk: its content findings are theirs once ClamAV has answered (finish). */
  private readonly replays: { record: MemberRecord; to: Where; into: MemberRecord[] }[] = [];

  constructor(readonly deps: WalkDeps) {
    this.budgets = deps.budgets ?? messageBudgets();
  }

  /** Inspects the file and everything inside it. Never throws for bad input. */
  async inspect(item: FileItem): Promise<void> {
    const info = analyseName(item.name);
    this.note(item, nameObservations(info), { own: true });
    for (const other of item.otherNames ?? []) this.note(item, otherNameObservations(other), { own: true });
    const head = await item.head(item.trueType ? 4100 : SNIFF_BYTES);
    // The parser's type comes from file-type alone, which can take a tar for what its first member's
    // name looks like ("%PDF-….exe"): a valid tar header wins.
    const known = item.trueType && !looksLikeTar(head) ? item.trueType : undefined;
    const trueType = known ?? (await sniffType(head));
    this.trueTypes.set(item, { trueType });
    // clamd first: whatever happens below, the file itself is scanned.
    await this.queueClamd(item);
    if (trueType && QR_PICTURE_TYPES.has(trueType.ext)) await picture(this, item);
    const extra: Observation[] = [];
    const stream = streamFormat(trueType, info.ext, head);
    let image: TrueType | undefined;

    if (isZipFamily(trueType)) await walkZip(this, item, info, trueType!, extra);
    else if (trueType?.ext === 'gz') await walkGzip(this, item, extra);
    else if (trueType?.ext === 'tar') await walkTar(this, item, extra);
    else if (trueType?.ext === 'tnef') await walkTnef(this, item, extra);
    else if (trueType?.ext === 'cfb') await walkOle(this, item, extra);
    else if (looksLikeOneNote(head)) await walkOneNote(this, item, extra);
    // Word opens as RTF whatever starts with '{\rt' (file-type only knows '{\rtf')
    else if (trueType?.ext === 'rtf' || (trueType === undefined && looksLikeRtf(head))) await walkRtf(this, item, extra);
    else if (stream) await walkStream(this, item, stream, extra);
    else if (trueType && UNINSPECTABLE_ARCHIVES.has(trueType.ext)) await walkListed(this, item, trueType, extra);
    // ISO, UDF, VHD, VHDX, DMG, FAT/NTFS and partitioned images: their files walked as members, through 7-Zip (disk-images.ts)
    else if ((image = await diskImageOf(item, trueType, head))) await walkListed(this, item, image, extra);
    else if (trueType === undefined && looksLikeTextSheet(info.ext, item.declaredType, head)) {
      // CSV, SYLK, web query: Excel calculates the formulas in them (DDE, dde.ts)
      const bytes = item.size <= DDE_MAX_TEXT ? await item.bytes() : await item.head(DDE_MAX_TEXT);
      extra.push(...textSheetObservations(bytes, looksLikeTextSheet(info.ext, item.declaredType, head)!));
    } else if (looksLikeHtml(info.ext, item.declaredType, head)) await walkHtmlFile(this, item, info, head, extra);

    // Readers open a PDF whose header is anywhere in its first KB (file-type then sees no type); such a
    // file is looked at as HTML above too, so a '%PDF-' written into a web page hides nothing.
    if (trueType?.ext === 'pdf' || (trueType === undefined && looksLikePdf(head))) await walkPdf(this, item, extra);

    // a zip, RAR or 7z after a stub (padding, a picture, a PDF header) or a program: self-extracting
    // programs and archives type checks miss, opened as archive programs do (hidden-archive.ts)
    const opened = isZipFamily(trueType) || stream !== undefined || image !== undefined || (trueType !== undefined && (WALKED_ARCHIVES.has(trueType.ext) || UNINSPECTABLE_ARCHIVES.has(trueType.ext)));
    const role = hiddenArchiveRole(info.ext, trueType, opened);
    if (role && item.size <= HIDDEN_MAX_BYTES) await hiddenArchive(this, item, info, trueType, role, extra);

    // (a DMG or a partitioned disk is told by more than its first bytes: diskImageOf above; a
    // configuration profile, a shortcut's target, a CA certificate by their content: walk-content.ts)
    const told = await toldByContent(item, info, trueType, head);
    if (told.type || (image && !trueType)) this.trueTypes.set(item, { trueType: told.type ?? image });
    // (a copy of the file gets the shortcut's target tags too: duplicates.ts ownObservations)
    if (told.tags.length > 0 || told.targetDetail) this.trueTypes.set(item, { ...this.trueTypes.get(item)!, targetTags: told.tags, ...(told.targetDetail ? { targetDetail: told.targetDetail } : {}) });
    // a link file's addresses go through the URL checks like a document's links (document-links.ts)
    if (told.links) this.officeLinks.push({ attachmentId: item.attachmentId, path: item.path, uris: told.links.urls, what: 'shortcut' });
    this.note(item, withTargetTags(typeObservations(info, item.declaredType, told.type ?? trueType ?? image), told.tags, told.targetDetail), { own: true });
    this.note(item, [...extra, ...told.observations]);
    for (const list of this.deps.hashes.lookup(item.sha256)) {
      this.note(item, [{ kind: 'attachment.listed', detail: `SHA-256 ${item.sha256} is on list ${list}`, list }]);
    }
  }

  /** Waits for the queued clamd scans; rethrows the first clamd failure. */
  async finish(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    if (this.failures.length > 0) throw this.failures[0];
    // the copies' content findings, ClamAV's included (in order: a copy inside a recorded member is in its record)
    for (const { record, to, into } of this.replays.splice(0)) {
      const found = record.findings.filter((f) => !record.own.has(f)).map((f) => rebaseFinding(f, record.path, to.path, to.attachmentId));
      this.findings.push(...found);
      for (const r of into) r.findings.push(...found);
    }
  }

  /** `own`: about the file's own name or declared type (ownFindings); `into`: the member walks the findings belong to (recording). */
  note(item: Where, observations: Observation[], opts: { own?: boolean; into?: readonly MemberRecord[] } = {}): void {
    for (const o of observations) {
      const f = observationFinding(item, o);
      this.findings.push(f);
      if (opts.own) this.ownFindings.add(f);
      for (const r of opts.into ?? this.recording) {
        r.findings.push(f);
        if (opts.own && r.path === item.path) r.own.add(f);
      }
    }
  }

  async queueClamd(item: FileItem): Promise<void> {
    // Members are held in memory until clamd has them; attachments are streamed from their content.
    const weight = item.archiveDepth > 0 ? item.size : 0;
    while (this.queuedBytes > MAX_QUEUED_BYTES && this.pending.size > 0) await Promise.race(this.pending);
    this.queuedBytes += weight;
    const into = [...this.recording]; // (ClamAV answers after the member walks in progress may be done)
    const job = this.deps
      .clamdLimit(() => this.deps.clamd.scan(item.clamdInput(), item.name))
      .then(
        (result) => {
          if (result.infected) {
            const sig = result.signature ?? 'unknown';
            this.note(item, [{ kind: 'attachment.virus', detail: sig, tags: [sig] }], { into });
          }
        },
        (err: unknown) => {
          this.failures.push(err);
        },
      )
      .finally(() => {
        this.queuedBytes -= weight;
        this.pending.delete(job);
      });
    this.pending.add(job);
  }

  /** Walks a zip's entries (`entries`: some of them, as a document's embedded files) within the limits (walk-zip.ts). */
  members(parent: FileItem, zip: OpenedZip, entries: readonly ZipEntryInfo[] = zip.entries): Promise<void> {
    return zipMembers(this, parent, zip, entries);
  }

  /** Bytes the walk may still unpack or decrypt (the archive byte budget, archiveMaxTotalBytes). */
  bytesLeft(): number {
    return Math.max(0, this.deps.limits.archiveMaxTotalBytes - this.bytesOut);
  }

  /**
   * A member whose unpacked size is known before it is read (a zip entry, a packaged file): past the
   * ratio limit (from RATIO_MIN_BYTES up) it is only named and noted — 'skip', go on with the next;
   * past the byte budget its container's walk stops — 'stop'. undefined: within the limits. `say`:
   * the end of the ratio note's detail, and the stop's reason.
   */
  unpackedLimit(member: Where, name: string, bytes: number, ratio: number, say: { ratio: string; budget: string }): 'skip' | 'stop' | undefined {
    const { limits } = this.deps;
    if (bytes >= RATIO_MIN_BYTES && ratio > limits.archiveMaxRatio) {
      this.nameOnly(member, name);
      this.note(member, [{
        kind: 'attachment.archive-limit',
        detail: `compression ratio ${Number.isFinite(ratio) ? Math.round(ratio) : '∞'}:1 over ${limits.archiveMaxRatio}:1 (${bytes} ${say.ratio}`,
        tags: ['ratio'],
      }]);
      return 'skip';
    }
    if (bytes > this.bytesLeft()) {
      this.nameOnly(member, name);
      this.stop(member, say.budget, 'total-bytes');
      return 'stop';
    }
    return undefined;
  }

  /**
   * The one member of a gzip or another compressed stream came out past its cap, the smaller of the
   * ratio cap and the bytes left of the archive budget: named only, with the limit it met.
   */
  pastCap(member: Where, name: string, inputBytes: number, ratioCap: number, room: number, verb: 'inflate' | 'decompress'): void {
    const { limits } = this.deps;
    this.nameOnly(member, name);
    if (ratioCap <= room) {
      this.note(member, [{
        kind: 'attachment.archive-limit',
        detail: `compression ratio over ${limits.archiveMaxRatio}:1 (${inputBytes} bytes ${verb} past ${ratioCap} bytes); stopped ${verb === 'inflate' ? 'inflating' : 'decompressing'}`,
        tags: ['ratio'],
      }]);
    } else {
      this.stop(member, `archive ${verb}s past ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
    }
  }

  /** False (with a finding) when opening this archive would go deeper than archiveMaxDepth. */
  canOpen(item: FileItem, out: Observation[]): boolean {
    const max = this.deps.limits.archiveMaxDepth;
    if (item.archiveDepth + 1 <= max) return true;
    out.push({ kind: 'attachment.archive-limit', detail: `archive nested deeper than ${max} levels; not opened`, tags: ['depth'] });
    return false;
  }

  /** Counts one more archive entry; undefined when the walk has stopped or the entry limit is crossed. */
  nextEntry(parent: FileItem, name: string): Where | undefined {
    if (this.stopped) return undefined;
    if (this.deps.signal?.aborted) throw this.deps.signal.reason ?? new Error('scan aborted');
    this.entries += 1;
    const member: Where = { attachmentId: parent.attachmentId, path: [...parent.path, name] };
    if (this.entries > this.deps.limits.archiveMaxEntries) {
      this.stop(member, `more than ${this.deps.limits.archiveMaxEntries} archive entries`, 'entries');
      return undefined;
    }
    return member;
  }

  /** The name and type checks for a member whose contents are not walked. */
  nameOnly(member: Where, name: string): void {
    const info = analyseName(name);
    this.note(member, [...nameObservations(info), ...typeObservations(info, '', undefined)]);
  }

  async walkMember(parent: FileItem, name: string, data: Buffer): Promise<void> {
    const item = memberItem(parent, name, data);
    if (await this.reuse(item, data)) return;
    const start = { entries: this.entries, bytes: this.bytesOut, pdfLinks: this.pdfLinks.length, officeLinks: this.officeLinks.length, pdfLures: this.pdfLures.length };
    const record: MemberRecord = { name, path: item.path, findings: [], own: new Set(), trueType: undefined, pdfLinks: [], officeLinks: [], pdfLures: [], entries: 0, bytes: 0 };
    this.recording.push(record);
    this.bytesOut += data.length;
    try {
      await this.inspect(item);
    } catch (err) {
      if (this.deps.signal?.aborted) throw err;
      // One member we failed on does not hide the others; the policy fails closed on scanner.error.
      this.note(item, [{ kind: 'scanner.error', detail: `archive member could not be inspected: ${errorText(err)}` }]);
    } finally {
      this.recording.splice(this.recording.indexOf(record), 1);
    }
    // kept for a byte-identical member met later, unless a budget limit shaped what its walk saw
    const limited = this.stopped || record.findings.some((f) => f.kind === 'attachment.archive-limit' && !f.tags?.includes('depth'));
    const key = memberKey(item.sha256, item.archiveDepth);
    if (limited || this.records.has(key)) return;
    Object.assign(record, {
      ...this.trueTypes.get(item),
      pdfLinks: this.pdfLinks.slice(start.pdfLinks),
      officeLinks: this.officeLinks.slice(start.officeLinks),
      pdfLures: this.pdfLures.slice(start.pdfLures),
      entries: this.entries - start.entries,
      bytes: this.bytesOut - start.bytes,
    });
    this.records.set(key, record);
  }

  /**
   * A member byte-identical to one walked before in this attachment (duplicates.ts): its own name and
   * type checked, its content findings, links and lure candidates taken from the first walk (not
   * opened, unpacked or sent to ClamAV again; its pictures not read again), and what that walk
   * counted against the archive limits counted again. False, to walk it for real, when there is no
   * such walk, its name changes what the walk does, or the copy would cross the entry or byte limit
   * (the real walk then meets the limit and says so).
   */
  private async reuse(item: FileItem, data: Buffer): Promise<boolean> {
    const record = this.records.get(memberKey(item.sha256, item.archiveDepth));
    if (!record || this.stopped) return false;
    const { limits } = this.deps;
    if (this.entries + record.entries > limits.archiveMaxEntries || this.bytesOut + record.bytes > limits.archiveMaxTotalBytes) return false;
    if (!memberMayReuse(record, item.name, record.name === item.name ? undefined : await sniffType(data.subarray(0, SNIFF_BYTES)))) return false;
    this.entries += record.entries;
    this.bytesOut += record.bytes;
    this.note(item, ownObservations(item, record), { own: true });
    const to: Where = { attachmentId: item.attachmentId, path: item.path };
    this.pdfLinks.push(...record.pdfLinks.map((l) => rebaseWhere(l, record.path, to.path, to.attachmentId)));
    this.officeLinks.push(...record.officeLinks.map((l) => rebaseWhere(l, record.path, to.path, to.attachmentId)));
    this.pdfLures.push(...record.pdfLures.map((l) => rebaseWhere(l, record.path, to.path, to.attachmentId)));
    this.replays.push({ record, to, into: [...this.recording] });
    return true;
  }

  stop(member: Where, detail: string, tag: string): void {
    this.stopped = true;
    this.note(member, [{ kind: 'attachment.archive-limit', detail: `${detail}; stopped reading`, tags: [tag] }]);
  }
}

/** True types inspect() opens as archives itself (besides the zip family, 7-Zip's and disk images). */
const WALKED_ARCHIVES: ReadonlySet<string> = new Set(['gz', 'tar', 'tnef']);
