import libmime from './libmime.js';
import type { ScanLimits } from '../config/types.js';
import { Base64Check } from './base64-check.js';
import { boundaryReadings } from './boundary-readings.js';
import { declaredNames } from './file-names.js';
import { delimiterKind, mayBeDelimiter } from './mime-tree.js';
import { undecodedCharsets } from './name-readings.js';
import { parseField, type RawField } from './headers.js';
import { ProblemList } from './problems.js';

/**
 * One cheap pass over the raw bytes as they stream to mailparser. It follows the MIME structure
 * the way mailsplit does (the first Content-Type of a part decides; a boundary line is what
 * delimiterKind in mime-tree.ts says, the splitter's own rule, checked against every enclosing
 * multipart) and
 * notes what mailparser quietly repairs: missing or reused boundaries, missing closing boundaries,
 * bad base64, unknown charsets, overlong or too many headers, depth and part limits.
 * It also keeps the top-level header fields, so headers survive a mailparser failure.
 *
 * `write()` returns how many bytes of the chunk the parser should get: when a limit that makes
 * the rest unsafe to walk is crossed (too many parts, too deep), it cuts the input there.
 * message/rfc822 parts are leaves here: they are parsed (and prescanned) on their own.
 *
 * One repair it makes on the way: a multipart/digest member without Content-Type is message/rfc822
 * (RFC 2046 5.1.5), which mailsplit does not know (it reads text/plain). The prescan hands the
 * parser a "Content-Type: message/rfc822" line at the end of that member's header block
 * (takeInsertions), so the member is read as the forwarded message mail clients show.
 */

/** Longest body line kept for the boundary check; mailsplit allows "--" boundary "--" + 998 spaces. */
const BODY_LINE_KEEP = 2048;
/** Content-* fields kept per part header block (only the first of each name is used). */
const MAX_PART_FIELDS = 64;
const KNOWN_ENCODINGS = new Set(['', '7bit', '8bit', 'binary', 'base64', 'quoted-printable']);
/**
 * Encodings mail clients decode when mailsplit does not: 'base64' with something after it (clients
 * read the first word), quoted, or uuencode (Thunderbird decodes it). mailparser passes such a part
 * on still encoded, so its real content (an executable) would never be what the scanner sees.
 */
const DECODED_BY_CLIENTS = new Set(['base64', 'quoted-printable', 'x-uuencode', 'uuencode', 'x-uue', 'uue', 'x-binhex', 'binhex', 'x-yenc', 'yenc']);
/** Parts whose content is not in the message: a fragment to be joined with others, or a reference to fetch. */
const UNREADABLE_TYPES = new Set(['message/partial', 'message/external-body']);
/** Distinct file names remembered per message (fileNames). */
const MAX_NAMED_PARTS = 1000;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
/** The header line given to the parser for a digest member without Content-Type (without its line end). */
const DIGEST_MEMBER_TYPE = Buffer.from('Content-Type: message/rfc822', 'latin1');

/** Bytes the parser gets before byte `at` of the chunk last written (Prescan.takeInsertions). */
export interface Insertion {
  at: number;
  bytes: Buffer;
}

/** Counts shared by a message and the messages nested in it. */
export interface PartBudget {
  parts: number;
}

interface Frame {
  boundary: Buffer;
  sawDelimiter: boolean;
  /** multipart/digest: a part without Content-Type is message/rfc822 (RFC 2046 5.1.5) */
  digest: boolean;
}

const supportedCharsets = new Map<string, boolean>();
/** Whether mailparser (libmime) really decodes this charset; UTF-7 is refused on purpose. */
export function isCharsetSupported(charset: string): boolean {
  const key = charset.toLowerCase().trim();
  let known = supportedCharsets.get(key);
  if (known === undefined) {
    known = libmime.createDecodeStream(key).supported;
    if (supportedCharsets.size < 256) supportedCharsets.set(key, known);
  }
  return known;
}

/**
 * Physical lines (continuations included) of the message's own header block beyond which sender
 * authentication is not run: mailauth joins continuation lines with array splices, quadratic in
 * their number (50,000 lines: 4.6 s; a 25 MB header block would take hours). Real header blocks
 * have a few hundred lines.
 */
export const MAX_TOP_HEADER_LINES = 5000;

export class Prescan {
  readonly problems: ProblemList;
  /** Top-level header fields, at most limits.maxHeaderCount, each cut at maxHeaderLineLength. */
  readonly topFields: RawField[] = [];
  /** True once the input was cut because of a limit. */
  stopped = false;

  readonly #limits: ScanLimits;
  readonly #budget: PartBudget;
  readonly #headKeep: number;
  /** The current line's first bytes: BODY_LINE_KEEP at first, grown up to #headKeep for a long header line. */
  #line: Buffer;
  #kept = 0;
  #lineLen = 0;
  #long = false;
  #seen = 0;

  #mode: 'head' | 'body' = 'head';
  #top = true;
  #afterTopHeader = false;
  #bodyBytes = 0;
  #field: Buffer[] = [];
  #fieldKept = 0;
  #fieldLen = 0;
  #blockFields: RawField[] = [];
  /** The first Content-Type of the current header block as it stood, folds included (boundaryReadings). */
  #rawContentType: string | undefined;
  #blockCount = 0;
  #topLines = 0;
  #stack: Frame[] = [];
  /** Boundaries whose closing delimiter was the last delimiter line: a line opening them again is content to RFC 2046 readers. */
  #closed: Buffer[] = [];
  #base64: Base64Check | undefined;
  /** Current leaf is quoted-printable and its last line ended in a soft line break. */
  #qp = false;
  #qpSoftBreak = false;
  /** Current leaf is text: uuencoded blocks are looked for. */
  #text = false;
  /** Where in the chunk being written the current line starts (for insertions); -1: in an earlier chunk. */
  #lineStart = 0;
  #insertions: Insertion[] = [];

  /**
   * Boundaries other parsers read from a folded boundary parameter (boundary-readings.ts), with the
   * one the gateway splits by: a delimiter line of one of them means readers see other parts.
   */
  #otherReadings: Array<{ boundary: Buffer; used: string }> = [];
  /** Boundaries declared by the messages this one is nested in (message/rfc822 parts). */
  readonly #enclosing: readonly Buffer[];
  /** Every multipart boundary this message declares, for the check inside its nested messages. */
  readonly boundaries: Buffer[] = [];
  /**
   * Parts that give their file more than one name, by the name mailparser reports: every name a mail
   * client might use instead (file-names.ts). Keyed by name, not part number, so it needs no numbering.
   */
  readonly fileNames = new Map<string, Set<string>>();

  constructor(limits: ScanLimits, budget: PartBudget, problems: ProblemList, enclosing: readonly Buffer[] = []) {
    this.#enclosing = enclosing;
    this.#limits = limits;
    this.#budget = budget;
    this.problems = problems;
    this.#headKeep = Math.max(1024, Math.min(limits.maxHeaderLineLength, 1024 * 1024) + 2);
    // from Node's pool; a header line longer than this grows it (#append)
    this.#line = Buffer.allocUnsafe(BODY_LINE_KEEP);
    this.#countPart();
  }

  write(chunk: Buffer): number {
    if (this.stopped) return 0;
    this.#seen += chunk.length;
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(0x0a, pos);
      const end = nl === -1 ? chunk.length : nl + 1;
      const lineStart = this.#lineLen === 0 ? pos : -1;
      this.#append(chunk, pos, end);
      pos = end;
      if (nl !== -1) {
        this.#lineStart = lineStart;
        this.#endLine();
        if (this.stopped) return Math.max(lineStart, 0);
      }
    }
    return chunk.length;
  }

  /**
   * The header lines to hand the parser inside the chunk last written, in order of `at` (an offset
   * in that chunk, before the bytes that `write` let through). Emptied by the call. A line break
   * split across two chunks would put `at` inside it: the caller never ends a chunk with a CR.
   */
  takeInsertions(): Insertion[] {
    const taken = this.#insertions;
    if (taken.length > 0) this.#insertions = [];
    return taken;
  }

  end(): void {
    if (this.stopped) return;
    if (this.#lineLen > 0) this.#endLine();
    if (this.stopped) return;
    if (this.#mode === 'head') {
      this.#finishField();
      // The block never ended, but what it declares still counts: a forwarded message cut off by the
      // outer parser right after its own Content-Type (see checkBoundary) still reuses a boundary.
      const type = this.#contentType(this.#blockFields);
      if (type?.type.startsWith('multipart/') && type.params.boundary) this.#checkBoundary(type.type, type.params);
      if (!this.#afterTopHeader) {
        this.problems.add('no-body', this.#seen === 0 ? 'empty input' : 'no blank line between header and body');
      } else {
        this.problems.add('truncated', 'input ends inside the headers of a part');
      }
    }
    this.#endLeaf();
    for (let i = this.#stack.length - 1; i >= 0; i--) {
      const frame = this.#stack[i]!;
      if (!frame.sawDelimiter) this.problems.add('missing-boundary', `boundary "${frame.boundary.toString('latin1')}" never found in the body`);
      else this.problems.add('truncated', `closing boundary "--${frame.boundary.toString('latin1')}--" missing`);
    }
    if (this.#afterTopHeader && this.#bodyBytes === 0) this.problems.add('no-body', 'the message has an empty body');
  }

  #append(chunk: Buffer, start: number, end: number): void {
    const n = end - start;
    const keep = this.#mode === 'head' ? this.#headKeep : BODY_LINE_KEEP;
    let take = 0;
    if (this.#kept < keep) {
      take = Math.min(n, keep - this.#kept);
      if (this.#kept + take > this.#line.length) this.#grow(this.#kept + take);
      if (take <= SHORT_COPY) {
        // Buffer#copy makes a view of the source for each call: a message of 1.4 million short lines
        // allocated ~130 MB of them
        const line = this.#line;
        for (let i = 0, at = this.#kept; i < take; i++) line[at + i] = chunk[start + i]!;
      } else {
        chunk.copy(this.#line, this.#kept, start, start + take);
      }
      this.#kept += take;
    }
    this.#lineLen += n;
    if (this.#afterTopHeader && this.#mode === 'body') this.#bodyBytes += n;
    if (this.#mode === 'body' && this.#lineLen > BODY_LINE_KEEP) {
      // too long for a boundary line: plain content, checked as it streams
      if (!this.#long) {
        this.#long = true;
        this.#base64?.write(this.#line, 0, this.#kept);
      }
      this.#base64?.write(chunk, start + take, end);
    }
  }

  /** Room for `bytes` bytes of line (at most #headKeep, the most any line keeps), what was kept copied over. */
  #grow(bytes: number): void {
    const line = Buffer.allocUnsafe(Math.min(Math.max(bytes, 2 * this.#line.length), Math.max(this.#headKeep, BODY_LINE_KEEP)));
    this.#line.copy(line, 0, 0, this.#kept);
    this.#line = line;
  }

  #endLine(): void {
    const kept = this.#kept;
    const len = this.#lineLen;
    const long = this.#long || len > kept;
    this.#kept = 0;
    this.#lineLen = 0;
    this.#long = false;
    if (this.#mode === 'body') {
      // A body line that can be no delimiter (most of them) is read where it was kept, without a view
      // of it: one per line was ~180 MB of allocations for a message of 1.4 million short lines.
      if (long) {
        this.#qpSoftBreak = false;
        return;
      }
      const buf = this.#line;
      if (!mayBeDelimiter(buf, kept) && !(this.#stack.length > 0 && innerCr(buf, kept))) return this.#bodyLine(buf, kept);
    }
    this.#lineEnded(this.#line.subarray(0, kept), len, long);
  }

  /**
   * A header line, or a body line that may be a delimiter. A method of its own: the closure in it
   * makes V8 allocate a context on every call, which #endLine's quick path need not pay.
   */
  #lineEnded(line: Buffer, len: number, long: boolean): void {
    const kept = line.length;
    const dashes = !long && mayBeDelimiter(line);
    if (dashes && this.#stack.length > 0) {
      for (let i = this.#stack.length - 1; i >= 0; i--) {
        const kind = delimiterKind(line, this.#stack[i]!.boundary);
        if (!kind) continue;
        // the splitter reads a delimiter here; one with a lone CR in it is read otherwise elsewhere
        this.#checkCrDelimiter(line);
        return this.#delimiter(i, kind, line);
      }
    }
    if (dashes && this.#otherReadings.length > 0) this.#checkOtherReadings(line);
    if (dashes && this.#closed.length > 0 && this.#closed.some((b) => delimiterKind(line, b) === 1)) {
      // after "--b--" the rest is epilogue (RFC 2046); a parser that does not stop there finds more parts
      this.problems.add('ambiguous-boundary', 'a delimiter line after the closing one: epilogue to some parsers, another part to others');
    }
    if (!long && this.#stack.length > 0) this.#checkCrDelimiter(line);
    if (this.#mode === 'head') this.#headLine(line, len);
    else if (!long) this.#bodyLine(line, kept);
    else this.#qpSoftBreak = false;
  }

  /** A body line: its first `kept` bytes of `buf` (the rest of `buf` is an earlier line's). */
  #bodyLine(buf: Buffer, kept: number): void {
    this.#base64?.write(buf, 0, kept);
    if (this.#qp) {
      let end = kept;
      while (end > 0 && (buf[end - 1] === 0x0a || buf[end - 1] === 0x0d || buf[end - 1] === 0x20 || buf[end - 1] === 0x09)) end--;
      this.#qpSoftBreak = end > 0 && buf[end - 1] === 0x3d;
    }
    if (!this.#text || kept === 0) return;
    if (buf[0] === 0x62 && kept >= BEGIN.length && buf.compare(BEGIN, 0, BEGIN.length, 0, BEGIN.length) === 0) {
      const m = /^begin [0-7]{3,4} (\S[^\r\n]*)/.exec(buf.toString('latin1', 0, kept));
      if (m) this.problems.add('uuencode', `uuencoded block "${m[1]!.trimEnd().slice(0, 80)}" in a text part (not extracted)`);
    }
    // Thunderbird shows these blocks in a plain-text part as attachments, as it does uuencode
    if (buf[0] === 0x3d && /^=ybegin .*\bname=/.test(buf.toString('latin1', 0, kept))) {
      this.problems.add('yenc', `yEnc block "${/name=([^\r\n]*)/.exec(buf.toString('latin1', 0, kept))![1]!.trim().slice(0, 80)}" in a text part (not extracted)`);
    }
    if (buf[0] === 0x28 && /^\(This file must be converted with BinHex/i.test(buf.toString('latin1', 0, kept))) {
      this.problems.add('binhex', 'BinHex block in a text part (not extracted)');
    }
  }

  #headLine(line: Buffer, len: number): void {
    const contentEnd = line.length - (line[line.length - 1] === 0x0a ? (line[line.length - 2] === 0x0d ? 2 : 1) : 0);
    if (contentEnd === 0 && len === line.length) {
      this.#finishField();
      if (this.#endHead()) this.#insertions.push({ at: Math.max(this.#lineStart, 0), bytes: Buffer.concat([DIGEST_MEMBER_TYPE, line]) });
      return;
    }
    if (this.#top && ++this.#topLines === MAX_TOP_HEADER_LINES + 1) {
      this.problems.add('too-many-header-lines', `the header block has more than ${MAX_TOP_HEADER_LINES} lines`);
    }
    const content = line.subarray(0, contentEnd);
    if (content.indexOf(0) !== -1) this.problems.add('bad-header', 'NUL byte in a header');
    if (content.indexOf(0x0d) !== -1) this.problems.add('bad-header', 'bare CR in a header (CR-only line endings?)');
    const continuation = (line[0] === 0x20 || line[0] === 0x09) && this.#field.length > 0;
    if (!continuation) {
      this.#finishField();
      this.#blockCount++;
      if (this.#blockCount === this.#limits.maxHeaderCount + 1) {
        this.problems.add('too-many-headers', `more than ${this.#limits.maxHeaderCount} header fields`);
      }
      const mboxFrom = this.#top && this.#blockCount === 1 && content.subarray(0, 5).toString('latin1') === 'From ';
      if (!mboxFrom && content.indexOf(0x3a) === -1) this.problems.add('bad-header', 'header line without a colon');
      if (mboxFrom) this.#blockCount--;
    }
    this.#fieldLen += len;
    if (this.#fieldLen > this.#limits.maxHeaderLineLength) {
      this.problems.add('header-too-long', `a header field is longer than ${this.#limits.maxHeaderLineLength} bytes`);
    }
    const room = this.#headKeep - this.#fieldKept;
    if (room > 0) {
      const piece = Buffer.from(line.subarray(0, Math.min(room, line.length)));
      this.#field.push(piece);
      this.#fieldKept += piece.length;
    }
  }

  #finishField(): void {
    if (this.#field.length === 0) return;
    const raw = Buffer.concat(this.#field, this.#fieldKept);
    this.#field = [];
    this.#fieldKept = 0;
    this.#fieldLen = 0;
    const parsed = parseField(raw);
    if (!parsed) return;
    if (parsed.key === 'content-type' && this.#rawContentType === undefined) this.#rawContentType = raw.subarray(0, 8192).toString('latin1');
    if (this.#top) {
      if (this.topFields.length < this.#limits.maxHeaderCount) this.topFields.push(parsed);
      if (parsed.key.startsWith('content-') && this.#blockFields.length < MAX_PART_FIELDS) this.#blockFields.push(parsed);
    } else if (parsed.key.startsWith('content-') && this.#blockFields.length < MAX_PART_FIELDS) {
      this.#blockFields.push(parsed);
    }
  }

  /** Ends a header block; true when it is a digest member without Content-Type (read as message/rfc822). */
  #endHead(): boolean {
    const fields = this.#blockFields;
    const rawContentType = this.#rawContentType;
    this.#rawContentType = undefined;
    this.#blockFields = [];
    this.#blockCount = 0;
    if (this.#top) {
      this.#top = false;
      this.#afterTopHeader = true;
    }
    this.#mode = 'body';
    this.#base64 = undefined;
    this.#qp = false;
    this.#qpSoftBreak = false;
    this.#text = false;

    const ct = valuesOf(fields, 'content-type');
    const cte = valuesOf(fields, 'content-transfer-encoding');
    const cd = valuesOf(fields, 'content-disposition');
    if (ct.length > 1 && new Set(ct.map(normalise)).size > 1) this.problems.add('ambiguous-header', `${ct.length} different Content-Type headers in one part`);
    if (cte.length > 1 && new Set(cte.map(normalise)).size > 1) {
      this.problems.add('ambiguous-header', `${cte.length} different Content-Transfer-Encoding headers in one part`);
    }
    // which one gives the file name (or says inline or attachment) depends on the client
    if (cd.length > 1 && new Set(cd.map(normalise)).size > 1) this.problems.add('ambiguous-header', `${cd.length} different Content-Disposition headers in one part`);
    this.#noteNames(fields);
    // a name in an encoded word libmime leaves undecoded: a client that knows the charset reads another name
    const undecoded = [...ct, ...cd].slice(0, 8).flatMap(undecodedCharsets);
    if (undecoded.length) this.problems.add('bad-charset', `encoded word in charset "${undecoded[0]!.slice(0, 40)}" in a part's header is unknown or refused`);
    const { type, params } = this.#contentType(fields) ?? { type: 'text/plain', params: {} };
    if (ct[0] !== undefined && !CONTENT_TYPE.test(type)) this.problems.add('bad-content-type', `Content-Type "${ct[0].slice(0, 80)}"`);
    // Two boundary parameters: mailsplit takes the first, other parsers and clients the last. A
    // boundary on a part that is not multipart: mailsplit splits it into children, mail clients
    // show one part. Either way the scanner and the reader would see different parts.
    if (ct[0] !== undefined && (ct[0].slice(0, 4096).match(BOUNDARY_PARAM) ?? []).length > 1) {
      this.problems.add('ambiguous-boundary', 'two boundary parameters in one Content-Type: parsers take different ones');
    }
    if (params.boundary !== undefined && !type.startsWith('multipart/')) {
      this.problems.add('ambiguous-boundary', `${type.slice(0, 60) || 'a part'} with a boundary parameter: split by some parsers, one part to others`);
    }
    const encoding = (cte[0] ?? '').slice(0, 256).replace(/\(.*?\)/g, '').toLowerCase().trim();
    if (!KNOWN_ENCODINGS.has(encoding)) {
      const word = encoding.replace(/["']/g, '').split(/[\s;,]/)[0]!;
      if (DECODED_BY_CLIENTS.has(word) && !type.startsWith('multipart/')) {
        this.problems.add('ambiguous-encoding', `Content-Transfer-Encoding "${encoding.slice(0, 80)}": mail clients decode it, the part was scanned encoded`);
      } else {
        this.problems.add('bad-encoding', `Content-Transfer-Encoding "${encoding.slice(0, 80)}"`);
      }
    }
    if (UNREADABLE_TYPES.has(type)) this.problems.add('unreadable-part', `${type}: its content is not in this message and was not scanned`);
    // message/global (RFC 6532) is parsed like message/rfc822 (parse/index.ts); a digest member
    // without Content-Type is message/rfc822 (RFC 2046 5.1.5), which the parser is told here
    const member = ct.length === 0 && this.#inDigest();
    if (type === 'application/mac-binhex40') this.problems.add('binhex', 'application/mac-binhex40 part (not extracted)');

    if (type.startsWith('multipart/')) {
      if (encoding === 'base64' || encoding === 'quoted-printable') {
        this.problems.add('bad-encoding', `${type} with Content-Transfer-Encoding ${encoding}`);
      }
      const bytes = this.#checkBoundary(type, params);
      if (!bytes) return false;
      if (rawContentType !== undefined) this.#noteReadings(rawContentType, bytes);
      if (rawContentType !== undefined) this.#noteQuotedPair(rawContentType, bytes);
      if (this.#stack.length + 1 > this.#limits.maxMimeDepth) {
        this.problems.add('depth-exceeded', `multipart nesting deeper than ${this.#limits.maxMimeDepth}`);
        this.stopped = true;
        return false;
      }
      this.#stack.push({ boundary: bytes, sawDelimiter: false, digest: type === 'multipart/digest' });
      return false;
    }
    const charset = params.charset;
    if (charset && type.startsWith('text/') && !isCharsetSupported(charset)) {
      this.problems.add('bad-charset', `charset "${charset.slice(0, 40)}" is unknown or refused`);
    }
    if (encoding === 'base64') this.#base64 = new Base64Check();
    this.#qp = encoding === 'quoted-printable';
    this.#text = !member && type.startsWith('text/');
    return member;
  }

  /**
   * A boundary parameter folded inside its value, or unquoted with a space in it: parsers read
   * different boundaries (boundary-readings.ts). Noted as malformed; the other readings are kept,
   * and a body line that is a delimiter under one of them makes the message ambiguous.
   */
  #noteReadings(rawContentType: string, used: Buffer): void {
    const colon = rawContentType.indexOf(':');
    const readings = boundaryReadings(rawContentType.slice(colon + 1), used.toString('latin1'));
    if (!readings) return;
    const shown = JSON.stringify(used.toString('latin1').slice(0, 80));
    this.problems.add(
      'folded-boundary',
      `boundary ${shown} is ${readings.folded ? 'folded inside its value' : 'unquoted with a space in it'}: other parsers read ${readings.others.map((b) => JSON.stringify(b.toString('latin1').slice(0, 80))).join(' or ') || 'no boundary'}`,
    );
    for (const boundary of readings.others) if (this.#otherReadings.length < 16) this.#otherReadings.push({ boundary, used: shown });
  }

  /**
   * boundary="b\\1": RFC 822 unquoting (libmime, Python) gives b1, a parser that keeps the quoted
   * value as written looks for "--b\\1". That reading is kept like a folded one: a line that splits by
   * it makes the message ambiguous.
   */
  #noteQuotedPair(rawContentType: string, used: Buffer): void {
    const m = /;\s*boundary\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(rawContentType.slice(0, 4096));
    if (!m || !m[1]!.includes('\\')) return;
    const literal = Buffer.from(m[1]!.replace(/\r?\n[ \t]/g, ' '), 'latin1');
    if (literal.equals(used) || this.#otherReadings.length >= 16) return;
    this.#otherReadings.push({ boundary: literal, used: JSON.stringify(used.toString('latin1').slice(0, 80)) });
  }

  /**
   * A bare CR is a line end to Python's email package (and to readers built on it), not to
   * mailsplit: "--b\rContent-Type: ..." is a delimiter and a new part's header there, one line of
   * content here. Each piece of the line between bare CRs is checked as a delimiter line (with the
   * CR that ends it). A line mailsplit also reads as a delimiter is checked too: "\r--b\n" (a
   * message with "\n\r" line ends) and "--b\r\r\n" split there for both, but not for a parser that
   * wants the delimiter at the start of a line and CRLF or LF after it. Only a CR that ends the
   * input's last line is no disagreement.
   */
  #checkCrDelimiter(line: Buffer): void {
    let cr = line.indexOf(0x0d);
    if (cr === -1 || cr === line.length - 1 || (cr === line.length - 2 && line[cr + 1] === 0x0a)) return;
    let start = 0;
    for (; cr !== -1 && !(cr === line.length - 2 && line[cr + 1] === 0x0a); cr = line.indexOf(0x0d, start)) {
      if (this.#isDelimiterPiece(line.subarray(start, cr + 1))) return;
      start = cr + 1;
    }
    const last = line.subarray(start);
    // the input's last line: Python reads "--b" there as a delimiter, without a line end
    this.#isDelimiterPiece(last.length === 0 || last[last.length - 1] === 0x0a ? last : Buffer.concat([last, LF]));
  }

  #isDelimiterPiece(piece: Buffer): boolean {
    if (!mayBeDelimiter(piece)) return false;
    if (!this.#stack.some((frame) => delimiterKind(piece, frame.boundary))) return false;
    this.problems.add('ambiguous-boundary', 'a delimiter line ended by a bare CR: a boundary to parsers that end lines there (Python), content to others');
    return true;
  }

  #checkOtherReadings(line: Buffer): void {
    for (const other of this.#otherReadings) {
      if (!delimiterKind(line, other.boundary)) continue;
      this.problems.add(
        'ambiguous-boundary',
        `a line splits by boundary "${other.boundary.toString('latin1').slice(0, 80)}", another parser's reading of the boundary ${other.used}`,
      );
      return;
    }
  }

  /** Remembers the other names of a part that names its file in more than one way (file-names.ts). */
  #noteNames(fields: RawField[]): void {
    const declared = declaredNames(fields);
    if (!declared || declared.all.length < 2) return;
    for (const key of declared.keys) {
      let set = this.fileNames.get(key);
      if (!set) {
        if (this.fileNames.size >= MAX_NAMED_PARTS) return;
        this.fileNames.set(key, (set = new Set()));
      }
      for (const name of declared.all) if (name !== key && set.size < 32) set.add(name);
    }
  }

  /** The first Content-Type of a header block: '' for one that cannot be read; undefined when there is none. */
  #contentType(fields: RawField[]): { type: string; params: Record<string, string> } | undefined {
    const ct = valuesOf(fields, 'content-type')[0];
    if (ct === undefined) return undefined;
    try {
      const parsed = libmime.parseHeaderValue(ct, { stripComments: true });
      return { type: (parsed.value || '').toLowerCase().trim(), params: parsed.params };
    } catch {
      return { type: '', params: {} };
    }
  }

  /**
   * The boundary of a multipart, checked against the enclosing ones — of this message and of the
   * messages it is forwarded in (message/rfc822): the outer parser would end the part at such a
   * line, while this one would not (parsers disagree). Undefined when there is no usable boundary.
   */
  #checkBoundary(type: string, params: Record<string, string>): Buffer | undefined {
    const boundary = (params.boundary ?? '').trimEnd();
    if (!boundary || Buffer.byteLength(boundary) !== boundary.length) {
      this.problems.add('missing-boundary', `${type} without a usable boundary parameter`);
      return undefined;
    }
    const bytes = Buffer.from(boundary, 'latin1');
    for (const outer of [...this.#stack.map((f) => f.boundary), ...this.#enclosing]) {
      if (outer.equals(bytes)) this.problems.add('duplicate-boundary', `boundary "${boundary}" reused by a nested multipart`);
      else if (startsWith(outer, bytes) || startsWith(bytes, outer)) {
        this.problems.add('ambiguous-boundary', `boundary "${boundary}" and an enclosing boundary are prefixes of each other`);
      }
    }
    this.boundaries.push(bytes);
    return bytes;
  }

  #delimiter(index: number, kind: 1 | 2, line: Buffer): void {
    if (this.#mode === 'head') {
      this.#finishField();
      // a digest member whose header block runs into the delimiter (no empty line, no body) is
      // still message/rfc822 (RFC 2046 5.1.5), as act/ reads it: an empty forwarded message
      // (feed.ts hands every delimiter line over in one chunk; a line begun in an earlier one cannot take it)
      if (this.#headerOnlyMember()) {
        if (this.#lineStart >= 0) this.#insertions.push({ at: this.#lineStart, bytes: Buffer.concat([DIGEST_MEMBER_TYPE, lineEnd(line)]) });
        else this.problems.add('ambiguous-boundary', 'a digest member without Content-Type ends at a delimiter split between two writes');
      }
    }
    if (this.#qp && this.#qpSoftBreak) {
      // a decoder that joins the soft break with the next line reads no boundary here
      this.problems.add('ambiguous-boundary', 'quoted-printable soft line break right before a boundary');
    }
    this.#qpSoftBreak = false;
    this.#endLeaf();
    while (this.#stack.length - 1 > index) {
      const inner = this.#stack.pop()!;
      this.problems.add('truncated', `closing boundary "--${inner.boundary.toString('latin1')}--" missing`);
    }
    const frame = this.#stack[index]!;
    this.#closed = kind === 2 ? [...this.#closed.filter((b) => !b.equals(frame.boundary)), frame.boundary].slice(-8) : [];
    this.#blockFields = [];
    this.#rawContentType = undefined;
    this.#blockCount = 0;
    if (kind === 1) {
      frame.sawDelimiter = true;
      this.#mode = 'head';
      this.#top = false;
      this.#countPart();
    } else {
      this.#stack.pop();
      this.#mode = 'body';
    }
  }

  /** The header block being read is a digest member's, with header lines and no Content-Type among them. */
  #headerOnlyMember(): boolean {
    return !this.#top && this.#blockCount > 0 && this.#inDigest() && valuesOf(this.#blockFields, 'content-type').length === 0;
  }

  /** The part being read is a member of a multipart/digest (whose members default to message/rfc822). */
  #inDigest(): boolean {
    return this.#stack[this.#stack.length - 1]?.digest === true;
  }

  #countPart(): void {
    this.#budget.parts++;
    if (this.#budget.parts > this.#limits.maxParts) {
      this.problems.add('too-many-parts', `more than ${this.#limits.maxParts} MIME parts`);
      this.stopped = true;
    }
  }

  #endLeaf(): void {
    const fault = this.#base64?.end();
    if (fault) this.problems.add('bad-base64', fault);
    this.#base64 = undefined;
    this.#qp = false;
    this.#text = false;
  }
}

/** The line end of a line: its trailing CRs and LF ("\r\n" when it has none). */
function lineEnd(line: Buffer): Buffer {
  let i = line.length;
  if (line[i - 1] === 0x0a) i--;
  while (i > 0 && line[i - 1] === 0x0d) i--;
  return i === line.length ? CRLF : line.subarray(i);
}
const CRLF = Buffer.from('\r\n', 'latin1');

function valuesOf(fields: RawField[], key: string): string[] {
  return fields.filter((f) => f.key === key).map((f) => f.value);
}

function normalise(value: string): string {
  return value.toLowerCase().replace(/\s+/g, '');
}

/** What a uuencoded block's first line starts with (#bodyLine). */
const BEGIN = Buffer.from('begin ', 'latin1');

/** Line pieces up to this long are copied byte by byte (#append): Buffer#copy allocates per call. */
const SHORT_COPY = 64;

/**
 * Whether the first `kept` bytes of `buf` have a CR other than one ending the line before its LF:
 * the lines #checkCrDelimiter looks into. A loop over the kept bytes, not indexOf, which would
 * search the stale bytes after them.
 */
function innerCr(buf: Buffer, kept: number): boolean {
  for (let i = 0; i < kept; i++) if (buf[i] === 0x0d && !(i === kept - 2 && buf[i + 1] === 0x0a)) return true;
  return false;
}

function startsWith(a: Buffer, prefix: Buffer): boolean {
  return a.length >= prefix.length && a.subarray(0, prefix.length).equals(prefix);
}

/** A boundary parameter in a raw Content-Type value (also RFC 2231 `boundary*=`). */
const BOUNDARY_PARAM = /(?:^|;)[ \t]*boundary(?:\*[0-9]*\*?)?[ \t]*=/gi;

const LF = Buffer.from('\n', 'latin1');
