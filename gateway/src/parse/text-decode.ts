import libmime from './libmime.js';

/**
 * The charset decoding of one body text part, as its bytes come (bodies.ts readText), so that
 * memory per message stays near the text limit whatever the charset:
 *
 * - nothing holds a whole part: the bytes go to the charset decoder chunk by chunk, and the
 *   decoded text is kept only while the text of its kind (plain or HTML), counted from the first
 *   part of that kind, is within `keep` bytes (UTF-8, line ends made "\n"). The part that crosses
 *   it keeps what it decoded so far; later parts of the kind keep nothing. parseLevel keeps
 *   `keep` (= maxTextBytes) bytes of the joined text, so what it keeps is the same;
 * - UTF-8 and ASCII are kept as bytes and decoded once at the end (Buffer#toString, as before):
 *   decoding UTF-8 never makes text shorter, so `keep` bytes of it are enough;
 * - any other charset goes through libmime's DecodeStream, one write per chunk (it decodes a
 *   split input as the whole one); the Japanese charsets, which its DecodeStream collects whole
 *   for encoding-japanese (not incremental; 8 MB of ISO-2022-JP took ~125 MB there), are cut
 *   into segments where a fresh decoder reads the rest as the whole would (JisSegments) and
 *   each segment is decoded on its own.
 *
 * DecoderProbe (tests): the largest single input any charset decoder was given, and the total.
 */

/** Bytes handed to a charset decoder in one write, at most (larger chunks are split). */
export const DECODE_SLICE = 64 * 1024;
/** A Japanese segment is cut at the first safe place past this size. */
const SEGMENT_BYTES = 64 * 1024;
/** ... and cut anyway past this size (only junk goes that far without a safe place, see JisSegments). */
const MAX_SEGMENT_BYTES = 1024 * 1024;

const UTF8_NAMES = new Set(['ascii', 'usascii', 'utf8']);
/** libmime's charset.js: the names it decodes whole with encoding-japanese. */
const JAPANESE_CHARSET = /^jis|^iso-?2022-?jp|^EUCJP/i;

/** For tests: what the charset decoders were given (largest single input, total bytes). */
export const DecoderProbe = { largest: 0, total: 0 };

function probe(bytes: number): void {
  DecoderProbe.total += bytes;
  if (bytes > DecoderProbe.largest) DecoderProbe.largest = bytes;
}

/**
 * The decoded text the parts of one kind keep, in the order the parts come. A part's `kept` only
 * grows, so a prefix sum past `keep` now stays past it.
 */
export class TextKeep {
  readonly #kept: number[] = [];
  constructor(readonly keep: number) {}

  /** A new part of this kind; its number for `add` and `full`. */
  part(): number {
    return this.#kept.push(0) - 1;
  }

  add(part: number, bytes: number): void {
    this.#kept[part]! += bytes;
  }

  /** The text of this kind up to and including `part` is past `keep`: the rest of it is not needed. */
  full(part: number): boolean {
    let sum = 0;
    for (let i = 0; i <= part; i++) sum += this.#kept[i]!;
    return sum > this.keep;
  }
}

/** One part's text, decoded as it is written (see the file's comment). */
export class PartText {
  readonly #keep: TextKeep;
  readonly #part: number;
  readonly #charset: string;
  readonly #utf8: boolean;
  readonly #japanese: JisSegments | undefined;
  readonly #decoder: ReturnType<typeof libmime.createDecodeStream> | undefined;
  #out: Buffer[] = [];
  #outBytes = 0;
  #lastCr = false;
  #stopped = false;

  constructor(charset: string, keep: TextKeep) {
    this.#keep = keep;
    this.#part = keep.part();
    this.#charset = charset;
    this.#utf8 = UTF8_NAMES.has(charset.toLowerCase().replace(/[^a-z0-9]+/g, ''));
    if (this.#utf8) return;
    if (JAPANESE_CHARSET.test(libmime.normalizeCharset(charset))) this.#japanese = new JisSegments();
    else {
      this.#decoder = libmime.createDecodeStream(charset);
      this.#decoder.on('data', (chunk: Buffer) => this.#keepText(chunk));
    }
  }

  /** Enough text of this kind is kept: what comes after is not needed (the caller may stop writing). */
  get full(): boolean {
    return this.#keep.full(this.#part);
  }

  /** Transfer-decoded bytes of the part; resolves once the decoder took them. */
  async write(bytes: Buffer): Promise<void> {
    if (this.#stopped || bytes.length === 0) return;
    if (this.full) {
      this.#stopped = true;
      return;
    }
    if (this.#utf8) return this.#keepText(bytes);
    if (this.#japanese) {
      for (const segment of this.#japanese.write(bytes)) await this.#decodeSegment(segment);
      return;
    }
    for (let i = 0; i < bytes.length && !this.full; i += DECODE_SLICE) {
      const slice = bytes.subarray(i, i + DECODE_SLICE);
      probe(slice.length);
      await new Promise<void>((resolve, reject) => this.#decoder!.write(slice, (err) => (err ? reject(err) : resolve())));
    }
  }

  /** The part's text, line ends made "\n". */
  async end(): Promise<string> {
    if (this.#japanese) {
      const rest = this.#japanese.end();
      if (rest.length > 0 && !this.#stopped && !this.full) await this.#decodeSegment(rest);
    } else if (this.#decoder) {
      const decoder = this.#decoder;
      await new Promise<void>((resolve, reject) => {
        decoder.once('end', resolve);
        decoder.once('error', reject);
        decoder.end();
      });
    }
    const bytes = Buffer.concat(this.#out, this.#outBytes);
    this.#out = [];
    // only a CR byte decodes to a CR, and CR and LF bytes are never inside a UTF-8 sequence: dropping
    // the CR of each CRLF from the bytes is text.replace(/\r\n/g, '\n') without its list of matches
    // (~85 MB for a text of 1.4 million short lines)
    return bytes.toString('utf8', 0, dropCrBeforeLf(bytes));
  }

  /** Decoded (or, for UTF-8, raw) bytes: kept and counted while the kind is not full. */
  #keepText(chunk: Buffer): void {
    if (chunk.length === 0 || this.full) return;
    this.#out.push(chunk);
    this.#outBytes += chunk.length;
    // counted as the text will be: "\r\n" becomes "\n" (UTF-8 has no CR or LF inside a character)
    let bytes = chunk.length;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) if (i > 0 ? chunk[i - 1] === 0x0d : this.#lastCr) bytes--;
    this.#lastCr = chunk[chunk.length - 1] === 0x0d;
    this.#keep.add(this.#part, bytes);
  }

  #decodeSegment(segment: Buffer): Promise<void> {
    if (this.full) return Promise.resolve();
    probe(segment.length);
    const decoder = libmime.createDecodeStream(this.#charset);
    return new Promise<void>((resolve, reject) => {
      decoder.on('data', (chunk: Buffer) => this.#keepText(chunk));
      decoder.once('end', resolve);
      decoder.once('error', reject);
      decoder.end(segment);
    });
  }
}

/**
 * Cuts ISO-2022-JP (and the other names libmime decodes with encoding-japanese) into segments that
 * decode, each on its own, to the text the whole decodes to. It follows encoding-japanese's reading
 * (JISToUTF8): ESC sequences switch between ASCII (0), JIS X 0208 pairs (1), half-width katakana
 * (2) and JIS X 0212 pairs (3); a segment ends after three single ASCII bytes read in state 0, so
 * the next starts in state 0, as a fresh decoder does, and no UTF-8 sequence (encoding-japanese
 * reads the result as UTF-8, a lead byte taking up to three after it) is left open. EUC-JP has no
 * multibyte character that ends in ASCII either. Input with no such place in MAX_SEGMENT_BYTES
 * (binary junk, not text) is cut where it is, the segment after starting with the ESC sequence of
 * the state it was in.
 */
export class JisSegments {
  #held: Buffer = Buffer.alloc(0);
  /** Where scanning goes on in #held, and the state there. */
  #pos = 0;
  #state = 0;
  #ascii = 0;
  /** The last cut was at a safe place (else the state is carried over by an ESC sequence). */
  #cutAtSafe = true;

  write(bytes: Buffer): Buffer[] {
    this.#held = this.#held.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.#held, bytes]);
    const out: Buffer[] = [];
    for (;;) {
      const cut = this.#scan();
      if (cut === undefined) break;
      out.push(this.#held.subarray(0, cut));
      const prefix = this.#forcedPrefix();
      const rest = this.#held.subarray(cut);
      this.#held = prefix ? Buffer.concat([prefix, rest]) : Buffer.from(rest);
      this.#pos = this.#pos - cut + (prefix?.length ?? 0);
    }
    return out;
  }

  end(): Buffer {
    const rest = this.#held;
    this.#held = Buffer.alloc(0);
    return rest;
  }

  /** The next place to cut #held, if there is one yet. */
  #scan(): number | undefined {
    const d = this.#held;
    const len = d.length;
    let i = this.#pos;
    while (i < len) {
      if (d[i] === 0x1b) {
        if (i + 3 >= len) break; // the sequence may go on in the next chunk
        if (d[i + 1] === 0x24 && (d[i + 2] === 0x42 || d[i + 2] === 0x40)) this.#state = 1;
        else if (d[i + 1] === 0x28 && d[i + 2] === 0x49) this.#state = 2;
        else if (d[i + 1] === 0x24 && d[i + 2] === 0x28 && d[i + 3] === 0x44) {
          this.#state = 3;
          i++;
        } else this.#state = 0;
        i += 3;
        this.#ascii = 0;
        continue;
      }
      if (this.#state === 1 || this.#state === 3) {
        if (i + 1 >= len) break;
        i += 2;
        this.#ascii = 0;
      } else {
        this.#ascii = this.#state === 0 && d[i]! < 0x80 ? this.#ascii + 1 : 0;
        i += 1;
      }
      if (i >= SEGMENT_BYTES && this.#ascii >= 3) {
        this.#pos = i;
        this.#cutAtSafe = true;
        return i;
      }
      if (i >= MAX_SEGMENT_BYTES) {
        this.#pos = i;
        this.#cutAtSafe = false;
        return i;
      }
    }
    this.#pos = i;
    return undefined;
  }

  /** After a forced cut, the ESC sequence that puts the next segment in the state the cut was in. */
  #forcedPrefix(): Buffer | undefined {
    if (this.#cutAtSafe || this.#state === 0) return undefined;
    return Buffer.from(this.#state === 1 ? '\x1b$B' : this.#state === 2 ? '\x1b(I' : '\x1b$(D', 'latin1');
  }
}

/** Removes the CR of every CRLF in `bytes`, in place; the new length. */
export function dropCrBeforeLf(bytes: Buffer): number {
  let write = 0;
  let read = 0;
  for (let cr = bytes.indexOf(0x0d); cr !== -1; cr = bytes.indexOf(0x0d, cr + 1)) {
    if (bytes[cr + 1] !== 0x0a) continue;
    if (write !== read) bytes.copyWithin(write, read, cr);
    write += cr - read;
    read = cr + 1;
  }
  if (read === 0) return bytes.length;
  bytes.copyWithin(write, read);
  return write + bytes.length - read;
}
