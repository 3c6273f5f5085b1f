/**
 * format=flowed (RFC 3676) unfolding as the bytes come, for bodies.ts readText: the same output as
 * libmime.decodeFlowed on the whole part (latin1 in, latin1 out, so byte for byte), without holding
 * the part. decodeFlowed split the text into lines, joined soft-broken lines into paragraphs and
 * removed space-stuffing at the end; a part of 8 MB was held whole, as a string, as its array of
 * lines and as the result (~5× its size at once). Here only the state of the paragraph being read is
 * kept: its quote depth and prefix, its length and first three bytes (for the "-- " signature
 * separator), and how many spaces end it (a soft break with delsp removes one of them, so they are
 * held back as a count until a byte that is not a space follows). Everything else is handed on at once.
 *
 * decodeFlowed's reading, which this follows:
 * - lines are split at "\n" and "\r\n" (a lone "\r" is text);
 * - a line's quote depth is its leading ">" count; one space after them is part of its prefix;
 * - a line continues the paragraph (a soft break) when its depth is the paragraph's, the paragraph's
 *   text ends in a space and is not exactly "-- "; with delsp that space is removed, without it a
 *   leading space of an unquoted continuation is (stuffing); the continuation's prefix is dropped;
 * - otherwise the line starts a new paragraph: prefix + text. Paragraphs are joined with "\n"; the
 *   last one is left out when it has neither text nor prefix;
 * - finally one space is removed after every line start of the result (`/^ /gm`: the start, and
 *   after each "\n" or "\r").
 */

const GT = 0x3e;
const SP = 0x20;
const CR = 0x0d;
const LF = 0x0a;
/** Small output pieces are gathered into buffers of about this size; held spaces go out in pieces of it. */
const PIECE = 64 * 1024;
/** Output pieces shorter than this are copied together (a line's text), longer ones handed on as they are. */
const SMALL = 4096;
const SPACES = Buffer.alloc(PIECE, SP);
const QUOTES = Buffer.alloc(PIECE, GT);
const NEWLINE = Buffer.from([LF]);
const LONE_CR = Buffer.from([CR]);

export class FlowedDecoder {
  readonly #delSp: boolean;
  // the line being read
  /** Still counting the line's leading ">". */
  #atStart = true;
  #lineDepth = 0;
  #lines = 0;
  /** A continuation line without delsp: its first byte is dropped if it is a space. */
  #stripLead = false;
  /** The chunk ended in "\r": a line end if the next byte is "\n", else text. */
  #pendingCr = false;
  // the paragraph being read
  #depth = 0;
  /** The paragraph's prefix: its depth of ">", and the space after them. */
  #prefixSpace = false;
  #prefixOut = true;
  #sepPending = false;
  #length = 0;
  /** Its first three bytes (latin1). */
  #head = '';
  #heldSpaces = 0;
  // output
  #out: Buffer[] = [];
  #small: Buffer[] = [];
  #smallBytes = 0;
  /** The last byte of the output (before stuffing removal) was a line start ("\r", "\n", or none yet). */
  #lineStartOut = true;

  constructor(delSp: boolean) {
    this.#delSp = delSp;
  }

  /** Unfolds the next bytes of the part; returns the output they complete (pieces of at most 64 KiB). */
  write(bytes: Buffer): Buffer[] {
    let pos = 0;
    if (this.#pendingCr && bytes.length > 0) {
      this.#pendingCr = false;
      if (bytes[0] === LF) {
        this.#endLine();
        pos = 1;
      } else this.#text(LONE_CR);
    }
    while (pos < bytes.length) {
      const nl = bytes.indexOf(LF, pos);
      let end = nl < 0 ? bytes.length : nl;
      if (nl < 0 && bytes[end - 1] === CR && end > pos) {
        // maybe the first half of "\r\n"
        this.#pendingCr = true;
        end--;
      } else if (nl >= 0 && end > pos && bytes[end - 1] === CR) end--;
      if (end > pos) this.#text(bytes.subarray(pos, end));
      if (nl < 0) break;
      this.#endLine();
      pos = nl + 1;
    }
    return this.#take();
  }

  /** The end of the part: the rest of the output. */
  end(): Buffer[] {
    if (this.#pendingCr) {
      this.#pendingCr = false;
      this.#text(LONE_CR);
    }
    // the last line (empty after a final line break) is a line too
    if (this.#atStart) this.#beginLine(false);
    if (this.#length > 0 || this.#depth > 0) this.#flushParagraph();
    return this.#take();
  }

  /** Bytes of the current line, no line break among them. */
  #text(bytes: Buffer): void {
    let pos = 0;
    if (this.#atStart) {
      while (pos < bytes.length && bytes[pos] === GT) pos++;
      this.#lineDepth += pos;
      if (pos === bytes.length) return; // the ">" may go on in the next chunk
      const space = this.#lineDepth > 0 && bytes[pos] === SP;
      this.#beginLine(space);
      if (space) pos++;
    }
    if (this.#stripLead && pos < bytes.length) {
      this.#stripLead = false;
      if (bytes[pos] === SP) pos++;
    }
    if (pos < bytes.length) this.#append(bytes.subarray(pos));
  }

  /** The line's prefix is known: a soft break, or a new paragraph. */
  #beginLine(space: boolean): void {
    this.#atStart = false;
    const first = this.#lines++ === 0;
    const soft = this.#lineDepth === this.#depth && this.#heldSpaces > 0 && !(this.#length === 3 && this.#head === '-- ');
    if (soft) {
      if (this.#delSp) {
        this.#heldSpaces--;
        this.#length--;
        if (this.#length < this.#head.length) this.#head = this.#head.slice(0, this.#length);
      } else this.#stripLead = this.#lineDepth === 0;
      return;
    }
    if (!first) {
      // the paragraph before ends (and is in the output even when empty)
      this.#flushParagraph();
    }
    this.#sepPending = !first;
    this.#depth = this.#lineDepth;
    this.#prefixSpace = space;
    this.#prefixOut = false;
    this.#length = 0;
    this.#head = '';
    this.#heldSpaces = 0;
    this.#stripLead = false;
  }

  #endLine(): void {
    if (this.#atStart) this.#beginLine(false);
    this.#atStart = true;
    this.#lineDepth = 0;
    this.#stripLead = false;
  }

  /** Text of the paragraph: all but its trailing spaces goes out now. */
  #append(bytes: Buffer): void {
    this.#length += bytes.length;
    if (this.#head.length < 3) this.#head += bytes.subarray(0, 3 - this.#head.length).toString('latin1');
    let last = bytes.length - 1;
    while (last >= 0 && bytes[last] === SP) last--;
    if (last < 0) {
      this.#heldSpaces += bytes.length;
      return;
    }
    this.#startOut();
    this.#spaces();
    this.#put(bytes.subarray(0, last + 1));
    this.#heldSpaces = bytes.length - last - 1;
  }

  /** The separator before the paragraph and its prefix, once. */
  #startOut(): void {
    if (this.#sepPending) {
      this.#sepPending = false;
      this.#put(NEWLINE);
    }
    if (!this.#prefixOut) {
      this.#prefixOut = true;
      for (let n = this.#depth; n > 0; n -= PIECE) this.#put(QUOTES.subarray(0, Math.min(n, PIECE)));
      if (this.#prefixSpace) this.#put(SPACES.subarray(0, 1));
    }
  }

  /** The held spaces, as pieces of one shared buffer of spaces (a long run costs no memory). */
  #spaces(): void {
    while (this.#heldSpaces > 0) {
      const n = Math.min(this.#heldSpaces, PIECE);
      this.#heldSpaces -= n;
      this.#put(SPACES.subarray(0, n));
    }
  }

  #flushParagraph(): void {
    this.#startOut();
    this.#spaces();
  }

  /** Output, with decodeFlowed's final `/^ /gm` removal applied as it goes. */
  #put(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const last = bytes[bytes.length - 1];
    if (!spaceAfterLineEnd(bytes)) {
      this.#keep(this.#lineStartOut && bytes[0] === SP ? bytes.subarray(1) : bytes);
    } else {
      // rare: flowed text has such spaces only from stuffing, or after a lone "\r"
      let lineStart = this.#lineStartOut;
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]!;
        if (lineStart && b === SP) {
          this.#keep(bytes.subarray(start, i));
          start = i + 1;
        }
        lineStart = b === LF || b === CR;
      }
      this.#keep(bytes.subarray(start));
    }
    this.#lineStartOut = last === LF || last === CR;
  }

  /** Small pieces are gathered into one buffer; larger ones go out as they are. */
  #keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (bytes.length >= SMALL) {
      this.#gather();
      this.#out.push(bytes);
      return;
    }
    this.#small.push(bytes);
    this.#smallBytes += bytes.length;
    if (this.#smallBytes >= PIECE) this.#gather();
  }

  #gather(): void {
    if (this.#smallBytes === 0) return;
    this.#out.push(Buffer.concat(this.#small, this.#smallBytes));
    this.#small = [];
    this.#smallBytes = 0;
  }

  #take(): Buffer[] {
    this.#gather();
    const out = this.#out;
    this.#out = [];
    return out;
  }
}

/** A space right after a "\n" or "\r" inside `bytes`. */
function spaceAfterLineEnd(bytes: Buffer): boolean {
  for (const eol of [LF, CR]) {
    for (let i = bytes.indexOf(eol); i >= 0; i = bytes.indexOf(eol, i + 1)) if (bytes[i + 1] === SP) return true;
  }
  return false;
}
