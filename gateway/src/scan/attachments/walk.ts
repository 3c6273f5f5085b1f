import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { errorText } from '../../errors.js';
import type { Readable } from 'node:stream';
import type { TrueType } from '../../parse/types.js';
import type { ScanLimits } from '../../config/types.js';
import type { Finding } from '../types.js';
import { nameObservations, otherNameObservations, typeObservations, type Observation } from './checks.js';
import type { ClamdClient } from './clamd.js';
import type { HashIndex } from './hashes.js';
import { htmlTags, inspectHtml, looksLikeHtml, HTML_MAX_BYTES } from './html.js';
import { mentionsAddress, scriptObservations } from './html-script.js';
import type { Limiter } from '../../limiter.js';
import { gunzipLimited, gzipMemberName } from './gzip.js';
import { classifyZip, documentMacros, inspectOle, isLockedOle, MACRO_ENABLED_EXTENSIONS, oleObservations, openLockedOle } from './macros.js';
import { analyseName, type NameInfo } from './names.js';
import { looksLikeTar, tarEntries, type TarEntry } from './tar.js';
import { isZipFamily, sniffType, SNIFF_BYTES, UNINSPECTABLE_ARCHIVES } from './true-type.js';
import { openZip, ZipReadLimit, type OpenedZip, type ZipEntryInfo } from './zip.js';
import { HIDDEN_ENTRY, layoutDetail, layoutTags, LOCAL_HEADER, readingLabel, winrarSpoof, zipLayout, type OrphanEntry, type ZipLayout } from './zip-layout.js';
import { inspectLargePdf, inspectPdf, looksLikePdf, pdfDecryption, pdfObservations, PDF_MAX_BYTES, PdfTryBudget, type PdfLimits, type PdfReport } from './pdf.js';
import { decryptedPdf, embeddedContent, type EmbeddedFile } from './pdf-decrypted.js';
import { clearPdfEmbedded } from './pdf-embedded.js';
import { readEmbeddedData, type PdfSource, type PlacedEmbeddedFile } from './pdf-large-embedded.js';
import type { EmbeddedObject } from './ole-objects.js';
import { inspectRtf, looksLikeRtf, rtfObservations, RTF_MAX_BYTES } from './rtf.js';
import { inspectOoxml, ooxmlObservations } from './ooxml.js';
import type { DocumentLinks } from './document-links.js';
import { mayBeLure } from './pdf-layout.js';
import type { PdfLureCandidate } from './pdf-lure.js';
import { ddeObservations, looksLikeTextSheet, ooxmlDdeHits, rtfDdeHits, textSheetObservations, DDE_MAX_TEXT } from './dde.js';
import { htmlDocumentLinks, isSvg, svgObservations } from './svg.js';
import { embeddedKind, looksLikeOneNote, oneNoteFileNames, oneNoteFiles, oneNoteObservations, type EmbeddedKind } from './onenote.js';
import { mayHoldImages } from '../qr/pdf-images.js';
import { PdfWindowPictures } from '../qr/pdf-window-pictures.js';
import { imageInfo, sizeAllowed, QR_MAX_FILE_BYTES } from '../qr/images.js';
import { QR_MAX_IMAGES, QR_MAX_SOURCES } from '../qr/read.js';
import { EncryptedEntries, ZipMessageBudget } from './encrypted-zip.js';
import { encryptedObservation, MESSAGE_SEVENZIP_MAX_TRIES, SEVENZIP_MAX_TRIES, TryBudget } from './archive-passwords.js';
import type { SevenZipGate } from './seven-zip-thread.js';
import type { ArchivePdfs } from '../pdf-text/archive-pdfs.js';
import { pdfTextBytes } from '../pdf-text/big-pdf.js';
import { readTnef } from './tnef.js';
import { decompressStream, extractArchive, EXTRACT_MAX_BYTES, LISTABLE_ARCHIVES, LIST_MAX_BYTES, type ListedEntry, type SkipReason } from './archive-listing.js';
import { streamFormat, streamMemberName } from './single-stream.js';
import type { PasswordCandidates } from './passwords.js';
import { EncryptedDocuments, RoundBudget } from './encrypted-office.js';
import { embeddedFileParts, isPlainPackage } from './ooxml-packages.js';
import { DISK_IMAGES, diskImageOf, imageDamage } from './disk-images.js';
import { memberKey, memberMayReuse, observationFinding, ownObservations, rebaseFinding, rebaseWhere, type MemberRecord } from './duplicates.js';
import { findHiddenArchive, hiddenArchiveRole, HIDDEN_MAX_BYTES, TRUE_TYPES as HIDDEN_TRUE_TYPES } from './hidden-archive.js';

/**
 * Walks one attachment: the file itself, then (for zip, gzip, tar, and rar, 7z, bz2, xz ... through 7-Zip)
 * every member, recursively, within the archive limits. Every file met gets the same checks —
 * name, true type, hash lists, macros, Office objects and relationships (RTF, OLE, OOXML), HTML,
 * PDF, clamd — and each
 * observation becomes a Finding about that attachment. Clamd scans are queued on a shared limiter
 * and awaited by `finish()`; their errors (clamd down, timeout) are rethrown there. A gzip holds
 * one member (its inflated content, so a .tgz is gzip → tar → files).
 */

/** One file to inspect: an attachment or an archive member. */
export interface FileItem {
  attachmentId: string;
  /** Display path, outermost first: ['archive.zip', 'inner/file.exe']. */
  path: string[];
  /** Name to check (for members the path inside the archive). */
  name: string;
  /** Other names mail clients may show for the attachment (Attachment.otherNames): checked as names too. */
  otherNames?: readonly string[];
  /** Declared Content-Type; '' for archive members. */
  declaredType: string;
  size: number;
  sha256: string;
  /** 0 for the attachment itself, 1 for a member of it, 2 for a member of a member ... */
  archiveDepth: number;
  /** Already known (the parser sniffs attachments); undefined: sniff here. */
  trueType?: TrueType;
  /** At least the first `n` bytes (fewer when the file is shorter). */
  head(n: number): Promise<Buffer>;
  bytes(): Promise<Buffer>;
  /** What to send to clamd: the buffer when already loaded, else a stream. */
  clamdInput(): Buffer | Readable;
  /** Reads bytes in place (Content.readAt), for an attachment kept in a file and not loaded. */
  readAt?(position: number, into: Buffer): Promise<number>;
}

/** Where a finding points: the attachment, and the path to the file inside it. */
type Where = Pick<FileItem, 'attachmentId' | 'path'>;

/** /URI targets of a PDF met in the walk, for the URL checks (index.ts). */
/** Entries smaller than this are not held to the ratio limit: a few KB of zeros is not a bomb. */
export const RATIO_MIN_BYTES = 1024 * 1024;
/** Member bytes waiting for clamd before the walk pauses for it. */
const MAX_QUEUED_BYTES = 32 * 1024 * 1024;

export interface WalkDeps {
  limits: ScanLimits;
  hashes: HashIndex;
  clamd: ClamdClient;
  clamdLimit: Limiter;
  signal?: AbortSignal;
  /** The message's recipients (envelope, To, Cc), for HTML pre-filled with the recipient's address. */
  recipients?: readonly string[];
  /** Password candidates from the message (passwords.ts), computed on the first encrypted zip entry. */
  passwords?: () => PasswordCandidates;
  /** The password work the whole message may cost, shared by its attachments' walks (messageBudgets). */
  budgets?: MessageBudgets;
  /** Where PDFs met inside an attachment are offered to the PDF text step (scan/pdf-text/archive-pdfs.ts). */
  archivePdfs?: ArchivePdfs;
}

/**
 * The password work one message may cost over all its attachments, each also bounded per
 * attachment: 7z/RAR key derivations (archive-passwords.ts), Office hash rounds
 * (encrypted-office.ts), PDF password tries (pdf.ts), full ZipCrypto decryptions and AES
 * derivations (encrypted-zip.ts). Without it a message of a hundred locked files costs a hundred
 * attachments' budgets (the fuzzer made one of 7z files: minutes).
 */
export interface MessageBudgets {
  archiveTries: TryBudget;
  officeRounds: RoundBudget;
  pdfTries: PdfTryBudget;
  zip: ZipMessageBudget;
  /** Once an archive of the message hangs 7-Zip or kills its thread, the others are not sent (seven-zip-thread.ts). */
  sevenZip: SevenZipGate;
}

export function messageBudgets(): MessageBudgets {
  return { archiveTries: new TryBudget(MESSAGE_SEVENZIP_MAX_TRIES), officeRounds: new RoundBudget(), pdfTries: new PdfTryBudget(), zip: new ZipMessageBudget(), sevenZip: {} };
}

export class AttachmentWalk {
  readonly findings: Finding[] = [];
  /** Links of the PDFs met, in walk order. */
  readonly pdfLinks: DocumentLinks[] = [];
  /** One-page PDFs with a link or three: possible one-link lures, judged with the sender (pdf-lure.ts). */
  readonly pdfLures: PdfLureCandidate[] = [];
  /** Hyperlinks of the Office documents met, in walk order. */
  readonly officeLinks: DocumentLinks[] = [];
  /** Pictures (PNG, JPEG, GIF by true type) and PDFs that may hold pictures, for the QR reader (scan/qr). */
  readonly pictures: { item: FileItem; pdf?: Buffer; office?: boolean }[] = [];
  private entries = 0;
  private bytesOut = 0;
  /** Member pictures kept for the QR reader so far, and the bytes they may still take (picture). */
  private readonly memberPictures = { count: 0, bytes: MEMBER_PICTURE_BYTES };
  private stopped = false;
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: unknown[] = [];
  private queuedBytes = 0;
  private encrypted: EncryptedEntries | undefined;
  /** Password tries on the 7z/RAR archives of this attachment (archive-passwords.ts). */
  private archiveTries: TryBudget | undefined;
  private documents: EncryptedDocuments | undefined;
  /** The message's (deps.budgets), or this walk's own when it is walked alone. */
  private readonly budgets: MessageBudgets;
  /** Findings of a file's own name(s) and declared type, not of its content: each copy of a content gets its own (duplicates.ts). */
  readonly ownFindings = new WeakSet<Finding>();
  /** The true type inspect() found for a file, once it knew it (for the checks of a copy's own name: duplicates.ts). */
  readonly trueTypes = new WeakMap<FileItem, { trueType: TrueType | undefined }>();
  /** Member walks in progress (innermost last), each recorded for a byte-identical member met later (duplicates.ts). */
  private recording: MemberRecord[] = [];
  /** Member walks done, by memberKey; one that met a budget limit is not kept (a copy is walked again). */
  private readonly records = new Map<string, MemberRecord>();
  /** Copies given an earlier member's walk: its content findings are theirs once ClamAV has answered (finish). */
  private readonly replays: { record: MemberRecord; to: Where; into: MemberRecord[] }[] = [];

  constructor(private readonly deps: WalkDeps) {
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
    if (trueType && QR_PICTURE_TYPES.has(trueType.ext)) await this.picture(item);
    const extra: Observation[] = [];
    const stream = streamFormat(trueType, info.ext, head);
    let image: TrueType | undefined;

    if (isZipFamily(trueType)) await this.zip(item, info, trueType!, extra);
    else if (trueType?.ext === 'gz') await this.gzip(item, extra);
    else if (trueType?.ext === 'tar') await this.tar(item, extra);
    else if (trueType?.ext === 'tnef') await this.tnef(item, extra);
    else if (trueType?.ext === 'cfb') await this.ole(item, extra);
    else if (looksLikeOneNote(head)) await this.onenote(item, extra);
    // Word opens as RTF whatever starts with '{\rt' (file-type only knows '{\rtf')
    else if (trueType?.ext === 'rtf' || (trueType === undefined && looksLikeRtf(head))) {
      const bytes = item.size <= RTF_MAX_BYTES ? await item.bytes() : await item.head(RTF_MAX_BYTES);
      const rtf = inspectRtf(bytes);
      extra.push(...rtfObservations(rtf));
      extra.push(...ddeObservations(rtfDdeHits(bytes), 'rtf', 'RTF document'));
      await this.packagedFiles(item, rtf.objects, extra);
    }
    else if (stream) await this.stream(item, stream, extra);
    else if (trueType && UNINSPECTABLE_ARCHIVES.has(trueType.ext)) await this.listed(item, trueType, extra);
    // ISO, UDF, VHD, VHDX, DMG, FAT/NTFS and partitioned images: their files walked as members, through 7-Zip (disk-images.ts)
    else if ((image = await diskImageOf(item, trueType, head))) await this.listed(item, image, extra);
    else if (trueType === undefined && looksLikeTextSheet(info.ext, item.declaredType, head)) {
      // CSV, SYLK, web query: Excel calculates the formulas in them (DDE, dde.ts)
      const bytes = item.size <= DDE_MAX_TEXT ? await item.bytes() : await item.head(DDE_MAX_TEXT);
      extra.push(...textSheetObservations(bytes, looksLikeTextSheet(info.ext, item.declaredType, head)!));
    } else if (looksLikeHtml(info.ext, item.declaredType, head)) {
      const bytes = item.size <= HTML_MAX_BYTES ? await item.bytes() : await item.head(HTML_MAX_BYTES);
      const traits = inspectHtml(bytes);
      const tags = htmlTags(traits);
      if (tags.length > 0) {
        const hosts = traits.actionHosts.length ? `; form posts to ${traits.actionHosts.join(', ')}` : '';
        extra.push({ kind: 'attachment.html-form', detail: `HTML with ${tags.join(', ')}${hosts}`, tags });
      }
      // smuggling and obfuscated loaders (html-script.ts)
      const recipientInFile = () => mentionsAddress(bytes.subarray(0, HTML_MAX_BYTES).toString('utf8'), this.deps.recipients ?? []);
      extra.push(...scriptObservations(traits.scripts, recipientInFile));
      // SVG links and pages framed from elsewhere (svg.ts), also handed to the URL checks
      const svg = isSvg(info.ext, item.declaredType, head);
      extra.push(...svgObservations(traits, svg));
      const uris = htmlDocumentLinks(traits, svg);
      if (uris.length > 0) this.officeLinks.push({ attachmentId: item.attachmentId, path: item.path, uris });
    }

    // Readers open a PDF whose header is anywhere in its first KB (file-type then sees no type); such a
    // file is looked at as HTML above too, so a '%PDF-' written into a web page hides nothing.
    if (trueType?.ext === 'pdf' || (trueType === undefined && looksLikePdf(head))) await this.pdf(item, extra);

    // a zip, RAR or 7z after a stub (padding, a picture, a PDF header) or a program: self-extracting
    // programs and archives type checks miss, opened as archive programs do (hidden-archive.ts)
    const opened = isZipFamily(trueType) || stream !== undefined || image !== undefined || (trueType !== undefined && (WALKED_ARCHIVES.has(trueType.ext) || UNINSPECTABLE_ARCHIVES.has(trueType.ext)));
    const role = hiddenArchiveRole(info.ext, trueType, opened);
    if (role && item.size <= HIDDEN_MAX_BYTES) await this.hiddenArchive(item, info, trueType, role, extra);

    // (a DMG or a partitioned disk is told by more than its first bytes: diskImageOf above)
    if (image && !trueType) this.trueTypes.set(item, { trueType: image });
    this.note(item, typeObservations(info, item.declaredType, trueType ?? image), { own: true });
    this.note(item, extra);
    for (const list of this.deps.hashes.lookup(item.sha256)) {
      this.note(item, [{ kind: 'attachment.listed', detail: `SHA-256 ${item.sha256} is on list ${list}`, list }]);
    }
  }

  /**
   * An archive found past the start of a file (hidden-archive.ts), walked like any archive under
   * "(self-extracting)" for a program (WinRAR, 7-Zip, zip SFX: the program is dangerous by type
   * already; this names what it unpacks and gives ClamAV each member) or "(behind a stub)" for any
   * other file, which is also reported: attachment.hidden-archive, tagged with the format, behind-stub
   * and what the stub looks like. A zip is read whole (its offsets may count from the file's start or
   * from the archive's), a RAR or 7z from its signature on; within the usual limits.
   */
  private async hiddenArchive(item: FileItem, info: NameInfo, trueType: TrueType | undefined, role: 'self-extracting' | 'behind-stub', out: Observation[]): Promise<void> {
    const bytes = await item.bytes();
    const found = findHiddenArchive(bytes);
    if (!found) return;
    const type = HIDDEN_TRUE_TYPES[found.format];
    const label = role === 'self-extracting' ? SELF_EXTRACTING : BEHIND_STUB;
    if (role === 'behind-stub') {
      const stub = trueType ? `${trueType.ext} (${trueType.mime})` : 'unrecognised bytes';
      out.push({
        kind: 'attachment.hidden-archive',
        detail: `${found.format} archive behind ${found.start} bytes of ${stub}: archive programs open it, type checks do not see an archive`,
        tags: [found.format, 'behind-stub', trueType?.ext ?? 'unknown'],
      });
    }
    if (found.format === 'zip') return this.zip({ ...item, path: [...item.path, label] }, info, type, out);
    const archive = bytes.subarray(found.start);
    const carved: FileItem = { ...item, path: [...item.path, label], size: archive.length, head: async (n) => archive.subarray(0, n), bytes: async () => archive, clamdInput: () => archive };
    delete carved.readAt;
    await this.listed(carved, type, out);
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
  private note(item: Where, observations: Observation[], opts: { own?: boolean; into?: readonly MemberRecord[] } = {}): void {
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

  private async queueClamd(item: FileItem): Promise<void> {
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

  /**
   * A zip: the archive yauzl reads (its last central directory; one whose offsets count from after
   * a stub or another archive is read from where it starts), then what other readers may show
   * instead (zip-layout.ts): other archives glued into the file and entries no central directory
   * lists, each walked like a member under "(first archive)", "(hidden entry)", ...
   */
  private async zip(item: FileItem, info: NameInfo, trueType: TrueType, out: Observation[]): Promise<void> {
    const bytes = await item.bytes(); // a read failure is not a corrupt zip: let it become scanner.error
    const layout = zipLayout(bytes);
    let zip: OpenedZip | undefined;
    try {
      zip = await openZip(bytes, this.zipRoom());
    } catch (err) {
      const main = layout.main;
      if (main && main.start > 0) zip = await openZip(bytes.subarray(main.start, main.end), this.zipRoom()).catch(() => undefined);
      if (!zip) out.push({ kind: 'attachment.uninspectable', detail: `corrupt zip: ${errorText(err)}`, tags: ['zip'] });
    }
    if (zip) {
      try {
        await this.zipContents(item, info, trueType, zip, out);
      } finally {
        zip.close();
      }
    }
    await this.otherReadings(item, bytes, layout, zip?.entries ?? [], out);
  }

  /**
   * Zip entries to list: one past what is left of the budget, enough to know the limit is crossed. A
   * document's parts are no members (they are not counted): list at least DOCUMENT_MAX_PARTS, or
   * with the entry budget spent a .docx is listed as its first part alone and its own checks
   * (macros, relationships, objects) see nothing; a plain archive still stops at the limit (members).
   */
  private zipRoom(): number {
    return Math.max(Math.max(0, this.deps.limits.archiveMaxEntries - this.entries) + 1, DOCUMENT_MAX_PARTS);
  }

  /**
   * What a zip holds besides the archive read above (zip-layout.ts), reported as one
   * attachment.ambiguous-archive (with winrar-spoof when the names of any of them show the
   * CVE-2023-38831 layout) and walked: each other archive's entries under "(first archive)",
   * "(second archive)", ..., the entries of orphan local headers under "(hidden entry)" (inflated
   * here, within the same limits as any zip entry), and the local header's name of an entry named
   * otherwise in the central directory checked as a name under "(local header)".
   */
  private async otherReadings(item: FileItem, bytes: Buffer, layout: ZipLayout, mainEntries: readonly ZipEntryInfo[], out: Observation[]): Promise<void> {
    const tags = layoutTags(layout);
    const names: { name: string; directory: boolean }[] = [...mainEntries];
    const others = layout.readings.filter((r) => r !== layout.main);
    const open = tags.length > 0 && this.canOpen(item, out);
    for (const reading of open ? others : []) {
      const parent: FileItem = { ...item, path: [...item.path, readingLabel(layout, reading)] };
      const zip = await openZip(bytes.subarray(reading.start, reading.end), this.zipRoom()).catch((err: unknown) => {
        this.note(parent, [{ kind: 'attachment.uninspectable', detail: `corrupt zip: ${errorText(err)}`, tags: ['zip'] }]);
        return undefined;
      });
      if (!zip) continue;
      try {
        names.push(...zip.entries);
        await this.members(parent, zip);
      } finally {
        zip.close();
      }
    }
    if (open) await this.orphans(item, bytes, layout.orphans);
    for (const m of open ? layout.mismatches : []) this.nameOnly({ attachmentId: item.attachmentId, path: [...item.path, LOCAL_HEADER, m.local] }, m.local);
    names.push(...layout.orphans.map((o) => ({ name: o.name, directory: /[\\/]$/.test(o.name) })));
    const spoof = winrarSpoof(names);
    if (spoof) tags.push('winrar-spoof');
    if (tags.length === 0) return;
    const detail = [layoutDetail(layout), spoof ? `WinRAR CVE-2023-38831 layout: ${spoof}` : ''].filter(Boolean).join('; ');
    out.push({ kind: 'attachment.ambiguous-archive', detail, tags: ['zip', ...tags] });
  }

  /** The entries of local headers no central directory lists, inflated (node:zlib) within the limits of any zip entry. */
  private async orphans(item: FileItem, bytes: Buffer, orphans: readonly OrphanEntry[]): Promise<void> {
    const { limits } = this.deps;
    const parent: FileItem = { ...item, path: [...item.path, HIDDEN_ENTRY] };
    for (const o of orphans) {
      const member = this.nextEntry(parent, o.name);
      if (!member) return;
      if (/[\\/]$/.test(o.name)) continue;
      const stored = o.compressedSize === undefined ? bytes.subarray(o.dataStart) : bytes.subarray(o.dataStart, o.dataStart + o.compressedSize);
      if (o.encrypted || (o.method !== 0 && o.method !== 8) || (o.method === 0 && o.compressedSize === undefined)) {
        this.nameOnly(member, o.name);
        continue;
      }
      const declared = o.uncompressedSize ?? 0;
      const ratio = o.compressedSize ? declared / o.compressedSize : Infinity;
      const limited = this.unpackedLimit(member, o.name, declared, ratio, {
        ratio: 'bytes); not inflated',
        budget: `archive inflates past ${limits.archiveMaxTotalBytes} bytes`,
      });
      if (limited === 'skip') continue;
      if (limited === 'stop') return;
      const room = this.bytesLeft();
      const ratioCap = Math.max(RATIO_MIN_BYTES - 1, stored.length * limits.archiveMaxRatio);
      const cap = o.uncompressedSize !== undefined ? o.uncompressedSize : Math.min(room, ratioCap);
      let data: Buffer;
      try {
        data = o.method === 0 ? stored : await inflateRawAsync(stored, { maxOutputLength: Math.max(1, cap) });
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') {
          this.nameOnly(member, o.name);
          this.note(member, [{ kind: 'attachment.uninspectable', detail: `hidden zip entry cannot be read: ${errorText(err)}`, tags: ['zip'] }]);
          continue;
        }
        if (o.uncompressedSize === undefined) return this.pastCap(member, o.name, stored.length, ratioCap, room, 'inflate');
        this.nameOnly(member, o.name);
        this.stop(member, `entry inflates past its declared size ${o.uncompressedSize}`, 'size');
        return;
      }
      if (this.bytesOut + data.length > limits.archiveMaxTotalBytes) {
        this.nameOnly(member, o.name);
        this.stop(member, `archive inflates past ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
        return;
      }
      await this.walkMember(parent, o.name, data);
    }
  }

  private async zipContents(item: FileItem, info: NameInfo, trueType: TrueType, zip: OpenedZip, out: Observation[]): Promise<void> {
    const names = zip.entries.map((e) => e.name);
    const kind = classifyZip(names);
    if (kind === 'ooxml' || kind === 'odf') {
      const macros = documentMacros(kind, names);
      const enabled = [info.ext, trueType.ext].find((e) => MACRO_ENABLED_EXTENSIONS.has(e));
      if (macros.length > 0 || enabled) {
        const detail = macros.length > 0 ? `${kind.toUpperCase()} document with ${macros.join(', ')} macros` : `macro-enabled document (.${enabled})`;
        out.push({ kind: 'attachment.macro', detail, tags: [...macros, ...(enabled ? [enabled] : []), kind] });
      }
      if (zip.entries.some((e) => e.encrypted)) {
        out.push({ kind: 'attachment.encrypted', detail: 'document parts are encrypted', tags: [kind] });
      }
      if (kind === 'ooxml') await this.ooxml(item, zip, out);
      // an OpenDocument's pictures (Pictures/) are read for QR codes like an OOXML document's media
      if (kind === 'odf') await this.officePictures(item, zip, ODF_PICTURES);
      // Document parts are not walked one by one: clamd gets (and unpacks) the whole document.
      return;
    }
    if (kind === 'java') {
      if (trueType.ext !== 'jar' && trueType.ext !== 'apk') {
        out.push({ kind: 'attachment.dangerous-type', detail: 'zip is a Java/Android archive', tags: ['jar'] });
      }
      return;
    }
    if (!this.canOpen(item, out)) return;
    await this.members(item, zip);
  }

  /** Walks a zip's entries (`entries`: some of them, as a document's embedded files) within the limits. */
  private async members(parent: FileItem, zip: OpenedZip, entries: readonly ZipEntryInfo[] = zip.entries): Promise<void> {
    const { limits } = this.deps;
    for (const entry of entries) {
      const member = this.nextEntry(parent, entry.name);
      if (!member) return;
      if (entry.directory) continue;
      // Entries we do not inflate still have a name worth checking (an encrypted zip shows its names).
      const nameOnly = () => this.nameOnly(member, entry.name);
      const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : Infinity;
      const overRatio = entry.uncompressedSize >= RATIO_MIN_BYTES && ratio > limits.archiveMaxRatio;
      if (entry.encrypted) {
        // with the message's passwords (encrypted-zip.ts), within the same limits as any entry
        const fits = !overRatio && this.bytesOut + entry.uncompressedSize <= limits.archiveMaxTotalBytes;
        const data = fits ? await this.unlock(member, zip, entry) : undefined;
        if (data) await this.walkMember(parent, entry.name, data);
        else {
          nameOnly();
          if (!fits) this.note(member, [{ kind: 'attachment.encrypted', detail: 'encrypted archive entry past the size or ratio limits: not opened', tags: ['zip'] }]);
        }
        continue;
      }
      const limited = this.unpackedLimit(member, entry.name, entry.uncompressedSize, ratio, {
        ratio: 'bytes); not inflated',
        budget: `archive inflates past ${limits.archiveMaxTotalBytes} bytes`,
      });
      if (limited === 'skip') continue;
      if (limited === 'stop') return;
      let data: Buffer;
      try {
        data = await zip.read(entry, entry.uncompressedSize);
      } catch (err) {
        nameOnly();
        if (err instanceof ZipReadLimit) {
          this.stop(member, `entry inflates past its declared size ${entry.uncompressedSize}`, 'size');
          return;
        }
        this.note(member, [{ kind: 'attachment.uninspectable', detail: `archive entry cannot be read: ${errorText(err)}`, tags: ['zip'] }]);
        continue;
      }
      await this.walkMember(parent, entry.name, data);
    }
  }

  /** Tries the message's passwords on an encrypted entry; notes attachment.encrypted either way. */
  private async unlock(member: Where, zip: OpenedZip, entry: ZipEntryInfo): Promise<Buffer | undefined> {
    const passwords = this.deps.passwords;
    if (!passwords) {
      this.note(member, [{ kind: 'attachment.encrypted', detail: 'encrypted archive entry: contents not inspectable', tags: ['zip'] }]);
      return undefined;
    }
    this.encrypted ??= new EncryptedEntries(passwords, this.budgets.zip);
    const result = await this.encrypted.unlock(zip, entry);
    this.note(member, [this.encrypted.observation(result)]);
    return result.opened ? result.data : undefined;
  }

  /** Bytes the walk may still unpack or decrypt (the archive byte budget, archiveMaxTotalBytes). */
  private bytesLeft(): number {
    return Math.max(0, this.deps.limits.archiveMaxTotalBytes - this.bytesOut);
  }

  /** The opener of this attachment's password-encrypted Office documents (encrypted-office.ts), made on the first. */
  private documentOpener(): EncryptedDocuments {
    return (this.documents ??= new EncryptedDocuments(this.deps.passwords ?? NO_PASSWORDS, this.budgets.officeRounds));
  }

  /**
   * An OLE document (.doc, .xls, .ppt, ...: macros.ts). One holding a password-encrypted OOXML
   * package is opened with Excel's default password and the message's (encrypted-office.ts); the
   * document inside is walked as a member named "decrypted", within the archive limits. An .xls
   * encrypted with RC4 gets the same passwords, and so do a .doc (without VelvetSweatshop) or a .ppt
   * (PowerPoint's own default password instead, encrypted-office.ts);
   * they are read decrypted in place (macros.ts), ClamAV gets the decrypted copy, and the files
   * packaged in it are walked as members of that copy (packagedFiles).
   */
  private async ole(item: FileItem, out: Observation[]): Promise<void> {
    const traits = inspectOle(await item.bytes());
    const sealed = traits.sealed;
    if (!sealed && isLockedOle(traits)) {
      // an RC4-encrypted .xls, .doc or .ppt: decrypted and read in place (macros.ts), not walked
      const { observations, decrypted, objects } = await openLockedOle(traits, await item.bytes(), this.documentOpener(), this.bytesLeft());
      out.push(...observations);
      // not opened: the files its clear storages package (a .doc's ObjectPool, an .xls's MBD) as a clear file's
      if (!decrypted) return this.packagedFiles(item, objects, out);
      // ClamAV gets the file decrypted too, as "file.xls → decrypted" (the checks above have read it)
      const clear = this.canOpen(item, out) ? decrypted : undefined;
      if (clear && this.nextEntry(item, DECRYPTED)) {
        this.bytesOut += clear.length;
        const copy = memberItem(item, DECRYPTED, clear);
        await this.queueClamd(copy);
        // and the files its Package objects carry are walked from the copy, one level deeper:
        // "file.doc → decrypted → ObjectPool/_1712345678 → invoice.exe" (the limits said on the copy)
        const inner: Observation[] = [];
        await this.packagedFiles(copy, objects, inner);
        this.note(copy, inner);
      }
      return;
    }
    const member = sealed && this.canOpen(item, out) ? this.nextEntry(item, DECRYPTED) : undefined;
    if (!sealed || !member) {
      out.push(...oleObservations(traits));
      return this.packagedFiles(item, traits.objects, out);
    }
    out.push(...oleObservations({ ...traits, encrypted: false }));
    const documents = this.documentOpener();
    const result = await documents.open(sealed, this.bytesLeft());
    out.push(documents.observation(result));
    if (result.opened) await this.walkMember(item, DECRYPTED, result.data);
  }

  /**
   * rar, 7z, cab, arj, ... (archive-listing.ts): listed, then the entries that fit the limits are
   * extracted and walked like zip members. They are picked from the listing before anything is
   * extracted (pickEntries: no encrypted entry, no link, within the ratio limit over the whole
   * archive, the byte budget left and EXTRACT_MAX_BYTES). Each extracted file is walked (the byte
   * budget checked again, as nested archives walked meanwhile spend it too; past it the walk stops,
   * as for tar), every other entry gets the name checks; encrypted entries are reported like
   * encrypted zip entries: with the message's passwords (archive-passwords.ts), hidden names or
   * encrypted entries that one opens are walked like the others ('opened'). The archive is
   * attachment.uninspectable only when something in it was not inspected: hidden names, encrypted
   * entries not opened, damage, a limit, entries not extracted (the tags say which).
   */
  private async listed(item: FileItem, trueType: TrueType, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    const what = `${trueType.ext} archive (${trueType.mime})`;
    const uninspectable = (detail: string, ...tags: string[]) =>
      out.push({ kind: 'attachment.uninspectable', detail: `${what}: ${detail}`, tags: [trueType.ext, ...tags] });
    if (!LISTABLE_ARCHIVES.has(trueType.ext) && !DISK_IMAGES.has(trueType.ext)) return void uninspectable('its contents cannot be inspected');
    if (item.size > LIST_MAX_BYTES) return void uninspectable(`over ${LIST_MAX_BYTES / (1024 * 1024)} MB, entry names not listed; its contents cannot be inspected`, 'too-big');
    if (!this.canOpen(item, out)) return;
    const bytes = await item.bytes();
    const room = Math.max(0, limits.archiveMaxEntries - this.entries) + 1;
    const ratioCap = Math.max(RATIO_MIN_BYTES - 1, bytes.length * limits.archiveMaxRatio);
    // (the last entry listed is the one past the entry limit, when there is one: the walk stops there)
    // (picked in the 7-Zip worker by pickEntries; again without the encrypted entries when no password opens them)
    const pick = { first: room - 1, ratioBytes: ratioCap, budget: this.bytesLeft() };
    const passwords = this.deps.passwords;
    const tries = passwords ? { candidates: () => passwords().list, budget: (this.archiveTries ??= new TryBudget(SEVENZIP_MAX_TRIES, this.budgets.archiveTries)) } : undefined;
    const { listing, extraction, unlock, overBudget, skipped = new Map<ListedEntry, SkipReason>() } = await extractArchive(bytes, room, pick, tries, this.budgets.sevenZip);
    const encrypted = (state: Parameters<typeof encryptedObservation>[3]) => encryptedObservation(trueType.ext, passwords?.(), unlock, state);
    if (!listing.ok) {
      // 7-Zip hung or its worker died: fail closed, with why as the tag
      if (listing.reason === 'timeout' || listing.reason === 'worker-failed') return void uninspectable(`not inspected: ${listing.detail}`, listing.reason);
      if (listing.reason !== 'encrypted-headers') return void uninspectable(`cannot be listed: ${listing.detail}`, listing.reason);
      out.push(encrypted({ opened: false, headers: true }));
      return void uninspectable('entry names and contents encrypted; not inspected', 'encrypted-headers');
    }
    // a file and a folder of one name but for spaces, "x.pdf .cmd" (WinRAR CVE-2023-38831, zip-layout.ts)
    const spoof = winrarSpoof(listing.entries);
    if (spoof) out.push({ kind: 'attachment.ambiguous-archive', detail: `WinRAR CVE-2023-38831 layout: ${spoof}`, tags: [trueType.ext, 'winrar-spoof'] });
    if (DISK_IMAGES.has(trueType.ext)) {
      // a VHD's footer, a disk's unused space: no damage (disk-images.ts)
      const damage = imageDamage(listing.damage);
      if (damage) listing.damage = damage;
      else delete listing.damage;
    }
    if (unlock?.opened && listing.entries.every((e) => !e.encrypted)) {
      // hidden names opened, no entry marked encrypted (each would say it): the archive says it
      out.push(encrypted({ opened: true, headers: true }));
    }
    const reasons = new Set<string>(listing.damage ? ['damaged'] : []);
    let files = 0;
    let checked = 0;
    let missing = 0;
    for (const entry of listing.entries) {
      const member = this.nextEntry(item, entry.name);
      if (!member) break;
      if (entry.directory) continue;
      files += 1;
      const data = extraction?.files.get(entry);
      if (data && this.bytesOut + data.length <= limits.archiveMaxTotalBytes) {
        if (entry.encrypted) this.note(member, [encrypted({ opened: true })]);
        await this.walkMember(item, entry.name, data);
        checked += 1;
        continue;
      }
      this.nameOnly(member, entry.name);
      const why = data ? 'total-bytes' : extraction?.overCap === entry ? 'size' : skipped.get(entry);
      if (why === 'encrypted' || (entry.encrypted && why === undefined)) {
        // not opened: no password did, its key past the budget, past a limit, or 7-Zip stopped before it
        const because = overBudget?.has(entry) ? 'password tries used up before its key'
          : !unlock?.opened ? undefined
          : why === 'encrypted' ? 'past the size or ratio limits: not opened'
          : 'not extracted with the password that opened the others';
        this.note(member, [encrypted({ opened: false, ...(because ? { why: because } : {}) })]);
        reasons.add('encrypted-entries');
      } else if (why === 'link') {
        this.note(member, [{ kind: 'attachment.uninspectable', detail: 'symbolic link: not followed, not inspected', tags: [trueType.ext, 'symlink'] }]);
      } else if (why === 'ratio') {
        this.note(member, [{
          kind: 'attachment.archive-limit',
          detail: `compression ratio over ${limits.archiveMaxRatio}:1 (the ${bytes.length}-byte archive unpacks past ${ratioCap} bytes with this ${entry.size}-byte entry); not extracted`,
          tags: ['ratio'],
        }]);
      } else if (why === 'total-bytes') {
        this.stop(member, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
        break;
      } else if (why === 'size') {
        this.stop(member, `archive writes more than its entries declare (${entry.size} bytes)`, 'size');
        break;
      } else if (why === 'not-extracted') reasons.add('not-extracted');
      else missing += 1; // picked, but 7-Zip stopped before it, or wrote it under another name (below)
    }
    // files written under another name than listed (a second "a.txt" as "a_1.txt", "../a" as "a")
    for (const other of extraction?.others ?? []) {
      if (this.stopped) break;
      if (this.bytesOut + other.data.length > limits.archiveMaxTotalBytes) {
        this.stop({ attachmentId: item.attachmentId, path: [...item.path, other.name] }, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
        break;
      }
      await this.walkMember(item, other.name, other.data);
      checked += 1;
    }
    if (missing > (extraction?.others.length ?? 0)) reasons.add('not-extracted');
    if (this.stopped || [...skipped.values()].includes('ratio')) reasons.add('over-limits');
    if (reasons.size === 0) return;
    const failure = extraction?.failure ? `; extraction stopped: ${extraction.failure}` : '';
    const damage = listing.damage ? `; damaged: ${listing.damage}` : '';
    uninspectable(`${checked} of ${files} entries extracted and checked (${listing.format}), the others by name only${failure}${damage}`, ...reasons);
  }

  /**
   * A single compressed stream (bz2, xz, lzma, zst, Z, and lz, lz4: single-stream.ts), decompressed
   * by 7-Zip (lzip and LZ4 by Debian's tools, tool-streams.ts) like a gzip is inflated: one member, named after the attachment (`evil.exe.bz2` holds
   * `evil.exe`, `.txz` a `.tar`), cut off at the least of the byte budget left, the ratio limit and
   * EXTRACT_MAX_BYTES (7-Zip is stopped there and nothing of it is kept: a bomb costs the cap).
   */
  private async stream(item: FileItem, format: string, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    const uninspectable = (detail: string, ...tags: string[]) =>
      out.push({ kind: 'attachment.uninspectable', detail: `${format} stream: ${detail}`, tags: [format, ...tags] });
    if (item.size > LIST_MAX_BYTES) return void uninspectable(`over ${LIST_MAX_BYTES / (1024 * 1024)} MB, not decompressed; its contents cannot be inspected`, 'too-big');
    if (!this.canOpen(item, out)) return;
    const bytes = await item.bytes();
    const name = streamMemberName(item.name, format);
    const member = this.nextEntry(item, name);
    if (!member) return;
    const room = this.bytesLeft();
    const ratioCap = Math.max(RATIO_MIN_BYTES - 1, bytes.length * limits.archiveMaxRatio);
    const cap = Math.min(room, ratioCap, EXTRACT_MAX_BYTES);
    const result = await decompressStream(bytes, format, cap, this.budgets.sevenZip);
    if (result.notInspected) {
      this.nameOnly(member, name);
      return void uninspectable(`not inspected: ${result.failure}`, result.notInspected);
    }
    if (result.overCap) {
      if (cap === ratioCap || cap === room) return this.pastCap(member, name, bytes.length, ratioCap, room, 'decompress');
      this.nameOnly(member, name);
      return void uninspectable(`decompresses past ${EXTRACT_MAX_BYTES} bytes (what one archive may put out); not inspected`, 'not-extracted');
    }
    if (result.failure) uninspectable(`corrupt or cut off: ${result.failure}`, 'damaged');
    // what a cut stream still gives is checked too (as for a gzip); with nothing out, the name is
    if (result.data && (!result.failure || result.data.length > 0)) await this.walkMember(item, name, result.data);
    else this.nameOnly(member, name);
  }

  /**
   * The one member of a gzip or another compressed stream came out past its cap, the smaller of the
   * ratio cap and the bytes left of the archive budget: named only, with the limit it met.
   */
  /**
   * A member whose unpacked size is known before it is read (a zip entry, a packaged file): past the
   * ratio limit (from RATIO_MIN_BYTES up) it is only named and noted — 'skip', go on with the next;
   * past the byte budget its container's walk stops — 'stop'. undefined: within the limits. `say`:
   * the end of the ratio note's detail, and the stop's reason.
   */
  private unpackedLimit(member: Where, name: string, bytes: number, ratio: number, say: { ratio: string; budget: string }): 'skip' | 'stop' | undefined {
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

  private pastCap(member: Where, name: string, inputBytes: number, ratioCap: number, room: number, verb: 'inflate' | 'decompress'): void {
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

  /** A gzip file: its one member is the inflated content, cut off at the ratio and total-bytes limits. */
  private async gzip(item: FileItem, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    if (!this.canOpen(item, out)) return;
    const bytes = await item.bytes();
    const name = gzipMemberName(bytes, item.name);
    const member = this.nextEntry(item, name);
    if (!member) return;
    // Unlike a zip entry, a gzip does not say (truthfully) how big it inflates: inflate with a cap and
    // stop there. Small outputs are not held to the ratio (as RATIO_MIN_BYTES for zip entries).
    const room = this.bytesLeft();
    const ratioCap = Math.max(RATIO_MIN_BYTES - 1, bytes.length * limits.archiveMaxRatio);
    const result = await gunzipLimited(bytes, Math.min(room, ratioCap));
    if (result.overLimit) return this.pastCap(member, name, bytes.length, ratioCap, room, 'inflate');
    if (result.error) out.push({ kind: 'attachment.uninspectable', detail: `corrupt gzip: ${result.error}`, tags: ['gz'] });
    // What a truncated gzip still gives is checked too: a file complete before the cut is as dangerous.
    if (!result.error || result.data.length > 0) await this.walkMember(item, name, result.data);
  }

  /**
   * A TNEF stream (winmail.dat, tnef.ts): Outlook's wrapper around a "rich text" message's
   * attachments. Each attachment is walked as a member, an embedded Outlook message as a TNEF of
   * its own (one archive level deeper, so nesting is bounded by the depth limit).
   */
  private async tnef(item: FileItem, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    if (!this.canOpen(item, out)) return;
    const contents = readTnef(await item.bytes());
    for (const a of contents.attachments) {
      const member = this.nextEntry(item, a.name);
      if (!member) return;
      if (this.bytesOut + a.data.length > limits.archiveMaxTotalBytes) {
        this.nameOnly(member, a.name);
        this.stop(member, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
        return;
      }
      await this.walkMember(item, a.name, a.data);
    }
    // the attachments before the damage were walked; what follows it is unseen
    if (contents.damage) out.push({ kind: 'attachment.uninspectable', detail: `corrupt TNEF (winmail.dat): ${contents.damage}`, tags: ['tnef'] });
  }

  /** A tar: every file member is walked; links and devices are noted (by name), never followed. */
  private async tar(item: FileItem, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    if (!this.canOpen(item, out)) return;
    const entries = tarEntries(await item.bytes());
    const files = new Set<string>();
    for (;;) {
      let next: IteratorResult<TarEntry>;
      try {
        next = entries.next();
      } catch (err) {
        // The entries before the damage were walked; the rest is unseen.
        out.push({ kind: 'attachment.uninspectable', detail: `corrupt tar: ${errorText(err)}`, tags: ['tar'] });
        return;
      }
      if (next.done) return;
      const entry = next.value;
      const member = this.nextEntry(item, entry.name);
      if (!member) return;
      if (entry.type === 'directory') continue;
      if (entry.type === 'file') {
        if (this.bytesOut + entry.data.length > limits.archiveMaxTotalBytes) {
          this.nameOnly(member, entry.name);
          this.stop(member, `archive holds more than ${limits.archiveMaxTotalBytes} bytes`, 'total-bytes');
          return;
        }
        files.add(entry.name);
        await this.walkMember(item, entry.name, entry.data);
        continue;
      }
      this.nameOnly(member, entry.name);
      // A hard link to a file already walked here is that file again; anything else points elsewhere.
      if (entry.type === 'hardlink' && files.has(entry.linkName)) continue;
      const what = TAR_SPECIAL[entry.type] ?? `tar entry of type '${entry.typeflag}'`;
      const target = entry.type === 'symlink' || entry.type === 'hardlink' ? ` to "${entry.linkName}"` : '';
      this.note(member, [{ kind: 'attachment.uninspectable', detail: `${what}${target}: not followed, not inspected`, tags: ['tar', entry.type] }]);
    }
  }

  /** A PDF: its active content and encryption (pdfObservations) and its links (kept for the URL checks). */
  private async pdf(item: FileItem, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    // a PDF that needs a password gets the message's (pdf.ts), as encrypted zips, 7z and Office files do
    const pdfLimits: PdfLimits = {
      inflateTotalBytes: limits.archiveMaxTotalBytes,
      inflateMaxRatio: limits.archiveMaxRatio,
      passwords: this.deps.passwords ?? NO_PASSWORDS,
      passwordTries: this.budgets.pdfTries,
    };
    let bytes: Buffer;
    let report: PdfReport;
    let later: PdfWindowPictures | undefined;
    let placed: PlacedEmbeddedFile[] = [];
    if (item.size <= PDF_MAX_BYTES) {
      bytes = await item.bytes();
      // a PDF inside an archive (or a PDF) is read for its words too, when the message's PDFs are
      // (room kept: a copy, so the archive's buffer is not held with it)
      if (item.archiveDepth > 0 && this.deps.archivePdfs?.wants()) this.deps.archivePdfs.offer({ attachmentId: item.attachmentId, path: item.path, bytes: Buffer.from(bytes) });
      report = await inspectPdf(bytes, pdfLimits);
    } else {
      // (pdf-text: a big PDF in an archive is offered as its first 4 MB and last 1 MB, as a big attached one is read: big-pdf.ts)
      const text = item.archiveDepth > 0 && this.deps.archivePdfs?.wants() ? await pdfTextBytes({ size: item.size, buffer: item.bytes, ...(item.readAt ? { readAt: item.readAt } : {}) }) : undefined;
      if (text) this.deps.archivePdfs?.offer({ attachmentId: item.attachmentId, path: item.path, bytes: Buffer.from(text) });
      // a big one window by window, from the bytes when loaded, else streamed from its file; the
      // pictures the QR reader could decode are kept as the windows go by: the first window's (as
      // a small PDF of them, not a 4 MB copy of the window held until the message is done: a
      // scanned page is one picture too big to decode) and those past it
      const first = new PdfWindowPictures(0);
      const pictures = (later = new PdfWindowPictures());
      const onWindow = (window: Buffer, offset: number) => {
        if (offset === 0) first.add(window, 0);
        pictures.add(window, offset);
      };
      ({ head: bytes, embedded: placed, ...report } = await inspectLargePdf(pdfSource(item)(), item.size, pdfLimits, onWindow, false));
      bytes = first.pdf() ?? bytes;
    }
    out.push(...pdfObservations(report));
    if (report.uris.length > 0) this.pdfLinks.push({ attachmentId: item.attachmentId, path: item.path, uris: report.uris });
    // (not a big PDF read in part: its page count may lie in the bytes not read)
    if (report.layout && !report.unreadBytes && report.uris.length > 0 && mayBeLure(report.layout)) {
      this.pdfLures.push({ attachmentId: item.attachmentId, path: item.path, layout: report.layout, uris: report.uris, encrypted: report.encryption !== undefined });
    }
    // an encrypted PDF's pictures (and, opened with a password, the rest) are read from its decrypted copy
    if (report.encryption) {
      if (item.size <= PDF_MAX_BYTES) await this.openedPdf(item, bytes, report, out);
      return;
    }
    // a clear PDF's embedded files are walked as members, as an opened one's are (pdf-embedded.ts)
    if (item.size <= PDF_MAX_BYTES && report.active.includes('embedded-file')) {
      const files = clearPdfEmbedded(bytes);
      if (files.length > 0 && this.canOpen(item, out)) await this.pdfFiles(item, files);
    }
    // a big one's are read from it one at a time, in place (pdf-large-embedded.ts)
    if (placed.length > 0 && this.canOpen(item, out)) await this.largePdfFiles(item, placed);
    if (mayHoldImages(bytes)) this.pictures.push({ item, pdf: bytes });
    const past = later?.pdf();
    if (past) this.pictures.push({ item: { ...item, path: [...item.path, `past ${PDF_MAX_BYTES / (1024 * 1024)} MB`] }, pdf: past });
  }

  /**
   * An encrypted PDF held whole that pdf.ts could open (pdf-decrypted.ts). One that opens without a
   * password: ClamAV decrypts it itself, so only its pictures are decrypted, for the QR reader (the
   * whole of it when it has embedded files, which are then walked as members, not sent again). One
   * opened with a password (the message's or a common one): ClamAV gets its decrypted copy as
   * "file.pdf → decrypted" (as an RC4 .xls its workbook), the QR reader its pictures from that
   * copy, and its embedded files are walked as members — all within the archive limits (depth,
   * entries, the byte budget left).
   */
  private async openedPdf(item: FileItem, bytes: Buffer, report: PdfReport, out: Observation[]): Promise<void> {
    const crypt = pdfDecryption(report);
    const budget = this.budgets.pdfTries; // the message's copy bytes (CPU: RC4 runs in JavaScript)
    if (!crypt) return;
    if (!report.encryption?.unlock?.opened) {
      // with embedded files, a whole copy gives them to the walk (names, types, macros: ClamAV reads them itself)
      const whole = report.active.includes('embedded-file') && this.canOpen(item, out) ? decryptedPdf(bytes, crypt, { maxBytes: Math.min(this.bytesLeft(), budget.copyBytes) }) : undefined;
      if (whole) {
        budget.copyBytes -= whole.pdf.length;
        if (mayHoldImages(whole.pdf)) this.pictures.push({ item, pdf: whole.pdf });
        return this.pdfFiles(item, whole.embedded);
      }
      const pictures = mayHoldImages(bytes) ? decryptedPdf(bytes, crypt, { maxBytes: Math.min(PDF_MAX_BYTES, budget.copyBytes), picturesOnly: true }) : undefined;
      if (!pictures) return;
      budget.copyBytes -= pictures.pdf.length;
      this.pictures.push({ item, pdf: pictures.pdf });
      return;
    }
    if (!this.canOpen(item, out) || !this.nextEntry(item, DECRYPTED)) return;
    const clear = decryptedPdf(bytes, crypt, { maxBytes: Math.min(this.bytesLeft(), budget.copyBytes) });
    if (!clear) return; // nothing readable, or past the budgets: clamd has the file as sent
    budget.copyBytes -= clear.pdf.length;
    this.bytesOut += clear.pdf.length;
    await this.queueClamd(memberItem(item, DECRYPTED, clear.pdf));
    if (mayHoldImages(clear.pdf)) this.pictures.push({ item, pdf: clear.pdf });
    await this.pdfFiles(item, clear.embedded);
  }

  /**
   * A PDF's embedded files (pdf-decrypted.ts, pdf-embedded.ts), each inflated within the ratio limit
   * and the byte budget left and walked as a member "file.pdf → invoice.exe"; past a cap the walk
   * stops there (pastCap), as for a gzip. The caller has checked the depth (canOpen).
   */
  private async pdfFiles(item: FileItem, files: readonly EmbeddedFile[]): Promise<void> {
    for (const file of files) {
      const member = this.nextEntry(item, file.name);
      if (!member) return;
      const room = this.bytesLeft();
      const ratioCap = Math.max(RATIO_MIN_BYTES - 1, file.data.length * this.deps.limits.archiveMaxRatio);
      const content = await embeddedContent(file, Math.min(room, ratioCap));
      if (content?.overCap) return this.pastCap(member, file.name, file.data.length, ratioCap, room, 'inflate');
      if (!content || content.damaged) this.nameOnly(member, file.name); // another filter, or damaged: ClamAV reads it in the PDF
      else await this.walkMember(item, file.name, content.data);
    }
  }

  /**
   * The embedded files of a PDF over PDF_MAX_BYTES (pdf-large-embedded.ts), each read from the PDF
   * in place (its temporary file, never the whole PDF) when it is walked, at most what is left of
   * the byte budget, then walked as pdfFiles walks a small PDF's: one held at a time. A stream
   * whose known length is past the budget is named only, and the walk stops there (total-bytes).
   */
  private async largePdfFiles(item: FileItem, files: readonly PlacedEmbeddedFile[]): Promise<void> {
    const source = pdfSource(item);
    for (const file of files) {
      if (this.stopped) return;
      const room = this.bytesLeft();
      const read = await readEmbeddedData(source, file, item.size, room);
      if (read.overCap) {
        const member = this.nextEntry(item, file.name);
        if (!member) return;
        return this.pastCap(member, file.name, file.length ?? 0, Infinity, room, 'inflate');
      }
      await this.pdfFiles(item, [{ name: file.name, data: read.data, filters: file.filters }]);
    }
  }

  /**
   * The files packaged in a document's OLE Package objects (ole-objects.ts: a .doc's ObjectPool, an
   * .xls's MBD storages, a .ppt's ExOleObjStg records, OOXML embeddings/oleObject*.bin, RTF
   * \objdata), each walked like an archive member — name, true type, macros, archives, ClamAV — as
   * "report.docx → word/embeddings/oleObject1.bin → invoice.exe" (one level deeper than the
   * document, the parts between only named), within the depth, entry and byte limits, and the ratio
   * limit of the OOXML part it was inflated from.
   */
  private async packagedFiles(item: FileItem, objects: readonly EmbeddedObject[] | undefined, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    const files = (objects ?? []).filter((o) => o.packaged);
    if (files.length === 0 || !this.canOpen(item, out)) return;
    for (const o of files) {
      const file = o.packaged!;
      const name = o.fileName ?? 'packaged file';
      const parent: FileItem = file.via.length > 0 ? { ...item, path: [...item.path, ...file.via] } : item;
      const member = this.nextEntry(parent, name);
      if (!member) return;
      const limited = this.unpackedLimit(member, name, file.data.length, file.ratio ?? 0, {
        ratio: 'bytes packaged); not inspected',
        budget: `document holds more than ${limits.archiveMaxTotalBytes} bytes of packaged files`,
      });
      if (limited === 'skip') continue;
      if (limited === 'stop') return;
      await this.walkMember(parent, name, file.data);
    }
  }

  /**
   * An OOXML document: remote templates and objects, exploit protocols in its relationships, its
   * embedded Equation/Package objects (ooxml.ts); its hyperlinks are kept for the URL checks.
   */
  private async ooxml(item: FileItem, zip: OpenedZip, out: Observation[]): Promise<void> {
    const report = await inspectOoxml(zip);
    out.push(...ooxmlObservations(report));
    out.push(...ddeObservations(await ooxmlDdeHits(zip), 'ooxml', 'OOXML document'));
    if (report.hyperlinks.length > 0) this.officeLinks.push({ attachmentId: item.attachmentId, path: item.path, uris: report.hyperlinks });
    await this.officePictures(item, zip, OFFICE_MEDIA);
    await this.packagedFiles(item, report.objects, out);
    await this.embeddedPackages(item, zip, out);
  }

  /**
   * The whole files an OOXML document embeds beside its OLE objects (ooxml-packages.ts: a chart's
   * workbook, an embedded .xlsm, .docx, .pptx, any other file there, and a `.bin` part that is no
   * OLE object: a zip or a program renamed oleObject1.bin), each walked like an archive member —
   * "report.docx → word/embeddings/x.xlsm" — within the depth, entry, byte and ratio limits. A
   * chart's workbook adds nothing unless something in it is found; at the depth limit one named as
   * a plain document is left to ClamAV (it has the document whole) without a finding.
   */
  private async embeddedPackages(item: FileItem, zip: OpenedZip, out: Observation[]): Promise<void> {
    const parts = await embeddedFileParts(zip);
    if (parts.length === 0) return;
    if (item.archiveDepth + 1 > this.deps.limits.archiveMaxDepth) {
      // (packagedFiles may have said so already for this document)
      const said = out.some((o) => o.kind === 'attachment.archive-limit' && o.tags?.includes('depth'));
      if (!said && !parts.every(isPlainPackage)) this.canOpen(item, out);
      return;
    }
    await this.members(item, zip, parts);
  }

  /**
   * A picture file (PNG, JPEG, GIF by true type) for the QR reader. An attachment always; a member
   * of an archive (zip, 7z, RAR, tar, a disk image ...) only within the QR reader's size window by its
   * header and at most MEMBER_MAX_PICTURES of them and MEMBER_PICTURE_BYTES in all per attachment: a zip of
   * a thousand pictures keeps (in memory, until the QR step) and hands over no more than the reader
   * could look at, and icons too small for a QR code do not use up the count.
   */
  private async picture(item: FileItem): Promise<void> {
    if (item.archiveDepth === 0) return void this.pictures.push({ item });
    if (this.memberPictures.count >= MEMBER_MAX_PICTURES || item.size > QR_MAX_FILE_BYTES || item.size > this.memberPictures.bytes) return;
    const info = imageInfo(await item.bytes());
    if (!info || !sizeAllowed(info)) return;
    this.memberPictures.count++;
    this.memberPictures.bytes -= item.size;
    this.pictures.push({ item });
  }

  /**
   * The pictures of an Office document, read while it is open, for the QR reader: an OOXML
   * document's media (word/media, xl/media, ppt/media: PNG, JPEG, GIF by name), an OpenDocument's
   * Pictures/ (any name: LibreOffice goes by the content). Smallest first; at most
   * OFFICE_MAX_PICTURES within the QR reader's size window (by their headers: icons, bullets and
   * files that are no PNG/JPEG/GIF do not use up the count) of at most QR_MAX_FILE_BYTES each, at
   * most OFFICE_MAX_ENTRIES inflated and OFFICE_PICTURE_BYTES in all, each no further than its
   * declared size; the QR reader's per-message budgets apply on top.
   */
  private async officePictures(item: FileItem, zip: OpenedZip, names: RegExp): Promise<void> {
    const media = zip.entries
      .filter((e) => !e.directory && !e.encrypted && names.test(e.name) && e.uncompressedSize <= QR_MAX_FILE_BYTES)
      .sort((a, b) => a.uncompressedSize - b.uncompressedSize)
      .slice(0, OFFICE_MAX_ENTRIES);
    let budget = OFFICE_PICTURE_BYTES;
    let kept = 0;
    for (const entry of media) {
      if (entry.uncompressedSize > budget || kept >= OFFICE_MAX_PICTURES) break;
      let data: Buffer;
      try {
        data = await zip.read(entry, entry.uncompressedSize);
      } catch {
        continue; // a picture that cannot be read is no QR code to read
      }
      budget -= data.length;
      const info = imageInfo(data);
      if (!info || !sizeAllowed(info)) continue;
      kept++;
      this.pictures.push({ item: memberItem(item, entry.name, data), office: true });
    }
  }

  /**
   * A OneNote section: its embedded files are reported when one runs code or holds other files
   * (onenote.ts), and each is walked like an archive member (same entry, byte and depth limits).
   */
  private async onenote(item: FileItem, out: Observation[]): Promise<void> {
    const { limits } = this.deps;
    const bytes = await item.bytes();
    const files = oneNoteFiles(bytes);
    if (files.length === 0) return;
    const kinds: EmbeddedKind[] = [];
    for (const data of files) kinds.push(embeddedKind(data, (await sniffType(data.subarray(0, SNIFF_BYTES)))?.ext));
    out.push(...oneNoteObservations(kinds, oneNoteFileNames(bytes)));
    if (!this.canOpen(item, out)) return;
    for (let i = 0; i < files.length; i++) {
      const name = `embedded file ${i + 1}`;
      const member = this.nextEntry(item, name);
      if (!member) return;
      if (this.bytesOut + files[i]!.length > limits.archiveMaxTotalBytes) {
        this.stop(member, `OneNote section holds more than ${limits.archiveMaxTotalBytes} bytes of files`, 'total-bytes');
        return;
      }
      await this.walkMember(item, name, files[i]!);
    }
  }

  /** False (with a finding) when opening this archive would go deeper than archiveMaxDepth. */
  private canOpen(item: FileItem, out: Observation[]): boolean {
    const max = this.deps.limits.archiveMaxDepth;
    if (item.archiveDepth + 1 <= max) return true;
    out.push({ kind: 'attachment.archive-limit', detail: `archive nested deeper than ${max} levels; not opened`, tags: ['depth'] });
    return false;
  }

  /** Counts one more archive entry; undefined when the walk has stopped or the entry limit is crossed. */
  private nextEntry(parent: FileItem, name: string): Where | undefined {
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
  private nameOnly(member: Where, name: string): void {
    const info = analyseName(name);
    this.note(member, [...nameObservations(info), ...typeObservations(info, '', undefined)]);
  }

  private async walkMember(parent: FileItem, name: string, data: Buffer): Promise<void> {
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
      trueType: this.trueTypes.get(item)?.trueType,
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
    this.note(item, ownObservations(item, { trueType: record.trueType }), { own: true });
    const to: Where = { attachmentId: item.attachmentId, path: item.path };
    this.pdfLinks.push(...record.pdfLinks.map((l) => rebaseWhere(l, record.path, to.path, to.attachmentId)));
    this.officeLinks.push(...record.officeLinks.map((l) => rebaseWhere(l, record.path, to.path, to.attachmentId)));
    this.pdfLures.push(...record.pdfLures.map((l) => rebaseWhere(l, record.path, to.path, to.attachmentId)));
    this.replays.push({ record, to, into: [...this.recording] });
    return true;
  }

  private stop(member: Where, detail: string, tag: string): void {
    this.stopped = true;
    this.note(member, [{ kind: 'attachment.archive-limit', detail: `${detail}; stopped reading`, tags: [tag] }]);
  }
}

/** A new reading of a PDF: in place from its file when it is kept in one, else its bytes or a new stream of them. */
function pdfSource(item: FileItem): PdfSource {
  return () => (item.readAt ? { readAt: item.readAt } : item.clamdInput());
}

export function memberItem(parent: FileItem, name: string, data: Buffer): FileItem {
  return {
    attachmentId: parent.attachmentId,
    path: [...parent.path, name],
    name,
    declaredType: '',
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    archiveDepth: parent.archiveDepth + 1,
    head: async (n) => data.subarray(0, n),
    bytes: async () => data,
    clamdInput: () => data,
  };
}

const inflateRawAsync = promisify(inflateRaw);

/** Zip entries listed at least, whatever is left of the entry limit, so that a document is seen whole (zip). */
const DOCUMENT_MAX_PARTS = 10_000;
/** The member path segments under which a hidden archive's entries are walked (hiddenArchive). */
const SELF_EXTRACTING = '(self-extracting)';
const BEHIND_STUB = '(behind a stub)';
/** True types inspect() opens as archives itself (besides the zip family, 7-Zip's and disk images). */
const WALKED_ARCHIVES: ReadonlySet<string> = new Set(['gz', 'tar', 'tnef']);
/** The member name of the document inside a password-encrypted one ("invoice.xlsx → decrypted"). */
const DECRYPTED = 'decrypted';
/** Without the message (no candidates): only the default password is tried. */
const NO_PASSWORDS = (): PasswordCandidates => ({ list: [], fromMessage: new Set(), announced: false });

/** Pictures of an OOXML document read for QR codes (officePictures). */
const OFFICE_MEDIA = /^(?:word|xl|ppt)\/media\/[^/]+\.(?:png|jpe?g|gif)$/i;
/** Pictures of an OpenDocument (odt, ods, odp and their templates) read for QR codes. */
const ODF_PICTURES = /^Pictures\/[^/]+$/;
const OFFICE_MAX_PICTURES = QR_MAX_IMAGES; // the QR reader decodes no more per message
/** Picture entries inflated per document at most (smallest first), whether in the size window or not. */
const OFFICE_MAX_ENTRIES = 64;
const OFFICE_PICTURE_BYTES = 16 * 1024 * 1024;

/** Member pictures (of archives) kept for the QR reader per attachment at most: what it looks at per message (read.ts). */
const MEMBER_MAX_PICTURES = QR_MAX_SOURCES;
const MEMBER_PICTURE_BYTES = 16 * 1024 * 1024;

/** True types whose pictures the QR reader decodes. */
const QR_PICTURE_TYPES: ReadonlySet<string> = new Set(['png', 'jpg', 'gif']);

const TAR_SPECIAL: Partial<Record<TarEntry['type'], string>> = {
  symlink: 'symbolic link',
  hardlink: 'hard link',
  device: 'device file',
  fifo: 'named pipe',
};
