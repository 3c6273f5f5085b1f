/**
 * What every part of the attachment walk shares (walk.ts and the walk-*.ts modules): the file the
 * walk inspects (FileItem), its dependencies and the message's password budgets, member items,
 * and `Walk`, the part of AttachmentWalk the per-format modules call back into (counters, limits,
 * notes, walking a member). The per-format modules import it, never walk.ts, so the imports run one
 * way: walk.ts → walk-*.ts → walk-base.ts.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { TrueType } from '../../parse/types.js';
import type { ScanLimits } from '../../config/types.js';
import type { Limiter } from '../../limiter.js';
import type { Observation } from './checks.js';
import type { ClamdClient } from './clamd.js';
import type { HashIndex } from './hashes.js';
import { PdfTryBudget } from './pdf.js';
import type { DocumentLinks } from './document-links.js';
import type { PdfLureCandidate } from './pdf-lure.js';
import { ZipMessageBudget, type EncryptedEntries } from './encrypted-zip.js';
import { MESSAGE_SEVENZIP_MAX_TRIES, TryBudget } from './archive-passwords.js';
import type { SevenZipGate } from './seven-zip-thread.js';
import type { ArchivePdfs } from '../pdf-text/archive-pdfs.js';
import type { PasswordCandidates } from './passwords.js';
import { RoundBudget, type EncryptedDocuments } from './encrypted-office.js';
import type { MemberRecord } from './duplicates.js';
import type { OpenedZip, ZipEntryInfo } from './zip.js';
import { macAppBundle } from './content-types.js';

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
export type Where = Pick<FileItem, 'attachmentId' | 'path'>;

/** Entries smaller than this are not held to the ratio limit: a few KB of zeros is not a bomb. */
export const RATIO_MIN_BYTES = 1024 * 1024;

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

/** A picture (or a PDF that may hold pictures) kept for the QR reader (scan/qr). */
export interface WalkPicture {
  item: FileItem;
  pdf?: Buffer;
  office?: boolean;
}

/**
 * What the per-format modules (walk-zip.ts, walk-pdf.ts, ...) use of AttachmentWalk (walk.ts): the
 * dependencies and budgets, the limits' counters and checks, notes, clamd, the lists the walk
 * collects, and walkMember to walk what they unpack.
 */
export interface Walk {
  readonly deps: WalkDeps;
  /** The message's (deps.budgets), or this walk's own when it is walked alone. */
  readonly budgets: MessageBudgets;
  /** Archive entries counted so far (archiveMaxEntries). */
  readonly entries: number;
  /** Bytes unpacked or decrypted so far (archiveMaxTotalBytes). */
  bytesOut: number;
  /** True once a limit stopped the walk (stop). */
  readonly stopped: boolean;
  readonly pdfLinks: DocumentLinks[];
  readonly pdfLures: PdfLureCandidate[];
  readonly officeLinks: DocumentLinks[];
  readonly pictures: WalkPicture[];
  /** Member pictures kept for the QR reader so far, and the bytes they may still take (walk-pictures.ts). */
  readonly memberPictures: { count: number; bytes: number };
  /** This attachment's encrypted zip entries' opener (walk-zip.ts), made on the first. */
  encrypted: EncryptedEntries | undefined;
  /** Password tries on the 7z/RAR archives of this attachment (archive-passwords.ts). */
  archiveTries: TryBudget | undefined;
  /** This attachment's password-encrypted Office documents' opener (walk-office.ts), made on the first. */
  documents: EncryptedDocuments | undefined;

  note(item: Where, observations: Observation[], opts?: { own?: boolean; into?: readonly MemberRecord[] }): void;
  queueClamd(item: FileItem): Promise<void>;
  canOpen(item: FileItem, out: Observation[]): boolean;
  nextEntry(parent: FileItem, name: string): Where | undefined;
  nameOnly(member: Where, name: string): void;
  bytesLeft(): number;
  unpackedLimit(member: Where, name: string, bytes: number, ratio: number, say: { ratio: string; budget: string }): 'skip' | 'stop' | undefined;
  pastCap(member: Where, name: string, inputBytes: number, ratioCap: number, room: number, verb: 'inflate' | 'decompress'): void;
  stop(member: Where, detail: string, tag: string): void;
  walkMember(parent: FileItem, name: string, data: Buffer): Promise<void>;
  /** Walks a zip's entries as members (walk-zip.ts zipMembers), for a document's embedded files. */
  members(parent: FileItem, zip: OpenedZip, entries?: readonly ZipEntryInfo[]): Promise<void>;
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

/** The member name of the document inside a password-encrypted one ("invoice.xlsx → decrypted"). */
export const DECRYPTED = 'decrypted';
/** Without the message (no candidates): only the default password is tried. */
export const NO_PASSWORDS = (): PasswordCandidates => ({ list: [], fromMessage: new Set(), announced: false });

/**
 * A macOS app bundle among the entries of a tar, a 7-Zip archive or a disk image (content-types.ts
 * macAppBundle): an attachment.dangerous-type about the bundle's folder ("a.tar → Hoa-don.app"),
 * tagged app. Finder opens the folder as a program with a double-click, whatever the file in
 * Contents/MacOS is (a Mach-O or a shell script). (A zip says it about the zip: walk-zip.ts.)
 */
export function noteAppBundle(walk: Walk, item: FileItem, entryNames: readonly string[]): void {
  const app = macAppBundle(entryNames);
  if (!app) return;
  walk.note({ attachmentId: item.attachmentId, path: [...item.path, app] }, [{ kind: 'attachment.dangerous-type', detail: 'macOS app bundle (Contents/MacOS, Info.plist): opens as a program', tags: ['app'] }]);
}
