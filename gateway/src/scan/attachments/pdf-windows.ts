import { isFlateObjectStream, namesOf, splitStreamRanges, streamBytes, type RawStream } from './pdf-syntax.js';

/**
 * A PDF bigger than PDF_MAX_BYTES, read in windows so that memory stays bounded whatever its size.
 * Big PDFs are mostly pictures (scans) with a few small objects between them, and a link or a
 * launch action may sit anywhere: an incremental update is appended at the end, and a sender can
 * pad the middle with pictures to push the objects that matter past the head. So the file is read
 * window after window (PDF_WINDOW_BYTES each, overlapping by PDF_WINDOW_OVERLAP so an object cut by
 * a window edge is whole in one of the two), and of each window only what lies outside stream data
 * and the FlateDecode object streams are kept (pictures, fonts and page text are dropped at once).
 *
 * Bounds: at most PDF_MAX_SCAN_BYTES of the file are read (the head windows, then always the last
 * window, where the trailer and incremental updates live; the bytes between are reported as
 * unread; overlaps and an object stream read again from its start come on top, at most 64
 * windows), and at most PDF_MAX_KEPT_CHARS of object text and object streams are kept. The bytes
 * skipped on the way to the last window are read from the stream and dropped, never held.
 */

/** One window: PDF_MAX_BYTES, the part of a PDF read in memory at once. */
export const PDF_WINDOW_BYTES = 4 * 1024 * 1024;
/** Bytes each window repeats of the one before: an object up to this size is never cut in two. */
export const PDF_WINDOW_OVERLAP = 64 * 1024;
/** Bytes of one PDF read at most: the first windows, then the last one. */
export const PDF_MAX_SCAN_BYTES = 32 * 1024 * 1024;
/** Characters of object text and object-stream data kept per PDF at most. */
export const PDF_MAX_KEPT_CHARS = 8 * 1024 * 1024;

export interface PdfWindows {
  /** Text outside stream data, window after window (joined by line breaks). */
  outside: string;
  /** FlateDecode object streams, their `pos` an offset in the file. */
  streams: RawStream[];
  /** Bytes of the file not read (between the head windows and the tail window, or past the kept limit). */
  unread: number;
  /** The first window's bytes (what the picture reader looks at). */
  head: Buffer;
  /**
   * Where the streams that may be embedded files lie in the file (not their data: pdf-large-embedded.ts
   * reads those of them that are, once the /EF entries are known), at most PDF_MAX_STREAM_PLACES.
   */
  places: StreamPlace[];
}

/**
 * A stream that may be an embedded file (pdf-large-embedded.ts): every stream but pictures, forms,
 * fonts and the file's own structures (object streams, cross-reference streams, metadata).
 */
export interface StreamPlace {
  num: number;
  gen: number;
  /** Offset of its data in the file. */
  start: number;
  /** Its data's length when its `endstream` was in the window; else the dictionary's direct /Length, if any. */
  length?: number;
  /** True when `length` was measured in the window (the data is known to end there). */
  whole: boolean;
  /** The object holding its length (`/Length 12 0 R`), when not measured nor given directly. */
  lengthRef?: number;
  /** The dictionary's names (/Type, /Filter ...), as pdf-decrypted's filtersOf reads them. */
  names: string[];
}

/** Stream places kept per PDF at most (a few numbers each: a PDF of a million small streams keeps the first ones). */
export const PDF_MAX_STREAM_PLACES = 10_000;
/** /Type or /Subtype values of streams that are never an embedded file. */
const NOT_EMBEDDED = new Set(['Image', 'Form', 'XObject', 'ObjStm', 'XRef', 'Metadata', 'Pattern', 'Type1C', 'CIDFontType0C', 'OpenType']);

function mayBeEmbedded(names: string[]): boolean {
  for (let i = 0; i < names.length - 1; i++) if ((names[i] === 'Type' || names[i] === 'Subtype') && NOT_EMBEDDED.has(names[i + 1]!)) return false;
  // a font program (/Length1 /Length2 /Length3 are only on fonts) is not one either
  return !names.includes('Length1');
}

/** A window's text outside stream data, its object streams, and the places of its other streams (`offset`: the window's in the file). */
function splitWindow(body: Buffer, offset: number): { outside: string; streams: RawStream[]; places: StreamPlace[] } {
  const places: StreamPlace[] = [];
  const { outside, streams: ranges } = splitStreamRanges(body, () => true);
  const streams: RawStream[] = [];
  for (const r of ranges) {
    if (isFlateObjectStream(r.dict)) {
      const { start: _s, end: _e, ...s } = r;
      streams.push({ ...s, data: streamBytes(body, r).toString('latin1') });
      continue;
    }
    if (r.num === undefined) continue;
    const names = namesOf(r.dict);
    if (!mayBeEmbedded(names)) continue;
    const whole = r.end < body.length; // its endstream is in this window
    const place: StreamPlace = { num: r.num, gen: r.gen ?? 0, start: offset + r.start, whole, names };
    if (whole) place.length = streamBytes(body, r).length;
    else {
      const length = /\/Length[\x00\t\n\f\r ]+(\d{1,10})(?![\d.]|[\x00\t\n\f\r ]+\d{1,5}[\x00\t\n\f\r ]+R)/.exec(r.dict);
      if (length) place.length = Number(length[1]);
      const ref = length ? undefined : /\/Length[\x00\t\n\f\r ]+(\d{1,10})[\x00\t\n\f\r ]+\d{1,5}[\x00\t\n\f\r ]+R/.exec(r.dict);
      if (ref) place.lengthRef = Number(ref[1]);
    }
    places.push(place);
  }
  return { outside, streams, places };
}

/** A PDF's bytes: in memory, a stream of them, or read in place from its file (Content.readAt). */
export type PdfInput = Buffer | AsyncIterable<unknown> | { readAt(position: number, into: Buffer): Promise<number> };

/**
 * Forward-only reads of byte ranges from a buffer or a stream, holding only the range asked for.
 * From a file read in place, every window goes into one buffer (no stream chunks to collect: a
 * 25 MB PDF read as 64 KiB chunks left ~25 MB more of fragmented native memory behind).
 */
class ForwardReader {
  private window: Buffer | undefined;
  private chunks: Buffer[] = [];
  /** File offset of chunks[0]. */
  private at = 0;
  private held = 0;
  private readonly iterator: AsyncIterator<unknown> | undefined;
  private ended = false;

  constructor(private readonly input: PdfInput) {
    if (Buffer.isBuffer(input)) {
      this.chunks = [input];
      this.held = input.length;
      this.ended = true;
    } else if (Symbol.asyncIterator in input) this.iterator = input[Symbol.asyncIterator]();
  }

  /** Bytes [from, to) of the file (fewer at its end); `from` never goes back. Valid until the next call. */
  async range(from: number, to: number): Promise<Buffer> {
    if (Buffer.isBuffer(this.input)) return this.input.subarray(from, to);
    if (!this.iterator && 'readAt' in this.input) {
      if (!this.window || this.window.length < to - from) this.window = Buffer.allocUnsafeSlow(Math.max(to - from, PDF_WINDOW_BYTES));
      const got = await this.input.readAt(from, this.window.subarray(0, to - from));
      return this.window.subarray(0, got);
    }
    this.drop(from);
    while (!this.ended && this.at + this.held < to) {
      const next = await this.iterator!.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const v = next.value;
      const b = Buffer.isBuffer(v) ? v : Buffer.from(v as string);
      this.chunks.push(b);
      this.held += b.length;
      this.drop(from); // bytes skipped over (the unread middle) are never held
    }
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    this.chunks = [all];
    return all.subarray(from - this.at, to - this.at);
  }

  private drop(before: number): void {
    while (this.chunks.length > 0 && this.at + this.chunks[0]!.length <= before) {
      const c = this.chunks.shift()!;
      this.at += c.length;
      this.held -= c.length;
    }
  }

  close(): void {
    void this.iterator?.return?.();
    this.window = undefined;
  }
}

/** Where whole objects start in a window that begins at an arbitrary byte: after the first endstream or endobj. */
function cleanStart(bytes: Buffer): number {
  const stream = bytes.indexOf('endstream', 0, 'latin1');
  const obj = bytes.indexOf('endobj', 0, 'latin1');
  const ends = [stream < 0 ? -1 : stream + 9, obj < 0 ? -1 : obj + 6].filter((n) => n >= 0);
  return ends.length > 0 ? Math.min(...ends) : bytes.length;
}

/**
 * Where the object of a stream cut by the window's end starts (just after the object before it),
 * so the next window starts there and reads the stream whole; undefined when it cannot be placed.
 */
function objectStartBefore(bytes: Buffer, streamPos: number): number | undefined {
  const obj = bytes.lastIndexOf('endobj', streamPos, 'latin1');
  const stream = bytes.lastIndexOf('endstream', streamPos, 'latin1');
  const at = Math.max(obj < 0 ? -1 : obj + 6, stream < 0 ? -1 : stream + 9);
  return at > 0 ? at : undefined;
}

/**
 * Called with each window as it is read (`offset`: where it starts in the file), for readers of
 * what this one drops (the QR reader's pictures past the head: scan/qr/pdf-window-pictures.ts).
 * The bytes are valid only during the call: copy what is kept.
 */
export type PdfWindowListener = (bytes: Buffer, offset: number) => void;

/** Reads a PDF of `size` bytes in windows (see above). `input` is read once, front to back. */
/**
 * `keepHead`: copy the first window into `head` (false: `head` is empty, for a caller that takes what
 * it needs of the first window through `onWindow` instead of holding 4 MB until it is done).
 */
export async function readPdfWindows(input: PdfInput, size: number, onWindow?: PdfWindowListener, keepHead = true): Promise<PdfWindows> {
  const reader = new ForwardReader(input);
  const outside: string[] = [];
  const streams: RawStream[] = [];
  // stream places by data offset: a stream seen again by the next window (the overlap) is one place
  const places = new Map<number, StreamPlace>();
  let kept = 0;
  let unread = 0;
  let head = Buffer.alloc(0);
  // the head windows end here; past it, only the last window is read
  const headEnd = size <= PDF_MAX_SCAN_BYTES ? size : PDF_MAX_SCAN_BYTES - PDF_WINDOW_BYTES;
  let start = 0;
  let clean = true; // `start` is where an object begins (not inside one)
  let readTo = 0; // end of the last window read
  try {
    for (let windows = 0; start < size && windows < 64; windows++) {
      if (start >= headEnd - PDF_WINDOW_OVERLAP && readTo < size - PDF_WINDOW_BYTES) {
        // the tail window: the last PDF_WINDOW_BYTES of the file
        const tail = size - PDF_WINDOW_BYTES;
        unread += Math.max(0, tail - readTo);
        start = Math.max(start, tail);
        clean = false;
      }
      const end = Math.min(size, start + PDF_WINDOW_BYTES, start < headEnd ? headEnd : size);
      const bytes = await reader.range(start, end);
      if (windows === 0 && keepHead) head = Buffer.from(bytes);
      onWindow?.(bytes, start);
      // never the whole window as a string: it is mostly picture data (see splitStreamsBytes)
      const from = clean ? 0 : cleanStart(bytes);
      let body = bytes.subarray(from);
      let split = splitWindow(body, start + from);
      let next = end - PDF_WINDOW_OVERLAP;
      clean = false;
      const last = split.streams.at(-1);
      if (end < size && last && body.indexOf('endstream', last.pos, 'latin1') < 0) {
        // an object stream cut by the window's end: the next window starts at its object
        const cut = objectStartBefore(body, last.pos);
        // only when that keeps the windows moving by half a window at least (a bigger stream is read in part)
        if (cut !== undefined && from + cut >= PDF_WINDOW_BYTES / 2) {
          body = body.subarray(0, cut);
          split = splitWindow(body, start + from);
          next = start + from + cut;
          clean = true;
        }
      }
      const sizeKept = split.outside.length + split.streams.reduce((n, s) => n + s.data.length, 0);
      if (kept + sizeKept > PDF_MAX_KEPT_CHARS && windows > 0) {
        unread += size - Math.max(readTo, start);
        readTo = size;
        break;
      }
      kept += sizeKept;
      outside.push(split.outside);
      for (const s of split.streams) streams.push({ ...s, pos: s.pos + start + from });
      for (const p of split.places) {
        const known = places.get(p.start);
        if (known ? !known.whole && p.whole : places.size < PDF_MAX_STREAM_PLACES) places.set(p.start, p);
      }
      readTo = Math.max(readTo, end);
      if (end >= size) break;
      start = Math.max(next, start + 1);
    }
    if (readTo < size) unread += size - readTo;
  } finally {
    reader.close();
  }
  return { outside: outside.join('\n'), streams, unread, head, places: [...places.values()] };
}
