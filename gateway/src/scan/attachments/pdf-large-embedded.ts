import { filtersOf, findNames, MAX_EMBEDDED } from './pdf-decrypted.js';
import { AS_WRITTEN, efPointed } from './pdf-embedded.js';
import { namesOf, parseValues, segments, type RawStream, type Segment, type StreamRange } from './pdf-syntax.js';
import type { PdfInput, StreamPlace } from './pdf-windows.js';

/**
 * The embedded files of a PDF bigger than PDF_MAX_BYTES (read in windows: pdf-windows.ts), so that a
 * program or a macro document inside a PDF padded past 4 MB is walked as it is inside a small one
 * (pdf-embedded.ts): name, true type, macros, archives, hash lists, ClamAV, as "file.pdf → invoice.exe".
 *
 * The windows keep no stream data but object streams; of every other stream that may be an
 * embedded file they keep its place (pdf-windows.ts StreamPlace: a few numbers). Once the windows
 * are read, `largePdfEmbedded` picks the places that are embedded files — /Type /EmbeddedFile, or
 * pointed at by a file specification's /EF entry (the /EmbeddedFiles name tree, a /FileAttachment
 * annotation, a /Launch or /GoToE action's file) — and names them (pdf-decrypted.ts findNames, in
 * plain objects and object streams). `readEmbeddedData` then reads one file's stream from the PDF,
 * in place from its temporary file (Content.readAt) or from its bytes: the PDF itself is never
 * loaded, and one embedded file is held at a time, within the walk's byte budget (walk-pdf.ts).
 *
 * A stream's length: measured when its `endstream` was in the window, else its dictionary's /Length
 * (direct or `12 0 R`); when neither is known or the file ends first, the data is read up to
 * `endstream` or the cap, and what there is is walked (a truncated stream inflates as far as it goes).
 * Only what the windows read is seen: the middle of a PDF over PDF_MAX_SCAN_BYTES is reported unread.
 */

/** An embedded file of a big PDF: its name and filters, and where its data lies in the file. */
export interface PlacedEmbeddedFile {
  name: string;
  filters: string[];
  start: number;
  /** Its data's length when known (measured, or the dictionary's /Length). */
  length?: number;
}

/** Bytes read at a time when looking for the end of a stream of unknown length. */
const SEEK_CHUNK = 1024 * 1024;

/**
 * The embedded files among `places`, named, at most MAX_EMBEDDED (a later definition of an object,
 * an incremental update's, replaces an earlier one). `outside` and `streams` are what the windows kept.
 */
export function largePdfEmbedded(outside: string, streams: readonly RawStream[], places: readonly StreamPlace[]): PlacedEmbeddedFile[] {
  if (places.length === 0) return [];
  const plain = segments(outside);
  const pointed = efPointed(plain);
  const byNum = new Map<number, StreamPlace>();
  for (const p of places) {
    const typed = p.names.some((n, i) => n === 'Type' && p.names[i + 1] === 'EmbeddedFile');
    if (!typed && !pointed.has(p.num)) continue;
    const known = byNum.get(p.num);
    if (known ? known.start < p.start : byNum.size < MAX_EMBEDDED) byNum.set(p.num, p);
  }
  if (byNum.size === 0) return [];

  const nums = new Map<number, string | undefined>([...byNum.keys()].map((n) => [n, undefined]));
  // the object streams, as findNames reads them (only when the plain objects leave a file unnamed)
  const kept = streams.map((s) => ({ s: { ...s, start: 0, end: 0 } as StreamRange, data: Buffer.from(s.data, 'latin1'), names: namesOf(s.dict) }));
  findNames(plain, kept, AS_WRITTEN, nums);

  const lengths = lengthObjects(plain, [...byNum.values()].flatMap((p) => (p.length === undefined && p.lengthRef !== undefined ? [p.lengthRef] : [])));
  const out: PlacedEmbeddedFile[] = [];
  let n = 0;
  for (const p of [...byNum.values()].sort((a, b) => a.start - b.start)) {
    n++;
    const length = p.length ?? (p.lengthRef === undefined ? undefined : lengths.get(p.lengthRef));
    out.push({ name: nums.get(p.num) ?? `embedded file ${n}`, filters: filtersOf(p.names), start: p.start, ...(length !== undefined && { length }) });
  }
  return out;
}

/** The values of the objects `nums` that are a non-negative integer (indirect /Length objects). */
function lengthObjects(plain: readonly Segment[], nums: number[]): Map<number, number> {
  const want = new Set(nums);
  const out = new Map<number, number>();
  if (want.size === 0) return out;
  for (const seg of plain) {
    if (seg.num === undefined || !want.has(seg.num)) continue;
    const v = parseValues(seg.text, undefined, 1)[0];
    if (v?.t === 'num' && Number.isInteger(v.v) && v.v >= 0) out.set(seg.num, v.v);
  }
  return out;
}

/** A new reading of the PDF (its bytes, a new stream of them, or its file read in place). */
export type PdfSource = () => PdfInput;

/**
 * One embedded file's stream data (still encoded by its filters), at most `cap` bytes and never past
 * `size` (the PDF's): `overCap` when its known length is larger (nothing is read), `cut` when the
 * file or the cap ended it before its length or its `endstream`.
 */
export async function readEmbeddedData(source: PdfSource, file: PlacedEmbeddedFile, size: number, cap: number): Promise<{ data: Buffer; cut?: true; overCap?: true }> {
  if (file.length !== undefined && file.length > cap) return { data: Buffer.alloc(0), overCap: true };
  const available = Math.max(0, size - file.start);
  if (file.length !== undefined) {
    const data = await readSpan(source(), file.start, Math.min(file.length, available));
    return data.length < file.length ? { data, cut: true } : { data };
  }
  // no length: up to its endstream, a chunk at a time, within the cap
  const want = Math.min(cap, available);
  const input = source();
  if (!Buffer.isBuffer(input) && Symbol.asyncIterator in input) {
    // a stream is read once: the span in one go, cut at its endstream
    const data = await readSpan(input, file.start, want);
    const end = data.indexOf('endstream', 0, 'latin1');
    return end >= 0 ? { data: withoutEol(data.subarray(0, end)) } : { data, cut: true };
  }
  const parts: Buffer[] = [];
  let got = 0;
  let carry: Buffer = Buffer.alloc(0);
  while (got < want) {
    const chunk = await readSpan(input, file.start + got, Math.min(SEEK_CHUNK, want - got));
    if (chunk.length === 0) break;
    const look = Buffer.concat([carry, chunk]);
    const end = look.indexOf('endstream', 0, 'latin1');
    if (end >= 0) {
      parts.push(chunk);
      return { data: withoutEol(Buffer.concat(parts).subarray(0, got - carry.length + end)) };
    }
    const asked = Math.min(SEEK_CHUNK, want - got);
    parts.push(chunk);
    got += chunk.length;
    carry = chunk.subarray(Math.max(0, chunk.length - 8));
    if (chunk.length < asked) break; // the file ended
  }
  return { data: Buffer.concat(parts), cut: true };
}

/** The data without the end-of-line before `endstream`. */
function withoutEol(b: Buffer): Buffer {
  let to = b.length;
  if (b[to - 1] === 0x0a) to -= b[to - 2] === 0x0d ? 2 : 1;
  else if (b[to - 1] === 0x0d) to -= 1;
  return b.subarray(0, to);
}

/** Bytes [from, from + n) of a PDF input (fewer at its end), as a buffer of their own. */
async function readSpan(input: PdfInput, from: number, n: number): Promise<Buffer> {
  if (n <= 0) return Buffer.alloc(0);
  if (Buffer.isBuffer(input)) return input.subarray(from, from + n);
  if (!(Symbol.asyncIterator in input)) {
    const into = Buffer.allocUnsafe(n);
    const got = await input.readAt(from, into);
    return into.subarray(0, got);
  }
  // a stream: skipped to `from`, holding only the span (a stream given here is read once, front to back)
  const parts: Buffer[] = [];
  let held = 0;
  let at = 0;
  const it = input[Symbol.asyncIterator]();
  try {
    while (held < n) {
      const next = await it.next();
      if (next.done) break;
      const v = next.value;
      const b = Buffer.isBuffer(v) ? v : Buffer.from(v as string);
      const lo = Math.max(0, from + held - at);
      const hi = Math.min(b.length, from + n - at);
      at += b.length;
      if (hi <= lo) continue;
      parts.push(Buffer.from(b.subarray(lo, hi)));
      held += hi - lo;
    }
  } finally {
    await it.return?.();
  }
  return Buffer.concat(parts, held);
}
