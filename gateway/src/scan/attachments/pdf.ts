import { promisify } from 'node:util';
import { constants as zlibConstants, inflate } from 'node:zlib';
import type { Observation } from './checks.js';
import { openEncryption, type PdfEncryption } from './pdf-crypt.js';
import { MAX_CANDIDATES, notOpened, openedBy, type PasswordCandidates } from './passwords.js';
import { mayBeLure, pageText, pdfLayout, type PdfLayout } from './pdf-layout.js';
import { readPdfWindows, PDF_MAX_KEPT_CHARS, PDF_MAX_SCAN_BYTES, type PdfInput, type PdfWindowListener } from './pdf-windows.js';
import { largePdfEmbedded, type PlacedEmbeddedFile } from './pdf-large-embedded.js';
import { createLimiter } from '../../limiter.js';
import {
  decodeName,
  isFlateObjectStream,
  NAME_RE,
  objectStreamMembers,
  parseValues,
  readStringAt,
  segments,
  splitStreamsBytes,
  textOf,
  type PdfDict,
  type PdfValue,
  type RawStream,
  type Segment,
} from './pdf-syntax.js';

/**
 * What a PDF can do when opened, read from its own structure without a full PDF parser:
 *  - active content, by the PDF names that switch it on (`/JavaScript`, `/Launch`, `/OpenAction`,
 *    ...), with `#xx` escapes in names decoded first (`/J#61vaScript` is `/JavaScript`), in the
 *    file's dictionaries and in its FlateDecode object streams (PDF 1.5 keeps dictionaries there,
 *    compressed, which is where malicious PDFs hide them);
 *  - the `/URI` targets of link actions (literal or hex strings, or indirect objects holding them:
 *    `/URI 12 0 R`), for the URL checks;
 *  - the targets of /Launch, /GoToR, /GoToE, /ImportData and /SubmitForm actions (a string, a file
 *    specification, or either by reference): web addresses among them go to the URL checks too,
 *    and a target on another machine's share (`\\server\share\…`) is tagged;
 *  - encryption: a PDF that opens without a password (permissions only: the common case) is
 *    decrypted and read like any other (pdf-crypt.ts); one that needs a password gets the message's
 *    passwords and the common ones (passwords.ts), as zip, 7z and Office files do: one that opens is
 *    read like any other too, one that does not is reported.
 *
 * References are followed only within the objects already read (plain objects and object streams),
 * at most MAX_LOOKUPS per PDF and MAX_CHAIN deep, each object resolved once (no cycles).
 *
 * Bounded: a PDF of at most PDF_MAX_BYTES is read whole; a bigger one in windows (pdf-windows.ts:
 * the head, then the rest up to PDF_MAX_SCAN_BYTES, always the last window; what was not read is
 * reported, tag 'partly-read'); object streams are inflated within a total
 * budget and a per-stream ratio (the archive limits). Never throws on a broken PDF: whatever could
 * be read is reported, the rest is simply not seen. Stream data that is not an object stream
 * (pictures, fonts, page text) is skipped, so random bytes in a picture never read as a name.
 */

export type PdfActive = 'javascript' | 'launch' | 'auto-action' | 'embedded-file' | 'submit-form' | 'xfa' | 'rich-media';

export type PdfTargetAction = 'launch' | 'goto-remote' | 'goto-embedded' | 'import-data' | 'submit-form';

export interface PdfTarget {
  action: PdfTargetAction;
  /** The file or address the action opens or sends to, as written (decoded from its string syntax). */
  target: string;
}

export interface PdfReport {
  /** What was found, in a stable order. */
  active: PdfActive[];
  /** /URI targets, and action targets that are web addresses, at most PDF_MAX_URIS. */
  uris: string[];
  /** Targets of launch, remote go-to, import and submit actions, at most PDF_MAX_TARGETS. */
  targets: PdfTarget[];
  /** Object streams that could not be inflated completely (corrupt, cut at a limit, or encrypted with a password). */
  streamsSkipped: number;
  /**
   * Set for an encrypted PDF: 'readable' when it opens without a password (read like any other),
   * 'password' when it needs one, 'unsupported' for another security handler (certificates) or
   * scheme, 'unknown' when its encryption dictionary lies beyond what was read. Only 'readable'
   * PDFs have their strings and object streams read.
   */
  encryption?: { state: 'readable' | 'password' | 'unsupported' | 'unknown'; method: string; unlock?: PdfUnlock };
  /** Bytes of a big PDF that were not read (between its first windows and its last one); absent when read whole. */
  unreadBytes?: number;
  /** Pages, link boxes and (for a possible one-link lure read whole, unencrypted) text shown: pdf-layout.ts, pdf-lure.ts. */
  layout?: PdfLayout;
}

/**
 * The passwords tried on a PDF that needs one: 'opened' with the tags and words of passwords.ts
 * openedBy (the PDF was then read like any other), or not, with notOpened's and how many were tried.
 */
export type PdfUnlock = { opened: true; tags: string[]; from: string } | { opened: false; tags: string[]; given: string; tried: number; outOfTries?: boolean };

export interface PdfLimits {
  /** Inflated bytes of all object streams together. */
  inflateTotalBytes: number;
  /** Inflated/compressed ratio over which a stream is read only up to RATIO_MIN_BYTES. */
  inflateMaxRatio: number;
  /** The message's password candidates (passwords.ts), asked for only when the PDF needs a password. */
  passwords?: () => PasswordCandidates;
  /** The message's password tries on PDFs (one per message, shared by its PDFs); without it, PDF_MESSAGE_MAX_TRIES for this PDF. */
  passwordTries?: PdfTryBudget;
}

/**
 * Password tries on the PDFs of one message, over all its attachments: a PDF gets the candidates
 * each once (at most MAX_CANDIDATES, 20), but a zip of a thousand locked AES-256 PDFs would
 * otherwise cost a thousand times that (~30 s of the event loop). Five PDFs' worth: ~0.1 s on
 * average (see PdfReader.tryPasswords). A PDF still locked when they run out is reported as not opened.
 */
export const PDF_MESSAGE_MAX_TRIES = 5 * MAX_CANDIDATES;

/**
 * Bytes of decrypted copies (pdf-decrypted.ts) made for a whole message's PDFs, two 4 MB PDFs'
 * worth. CPU: RC4 runs in JavaScript (~60 MB/s on the 2-core test machine; OpenSSL 3 has no RC4 by
 * default), ~0.15 s at worst; AES (native) costs a fraction of it. Memory: a copy is held until
 * clamd and the QR reader are done with it, beside the file itself.
 */
export const PDF_MESSAGE_COPY_BYTES = 8 * 1024 * 1024;

/** The password tries left for a whole message's PDFs, and the bytes of decrypted copies. */
export class PdfTryBudget {
  left = PDF_MESSAGE_MAX_TRIES;
  copyBytes = PDF_MESSAGE_COPY_BYTES;
}

/**
 * Bytes of a PDF read in memory at once, as HTML_MAX_BYTES: twenty 25 MB messages at once must stay
 * within the memory target. A smaller PDF is read whole; a bigger one window by window of this size
 * (inspectLargePdf, up to PDF_MAX_SCAN_BYTES), so a link in the tail of a picture-padded PDF is seen.
 */
export const PDF_MAX_BYTES = 4 * 1024 * 1024;
/** Inflated object-stream bytes per PDF at most (less when the archive budget is smaller). */
export const PDF_MAX_INFLATE = 32 * 1024 * 1024;
/** /URI targets kept per PDF. */
export const PDF_MAX_URIS = 200;
/** Action targets kept per PDF. */
export const PDF_MAX_TARGETS = 50;
/** References followed per PDF at most, and how many in a row (a reference to a reference ...). */
export const PDF_MAX_LOOKUPS = 1000;
const MAX_CHAIN = 8;
/** Object streams inflated per PDF at most. */
const MAX_OBJECT_STREAMS = 2000;
/** Objects read out of one object stream at most. */
const MAX_STREAM_MEMBERS = 10_000;
/** Outputs smaller than this are not held to the ratio (as archive entries: walk-base.ts RATIO_MIN_BYTES). */
const RATIO_MIN_BYTES = 1024 * 1024;
/** A string longer than this is not a URL worth checking. */
const MAX_URI_CHARS = 8192;

const NAMES: Readonly<Record<string, PdfActive>> = {
  JavaScript: 'javascript',
  JS: 'javascript',
  Launch: 'launch',
  OpenAction: 'auto-action',
  AA: 'auto-action',
  EmbeddedFile: 'embedded-file',
  EmbeddedFiles: 'embedded-file',
  FileAttachment: 'embedded-file',
  SubmitForm: 'submit-form',
  XFA: 'xfa',
  RichMedia: 'rich-media',
};
const ORDER: readonly PdfActive[] = ['javascript', 'launch', 'auto-action', 'embedded-file', 'submit-form', 'xfa', 'rich-media'];

/** Actions (/S) whose target we read, and how the report names them. */
const TARGET_ACTIONS: Readonly<Record<string, PdfTargetAction>> = {
  Launch: 'launch',
  GoToR: 'goto-remote',
  GoToE: 'goto-embedded',
  ImportData: 'import-data',
  SubmitForm: 'submit-form',
};
/** Keys of a file specification, most telling first; /Win, /Unix, /Mac: a launch action's per-system file. */
const FILE_KEYS = ['UF', 'F', 'Unix', 'DOS', 'Mac', 'Win'] as const;

const inflateAsync = promisify(inflate);
const MB = 1024 * 1024;

/** True when the bytes start like a PDF (readers accept the header anywhere in the first 1 KB). */
export function looksLikePdf(head: Buffer): boolean {
  return head.subarray(0, 1024).includes('%PDF-');
}

/** An object we can look up by number: its text, and whose key its strings are encrypted with. */
interface PdfObject {
  text: string;
  pos: number;
  /** Number and generation of a plain object (its strings are encrypted in an encrypted file); none for object-stream members. */
  own?: { num: number; gen: number };
}

/** Inspects a PDF held in memory (at most PDF_MAX_BYTES of it: see inspectLargePdf for bigger ones). Never throws. */
export async function inspectPdf(bytes: Buffer, limits: PdfLimits): Promise<PdfReport> {
  const head = bytes.subarray(0, PDF_MAX_BYTES);
  const { outside, streams } = splitStreamsBytes(head, isFlateObjectStream);
  const report = await inspectParts(outside, streams, limits);
  // the text of its pages only for a PDF that may be a one-link lure (one page, a link or three)
  if (report.layout && !report.encryption && mayBeLure(report.layout)) report.layout.textChars = await pageText(head, report.layout.type0Fonts);
  return report;
}

/**
 * Inspects a PDF of `size` bytes, of any size, from its bytes or a stream of them, read once front
 * to back in windows (pdf-windows.ts), never more than a window or two in memory. `head` is its first
 * window (for the picture reader); `onWindow` sees every window as it is read (pdf-windows.ts
 * PdfWindowListener). Never throws on a broken PDF; a stream that fails does.
 */
/**
 * Big PDFs are read one at a time per process: every window leaves a few MB of buffers and strings
 * behind, and several big PDFs read at once (20 clients each sending a scanned 25 MB file) took the
 * gateway's peak memory from ~210 to ~350 MB (one at a time, read in place: ~215). Reading one costs
 * tens of milliseconds, so the wait is short.
 */
const largePdfTurn = createLimiter(1);

export async function inspectLargePdf(
  input: PdfInput,
  size: number,
  limits: PdfLimits,
  onWindow?: PdfWindowListener,
  keepHead = true,
): Promise<PdfReport & { head: Buffer; embedded: PlacedEmbeddedFile[] }> {
  const read = await largePdfTurn(() => readPdfWindows(input, size, onWindow, keepHead));
  const report = await inspectParts(read.outside, read.streams, limits);
  if (read.unread > 0) report.unreadBytes = read.unread;
  // where its embedded files lie, for the walk to read them one by one (pdf-large-embedded.ts; not an encrypted PDF's)
  const embedded = report.active.includes('embedded-file') && !report.encryption ? largePdfEmbedded(read.outside, read.streams, read.places) : [];
  const large = { ...report, head: read.head, embedded };
  const password = passwords.get(report);
  if (password !== undefined) passwords.set(large, password);
  return large;
}

/** The key that opened each encrypted report's PDF (kept beside the report, not in it: reports are compared and logged). */
const decryptions = new WeakMap<PdfReport, Extract<PdfEncryption, { state: 'readable' }>>();

/**
 * What decrypts the streams and strings of a PDF inspectPdf read encrypted and could open (with no
 * password or one of the message's), for its decrypted copy (pdf-decrypted.ts); undefined otherwise.
 */
export function pdfDecryption(report: PdfReport): Extract<PdfEncryption, { state: 'readable' }> | undefined {
  return decryptions.get(report);
}

/** The password that opened each report's PDF, when one did (beside the report, as its key). */
const passwords = new WeakMap<PdfReport, string>();

/**
 * The password (the message's, a common one or one shown in a picture) that opened the PDF of
 * `report`, for the PDF text step (pdf-text/archive-pdfs.ts): undefined for a PDF that needed none
 * or stayed locked.
 */
export function pdfPassword(report: PdfReport): string | undefined {
  return passwords.get(report);
}

async function inspectParts(outside: string, streams: RawStream[], limits: PdfLimits): Promise<PdfReport> {
  const reader = new PdfReader();
  const plain = segments(outside);
  for (const seg of plain) reader.add(seg);

  const encryption = reader.encryption(plain, limits.passwords && { candidates: limits.passwords, budget: limits.passwordTries ?? new PdfTryBudget() });
  const report: PdfReport = { active: [], uris: [], targets: [], streamsSkipped: 0 };
  if (encryption) report.encryption = { state: encryption.state, method: encryption.method, ...(reader.unlock && { unlock: reader.unlock }) };
  if (reader.crypt?.state === 'readable') decryptions.set(report, reader.crypt);
  if (reader.password !== undefined) passwords.set(report, reader.password);

  let budget = Math.min(limits.inflateTotalBytes, PDF_MAX_INFLATE);
  const members: Segment[] = [];
  for (const s of streams.slice(0, MAX_OBJECT_STREAMS)) {
    const crypt = reader.crypt;
    let data: Buffer | undefined = Buffer.from(s.data, 'latin1');
    if (crypt && crypt.state !== 'readable') data = undefined; // encrypted with a password: unreadable
    else if (crypt?.state === 'readable') data = s.num === undefined ? undefined : crypt.decryptStream(data, s.num, s.gen ?? 0);
    if (budget <= 0 || !data) {
      report.streamsSkipped++;
      continue;
    }
    const ratioCap = Math.max(RATIO_MIN_BYTES, data.length * limits.inflateMaxRatio);
    const out = await inflateCapped(data, Math.min(budget, ratioCap));
    if (!out.complete) report.streamsSkipped++;
    budget -= out.data.length;
    const inflated = out.data.toString('latin1');
    const objects = objectStreamMembers(inflated, s.dict, MAX_STREAM_MEMBERS);
    // a stream without a readable header is still read as a whole (its names and strings count)
    const found = objects.length > 0 ? objects.map((o) => ({ text: o.text, pos: s.pos, num: o.num })) : [{ text: inflated, pos: s.pos }];
    for (const seg of found) {
      reader.add(seg, false);
      members.push(seg);
    }
  }

  for (const seg of plain) reader.read(seg, report, true);
  for (const seg of members) reader.read(seg, report, false);
  report.active = ORDER.filter((a) => reader.active.has(a));
  report.layout = pdfLayout([...plain, ...members]);
  return report;
}

/**
 * What the walk reports about a PDF:
 *  - 'attachment.pdf-active' when pdfIsActive, with the action targets in its detail;
 *  - 'attachment.partly-read' (tag pdf) when part of a big PDF was not read, on its own or beside
 *    the others (then also their tag 'partly-read');
 *  - 'attachment.encrypted' (tags pdf, password|unsupported) when it is encrypted and cannot be
 *    opened without a password (or by another security handler than the standard one): its strings
 *    and object streams were not read; with 'not-opened', 'password-in-message' when the message
 *    gives a password that does not open it (passwords.ts notOpened). A PDF that opens without a
 *    password (permissions only: the common case, many a day in a province's mail) was read in full
 *    and gets no finding for it; one opened with a password given in the message or a common one
 *    was read in full too, and is 'attachment.encrypted' (tags pdf, opened, and openedBy's), as zip,
 *    7z and Office files opened that way.
 */
export function pdfObservations(report: PdfReport): Observation[] {
  const out: Observation[] = [];
  if (pdfIsActive(report)) {
    const what: string[] = [...report.active];
    if (report.targets.some((t) => isUncPath(t.target))) what.push('an action opening a network share');
    const targets = report.targets.length > 0 ? `; ${report.targets.slice(0, 5).map((t) => `${t.action} → ${t.target.slice(0, 200)}`).join(', ')}` : '';
    const unread = report.streamsSkipped > 0 ? ` (${report.streamsSkipped} object streams not fully read)` : '';
    const enc = report.encryption?.state !== 'readable' ? '' : report.encryption.unlock?.opened ? ` (encrypted, ${report.encryption.method}, opened with ${report.encryption.unlock.from})` : ` (encrypted, ${report.encryption.method}, opens without a password)`;
    const part = report.unreadBytes ? ` (${report.unreadBytes} bytes in the middle of the file not read)` : '';
    out.push({ kind: 'attachment.pdf-active', detail: `PDF with ${what.join(', ')}${targets}${unread}${enc}${part}`, tags: pdfTags(report) });
  }
  const enc = report.encryption;
  if (enc?.unlock?.opened) {
    out.push({ kind: 'attachment.encrypted', detail: `PDF needs a password to open (${enc.method}), opened with ${enc.unlock.from}: checked like any other`, tags: ['pdf', 'opened', ...enc.unlock.tags] });
  } else if (enc && (enc.state === 'password' || enc.state === 'unsupported')) {
    const how = enc.state === 'password' ? `needs a password to open (${enc.method})` : `is encrypted by the ${enc.method} handler (certificates or unknown scheme)`;
    const locked = enc.unlock && !enc.unlock.opened ? enc.unlock : undefined;
    const why = !locked ? '' : locked.outOfTries ? `the message's password tries ran out after ${locked.tried}` : locked.tried > 0 ? `none of ${locked.tried} candidate passwords opens it` : '';
    const tried = locked && why ? `; ${locked.given}${why}` : '';
    out.push({ kind: 'attachment.encrypted', detail: `PDF ${how}${tried}: its links and compressed objects cannot be checked`, tags: ['pdf', enc.state, ...(locked?.tags ?? [])] });
  }
  if (report.unreadBytes) {
    // always, whatever else was found: what lies in the unread bytes was not checked (informational)
    out.push({
      kind: 'attachment.partly-read',
      detail: `PDF read in part: ${report.unreadBytes} bytes not read (beyond the read limits: ${PDF_MAX_SCAN_BYTES / MB} MB of a PDF, its first windows and its last one, and ${PDF_MAX_KEPT_CHARS / MB} MB of object text); links, actions and pictures there were not checked`,
      tags: ['pdf'],
    });
  }
  return out;
}

/**
 * The tags of a finding: what was found, 'javascript-on-open' when scripts run on opening,
 * 'unc-target', 'encrypted', 'partly-read' when part of a big PDF was not read.
 */
export function pdfTags(report: PdfReport): string[] {
  const tags: string[] = [...report.active];
  if (report.active.includes('javascript') && report.active.includes('auto-action')) tags.push('javascript-on-open');
  if (report.targets.some((t) => isUncPath(t.target))) tags.push('unc-target');
  if (report.encryption) tags.push('encrypted');
  if (report.unreadBytes) tags.push('partly-read');
  return tags;
}

/**
 * A report worth a finding: anything active except an automatic action alone (an /OpenAction that
 * only opens page 1 at a zoom level is in countless harmless PDFs), or an action opening a file on
 * another machine's share (opening it sends the user's Windows credentials there).
 */
export function pdfIsActive(report: PdfReport): boolean {
  return report.active.some((a) => a !== 'auto-action') || report.targets.some((t) => isUncPath(t.target));
}

/** `\\server\share\…` or `//server/share/…` (how a file specification writes a network path). */
export function isUncPath(target: string): boolean {
  return /^(?:\\\\|\/\/)[^\\/\s]+[\\/]/.test(target);
}

function isWebAddress(target: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i.test(target);
}

/** The objects of one PDF, what they hold, and the references between them. */
class PdfReader {
  readonly active = new Set<PdfActive>();
  private readonly objects = new Map<number, PdfObject>();
  /** What each object resolved to as a file or address (null: nothing), so each is resolved once. */
  private readonly resolved = new Map<number, string | null>();
  private lookups = 0;
  /** The file's encryption when it has a readable /Encrypt dictionary. */
  crypt: PdfEncryption | undefined;
  /** The passwords tried, when it needed one and the caller gave candidates. */
  unlock: PdfUnlock | undefined;
  /** The password that opened it, when one did (pdfPassword). */
  password: string | undefined;

  /** Records an object (a later definition replaces an earlier one, as an incremental update does). */
  add(seg: Segment, plain = true): void {
    if (seg.num === undefined) return;
    const known = this.objects.get(seg.num);
    if (known && known.pos > seg.pos) return;
    const o: PdfObject = { text: seg.text, pos: seg.pos };
    if (plain) o.own = { num: seg.num, gen: seg.gen ?? 0 };
    this.objects.set(seg.num, o);
  }

  /**
   * The file's encryption, from the /Encrypt entry of its trailer (or cross-reference stream)
   * dictionary, the last one in the file; undefined when it is not encrypted. An /Encrypt entry
   * whose dictionary is not among the objects read is 'unknown', and the file is read as if it were
   * not encrypted (garbage strings check as nothing; a reader that cannot find the dictionary
   * either shows the strings as written). One that needs a password gets the candidates (tryPasswords).
   */
  encryption(plain: Segment[], passwords?: { candidates: () => PasswordCandidates; budget: PdfTryBudget }): PdfEncryption | { state: 'unknown'; method: string } | undefined {
    let found: { enc: PdfValue; id: PdfValue | undefined } | undefined;
    for (const seg of plain) {
      if (!hasName(seg.text, 'Encrypt')) continue;
      parseValues(seg.text, (d, keyword) => {
        const enc = d.m.get('Encrypt');
        const type = d.m.get('Type');
        const xref = type?.t === 'name' && type.v === 'XRef';
        if (enc && (keyword === 'trailer' || (xref && seg.num !== undefined))) found = { enc, id: d.m.get('ID') };
      });
    }
    if (!found) return undefined;
    let enc = found.enc;
    if (enc.t === 'ref') enc = this.value(enc.n) ?? enc;
    if (enc.t !== 'dict') return { state: 'unknown', method: 'unknown' };
    const id0 = found.id?.t === 'arr' && found.id.a[0]?.t === 'str' ? found.id.a[0].s : '';
    this.crypt = openEncryption(enc, id0);
    if (this.crypt.state === 'password' && passwords) this.tryPasswords(enc, id0, passwords.candidates(), passwords.budget);
    return this.crypt;
  }

  /**
   * The message's candidates then the common ones, in passwords.ts's order, each once, at most
   * MAX_CANDIDATES (20), while the message's tries last. A try is cheap: revisions 2–4 hash 51 MD5s
   * per key length tried (one to three); revision 5 one SHA-256; revision 6 (AES-256) runs Algorithm
   * 2.B, 64 to 288 rounds of AES + SHA-2 over 64 × (password + 32–64) bytes: measured 1.3 ms a try
   * on average, 5 ms at the 99th percentile (2,000 tries of 6–25 byte passwords; 2 ms on average for
   * 127 bytes), on the 2-core test machine with other work running. 20 tries: ~25 ms, ~0.1 s at worst.
   */
  private tryPasswords(enc: PdfDict, id0: string, candidates: PasswordCandidates, budget: PdfTryBudget): void {
    const order = candidates.list.filter((p) => p !== '').slice(0, MAX_CANDIDATES);
    let tried = 0;
    for (const password of order) {
      if (budget.left <= 0) break;
      budget.left--;
      tried++;
      const opened = openEncryption(enc, id0, password);
      if (opened.state !== 'readable') continue;
      this.crypt = opened;
      this.unlock = { opened: true, ...openedBy(candidates, password) };
      this.password = password;
      return;
    }
    this.unlock = { opened: false, ...notOpened(candidates), tried, ...(tried < order.length && { outOfTries: true }) };
  }

  /** Active names, /URI targets and action targets of one segment (`plain`: not from an object stream). */
  read(seg: Segment, report: PdfReport, plain: boolean): void {
    const owner = plain && seg.num !== undefined ? { num: seg.num, gen: seg.gen ?? 0 } : undefined;
    let links = false;
    // What the string reads below may look at: strings that never end ("/URI ( /URI ( ...") would
    // otherwise make this quadratic. Honest strings take a fraction of it; the parser sees the rest.
    let budget = 2 * seg.text.length;
    NAME_RE.lastIndex = 0;
    for (let m = NAME_RE.exec(seg.text); m; m = NAME_RE.exec(seg.text)) {
      const name = decodeName(m[1]!);
      const active = NAMES[name];
      if (active) this.active.add(active);
      if (name in TARGET_ACTIONS) links = true;
      if (name === 'URI') {
        links = true;
        if (budget <= 0) continue;
        // the string right after the name: found whatever the structure around it
        const at = NAME_RE.lastIndex;
        const s = readStringAt(seg.text, at, MAX_URI_CHARS * 4);
        budget -= (s ? s.end : Math.min(seg.text.length, at + MAX_URI_CHARS * 4)) - at;
        if (s) {
          NAME_RE.lastIndex = s.end;
          this.addUri(report, this.decode(s.value, owner));
        }
      }
    }
    if (!links) return;
    parseValues(seg.text, (d) => this.action(d, owner, report));
  }

  /** A link or action dictionary: its /URI when given by reference, the target of a file action. */
  private action(d: PdfDict, owner: PdfObject['own'], report: PdfReport): void {
    const uri = d.m.get('URI');
    if (uri?.t === 'ref') this.addUri(report, this.target(uri, owner, 0));
    const s = d.m.get('S');
    const action = s?.t === 'name' ? TARGET_ACTIONS[s.v] : undefined;
    if (!action) return;
    let target: string | undefined;
    for (const key of action === 'launch' ? FILE_KEYS : (['F'] as const)) {
      target = this.target(d.m.get(key), owner, 0);
      if (target) break;
    }
    if (!target) return;
    target = target.trim();
    if (report.targets.length < PDF_MAX_TARGETS && !report.targets.some((t) => t.action === action && t.target === target)) {
      report.targets.push({ action, target });
    }
    if (isWebAddress(target)) this.addUri(report, target);
  }

  /** A file or address: a string, a file specification dictionary, or a reference to either. */
  private target(v: PdfValue | undefined, owner: PdfObject['own'], depth: number): string | undefined {
    if (!v || depth > MAX_CHAIN) return undefined;
    if (v.t === 'str') return this.decode(v.s, owner);
    if (v.t === 'dict') {
      for (const key of FILE_KEYS) {
        const t = this.target(v.m.get(key), owner, depth + 1);
        if (t) return t;
      }
      return undefined;
    }
    if (v.t !== 'ref') return undefined;
    const known = this.resolved.get(v.n);
    if (known !== undefined) return known ?? undefined;
    this.resolved.set(v.n, null); // a cycle back here finds nothing
    const value = this.value(v.n);
    const o = this.objects.get(v.n);
    const t = value ? this.target(value, o?.own, depth + 1) : undefined;
    this.resolved.set(v.n, t ?? null);
    return t;
  }

  /** The value of object `num` (its first value), within the lookup budget. */
  private value(num: number): PdfValue | undefined {
    const o = this.objects.get(num);
    if (!o || this.lookups >= PDF_MAX_LOOKUPS) return undefined;
    this.lookups++;
    return parseValues(o.text, undefined, 1)[0];
  }

  /** A string as text: decrypted with its object's key in an encrypted file (undefined when it cannot be). */
  private decode(s: string, owner: PdfObject['own']): string | undefined {
    let bytes: string | undefined = s;
    if (this.crypt && owner) bytes = this.crypt.state === 'readable' ? this.crypt.decryptString(s, owner.num, owner.gen) : undefined;
    return bytes === undefined ? undefined : textOf(bytes);
  }

  private addUri(report: PdfReport, raw: string | undefined): void {
    const uri = raw?.trim();
    if (uri && uri.length <= MAX_URI_CHARS && report.uris.length < PDF_MAX_URIS && !report.uris.includes(uri)) report.uris.push(uri);
  }
}

/** Does the text hold this name (also written with #xx escapes)? */
function hasName(text: string, name: string): boolean {
  if (text.includes(`/${name}`)) return true;
  if (!text.includes('#')) return false;
  NAME_RE.lastIndex = 0;
  for (let m = NAME_RE.exec(text); m; m = NAME_RE.exec(text)) if (decodeName(m[1]!) === name) return true;
  return false;
}

/**
 * Inflates at most `cap` bytes. A stream that would inflate past it is read only up to what an
 * input prefix can give within the cap (deflate gives at most ~1032 bytes per input byte), so
 * a bomb is never inflated, yet its start is still read. A truncated stream gives what it had.
 */
async function inflateCapped(data: Buffer, cap: number): Promise<{ data: Buffer; complete: boolean }> {
  const opts = { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, cap) };
  try {
    return { data: await inflateAsync(data, opts), complete: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') return { data: Buffer.alloc(0), complete: false };
  }
  try {
    const prefix = data.subarray(0, Math.floor(cap / 1100));
    return { data: await inflateAsync(prefix, opts), complete: false };
  } catch {
    return { data: Buffer.alloc(0), complete: false };
  }
}
