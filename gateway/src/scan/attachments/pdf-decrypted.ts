import { promisify } from 'node:util';
import { constants as zlibConstants, inflate, inflateSync } from 'node:zlib';
import type { PdfEncryption } from './pdf-crypt.js';
import { PDF_MAX_IMAGES } from '../qr/pdf-images.js';
import { namesOf, objectStreamMembers, parseValues, segments, splitStreamRanges, streamBytes, textOf, type PdfDict, type PdfValue, type StreamRange } from './pdf-syntax.js';

/**
 * A decrypted copy of a PDF that pdf.ts opened with a password (or, for its pictures only, one
 * that opens without one), for what cannot read the original:
 *  - ClamAV: clamd tries only the empty user password, so a PDF locked with a password the
 *    message gives reaches it unreadable. It gets this copy as "file.pdf → decrypted" (walk-pdf.ts), as
 *    an RC4-encrypted .xls is sent decrypted (macros.ts): every object of the file, its
 *    streams decrypted (still compressed: ClamAV inflates them) and its strings rewritten
 *    decrypted (a /JS script is a string), without /Encrypt and cross-reference streams;
 *  - the QR reader (qr/pdf-images.ts): the picture XObjects decrypted, read like any PDF's;
 *  - the walk: the embedded files (/EmbeddedFile streams) with the names their file
 *    specifications give, walked as members (names, true type, macros, clamd).
 *
 * Bounded: only PDFs held whole (at most PDF_MAX_BYTES); the copy stops at `maxBytes` (the least of
 * the walk's byte budget left and the message's PDF_MESSAGE_COPY_BYTES: nothing is made past it)
 * and MAX_OBJECTS; one pass of decryption (RC4 or AES) over the streams
 * kept; object streams are inflated to find embedded files' names only when there are embedded
 * files, within NAME_INFLATE_BYTES. Never throws on a broken PDF: what cannot be read is left out.
 */

type Readable = Extract<PdfEncryption, { state: 'readable' }>;

export interface EmbeddedFile {
  /** The name its file specification gives (/UF, /F ...), else "embedded file N". */
  name: string;
  /** The stream's data decrypted, still encoded by its filters. */
  data: Buffer;
  /** Its /Filter names ([]: stored as is). */
  filters: string[];
}

export interface DecryptedPdf {
  /** The decrypted copy (only the pictures when asked for pictures only). */
  pdf: Buffer;
  /** Embedded files met (none when asked for pictures only), at most MAX_EMBEDDED. */
  embedded: EmbeddedFile[];
}

/**
 * Objects written to a copy at most (a 4 MB PDF of real documents holds a few thousand; 4 MB of
 * `1 0 obj (` hold 460,000): past it the copy ends there, what it holds still goes to ClamAV.
 */
const MAX_OBJECTS = 50_000;
/** Embedded files kept per PDF at most (the walk's entry limit applies on top). */
export const MAX_EMBEDDED = 64;
/** Inflated object-stream bytes at most, read only for embedded files' names. */
const NAME_INFLATE_BYTES = 8 * 1024 * 1024;
const MAX_NAME_STREAMS = 200;
/** Objects with an /EF entry parsed for names at most. */
const MAX_NAME_OBJECTS = 1000;
/** Keys of an /EF dictionary and of a file specification holding a file name, most telling first. */
const NAME_KEYS = ['UF', 'F', 'Unix', 'DOS', 'Mac'] as const;

const WS = ' \t\n\r\f\0';
/** The /Length entry of a stream dictionary, direct or by reference (what the copy rewrites). */
const LENGTH_RE = /\/Length[\x00\t\n\f\r ]{1,16}\d{1,10}(?:[\x00\t\n\f\r ]{1,16}\d{1,5}[\x00\t\n\f\r ]{1,16}R(?![A-Za-z0-9]))?(?![\d.])/g;

/**
 * The decrypted copy of `bytes` (a PDF opened with `crypt`), at most `maxBytes` long: undefined when
 * it would be longer, or holds nothing. `picturesOnly`: only the picture XObjects (at most
 * PDF_MAX_IMAGES), for the QR reader.
 */
export function decryptedPdf(bytes: Buffer, crypt: Readable, opts: { maxBytes: number; picturesOnly?: boolean }): DecryptedPdf | undefined {
  const { outside, streams } = splitStreamRanges(bytes, opts.picturesOnly ? isPicture : () => true);
  const plain = segments(outside);
  const out = new Output(opts.maxBytes);
  out.text('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  let root: PdfValue | undefined;
  let encryptNum: number | undefined;
  const trailerEntries = (d: PdfDict) => {
    root = d.m.get('Root') ?? root;
    const enc = d.m.get('Encrypt');
    if (enc?.t === 'ref') encryptNum = enc.n;
  };
  for (const seg of plain) if (seg.num === undefined && seg.text.includes('trailer')) parseValues(seg.text, (d, kw) => kw === 'trailer' && trailerEntries(d));

  const embeddedNums = new Map<number, string | undefined>();
  let pictures = 0;
  // stream data decrypts to at most its own size: past the limit, stop before decrypting anything more
  let planned = 0;
  const kept: { s: StreamRange; data: Buffer; names: string[] }[] = [];
  for (const s of streams) {
    if (kept.length >= MAX_OBJECTS) break;
    if (s.num === undefined) continue; // no object header: no key to decrypt it with
    const names = namesOf(s.dict);
    const typed = (t: string) => names.some((n, i) => n === 'Type' && names[i + 1] === t);
    if (typed('XRef')) {
      // never encrypted, and it carries the trailer entries: its /Root is the copy's
      const d = parseValues(s.dict, undefined, 1)[0];
      if (d?.t === 'dict') trailerEntries(d);
      continue;
    }
    const picture = names.includes('Image') && names.includes('Subtype');
    if (opts.picturesOnly && (!picture || pictures >= PDF_MAX_IMAGES)) continue;
    if (picture) pictures++;
    const raw = streamBytes(bytes, s);
    if ((planned += raw.length) > opts.maxBytes) return undefined;
    const data = crypt.decryptStream(raw, s.num, s.gen ?? 0);
    if (!data) continue;
    if (typed('EmbeddedFile') && embeddedNums.size < MAX_EMBEDDED) embeddedNums.set(s.num, undefined);
    kept.push({ s, data, names });
  }

  if (!opts.picturesOnly) {
    for (const seg of plain) {
      if (out.objects + kept.length >= MAX_OBJECTS) break;
      // objects whose stream is written below (their text keeps the "endstream" after the cut), the encryption dictionary
      if (seg.num === undefined || seg.num === encryptNum || seg.text.includes('endstream')) continue;
      if (!out.text(`${seg.num} ${seg.gen ?? 0} obj\n${clearStrings(seg.text, crypt, seg.num, seg.gen ?? 0)}\nendobj\n`)) return undefined;
    }
  }
  for (const { s, data } of kept) {
    const dict = clearStrings(s.dict, crypt, s.num!, s.gen ?? 0).replace(LENGTH_RE, '');
    const close = dict.lastIndexOf('>>');
    const withLength = close >= 0 ? `${dict.slice(0, close)} /Length ${data.length} ${dict.slice(close)}` : `${dict} /Length ${data.length}`;
    if (!out.text(`${s.num} ${s.gen ?? 0} obj\n${withLength.trim()}\nstream\n`) || !out.bytes(data) || !out.text('\nendstream\nendobj\n')) return undefined;
  }
  if (out.objects === 0) return undefined;
  // no cross-reference table: ClamAV and pdf-images.ts find objects by their headers
  const rootRef = root?.t === 'ref' ? ` /Root ${root.n} ${root.g} R` : '';
  if (!out.text(`trailer\n<<${rootRef} >>\n%%EOF\n`)) return undefined;

  const embedded: EmbeddedFile[] = [];
  if (!opts.picturesOnly && embeddedNums.size > 0) {
    findNames(plain, kept, crypt, embeddedNums);
    let n = 0;
    for (const { s, data, names } of kept) {
      if (embedded.length >= MAX_EMBEDDED) break;
      if (!embeddedNums.has(s.num!)) continue;
      n++;
      embedded.push({ name: embeddedNums.get(s.num!) ?? `embedded file ${n}`, data, filters: filtersOf(names) });
    }
  }
  return { pdf: out.done(), embedded };
}

function isPicture(dict: string): boolean {
  const names = namesOf(dict);
  return names.includes('Image') && names.includes('Subtype');
}

/**
 * An embedded file's content: its data as stored, or inflated (FlateDecode) up to `cap` bytes.
 * `overCap` when it inflates past the cap; undefined for another filter (ClamAV reads it in the copy).
 */
export async function embeddedContent(file: EmbeddedFile, cap: number): Promise<{ data: Buffer; overCap?: true; damaged?: true } | undefined> {
  if (file.filters.length === 0) return file.data.length <= cap ? { data: file.data } : { data: Buffer.alloc(0), overCap: true };
  if (file.filters.length !== 1 || (file.filters[0] !== 'FlateDecode' && file.filters[0] !== 'Fl')) return undefined;
  try {
    return { data: await inflateAsync(file.data, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: Math.max(1, cap) }) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { data: Buffer.alloc(0), overCap: true };
    return { data: Buffer.alloc(0), damaged: true };
  }
}

const inflateAsync = promisify(inflate);

/** The copy, as parts, refusing anything past its byte limit. */
class Output {
  private readonly parts: Buffer[] = [];
  private size = 0;
  objects = 0;
  constructor(private readonly max: number) {}

  text(s: string): boolean {
    if (s.endsWith('endobj\n')) this.objects++;
    return this.bytes(Buffer.from(s, 'latin1'));
  }

  bytes(b: Buffer): boolean {
    if (this.size + b.length > this.max) return false;
    this.parts.push(b);
    this.size += b.length;
    return true;
  }

  done(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}

export function filtersOf(names: string[]): string[] {
  const at = names.indexOf('Filter');
  if (at < 0) return [];
  // the names after /Filter up to the next key that is no filter name: /FlateDecode, [/A85 /Fl] ...
  const out: string[] = [];
  for (const n of names.slice(at + 1)) {
    if (!/Decode$|^(?:AHx|A85|LZW|Fl|RL|CCF|DCT|Crypt)$/.test(n)) break;
    out.push(n);
  }
  return out;
}

/**
 * The text of a plain object with each string (literal or hex) replaced by its decrypted bytes as a
 * literal string. Strings of objects inside object streams are not encrypted on their own (the stream
 * is), so only plain objects and stream dictionaries come here. Linear: one pass, each string read once.
 */
export function clearStrings(text: string, crypt: Readable, num: number, gen: number): string {
  const parts: string[] = [];
  let last = 0;
  let i = 0;
  const put = (from: number, to: number, raw: string) => {
    const clear = crypt.decryptString(raw, num, gen) ?? '';
    parts.push(text.slice(last, from), literal(clear));
    last = i = to;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '%') {
      // a comment, to the end of its line (a parenthesis in it opens no string)
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '(') {
      const s = literalAt(text, i);
      if (!s) break; // never closed: left as written
      put(i, s.end, s.value);
    } else if (c === '<') {
      if (text[i + 1] === '<') {
        i += 2;
        continue;
      }
      const end = text.indexOf('>', i + 1);
      if (end < 0) break;
      const hex = [...text.slice(i + 1, end)].filter((ch) => !WS.includes(ch)).join('');
      if (!/^[0-9A-Fa-f]*$/.test(hex)) {
        i = end + 1;
        continue;
      }
      put(i, end + 1, Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1'));
    } else i++;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/**
 * Bytes as a literal string, escaped only where the syntax needs it (`\\`, `(`, `)`, and CR, which a
 * reader would turn into LF): the text stays as it is, so ClamAV's signatures match a decrypted
 * script as they match a clear one (it does not decode hex strings: measured, clamd 1.0).
 */
function literal(bytes: string): string {
  let out = '(';
  let last = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== '\\' && c !== '(' && c !== ')' && c !== '\r') continue;
    out += bytes.slice(last, i) + (c === '\r' ? '\\r' : `\\${c}`);
    last = i + 1;
  }
  return `${out}${bytes.slice(last)})`;
}

const ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

/** The literal string opening at `start` ('('), whole (no length cap: a script is a string), with its escapes undone. */
function literalAt(text: string, start: number): { value: string; end: number } | undefined {
  const out: number[] = [];
  let depth = 1;
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === undefined) return undefined;
      if (e in ESCAPES) {
        out.push(ESCAPES[e]!);
        i += 2;
      } else if (e >= '0' && e <= '7') {
        let k = i + 1;
        while (k < i + 4 && text[k]! >= '0' && text[k]! <= '7') k++;
        out.push(parseInt(text.slice(i + 1, k), 8) & 0xff);
        i = k;
      } else if (e === '\r' || e === '\n') {
        i += e === '\r' && text[i + 2] === '\n' ? 3 : 2; // a line continuation
      } else {
        out.push(e.charCodeAt(0) & 0xff);
        i += 2;
      }
      continue;
    }
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return { value: Buffer.from(out).toString('latin1'), end: i + 1 };
    out.push(c & 0xff);
    i++;
  }
  return undefined;
}

/**
 * The names of the embedded files `nums` (object number → name), from the file specifications
 * pointing at them (`/EF << /F 7 0 R >>` beside `/UF (name)`), in plain objects (their strings
 * decrypted with the object's key) and, when some are still unnamed, in object streams. (A clear
 * PDF's too, with strings left as they are: pdf-embedded.ts.)
 */
export function findNames(plain: ReturnType<typeof segments>, kept: { s: StreamRange; data: Buffer; names: string[] }[], crypt: Pick<Readable, 'decryptString'>, nums: Map<number, string | undefined>): void {
  const fromDict = (d: PdfDict, decode: (s: string) => string | undefined) => {
    const ef = d.m.get('EF');
    if (ef?.t !== 'dict') return;
    let name: string | undefined;
    for (const key of NAME_KEYS) {
      const v = d.m.get(key);
      if (v?.t === 'str') name = decode(v.s);
      if (name) break;
    }
    if (!name) return;
    for (const key of NAME_KEYS) {
      const ref = ef.m.get(key);
      if (ref?.t !== 'ref' || !nums.has(ref.n) || nums.get(ref.n) !== undefined) continue;
      const clean = cleanName(name);
      if (clean === undefined) continue;
      nums.set(ref.n, clean);
      unnamed--;
    }
  };
  let unnamed = nums.size;
  let parsed = 0;
  for (const seg of plain) {
    if (unnamed === 0 || parsed >= MAX_NAME_OBJECTS) return;
    if (seg.num === undefined || !seg.text.includes('/EF')) continue;
    parsed++;
    const num = seg.num;
    const gen = seg.gen ?? 0;
    parseValues(seg.text, (d) => fromDict(d, (s) => crypt.decryptString(s, num, gen)));
  }
  if (unnamed === 0) return;
  let budget = NAME_INFLATE_BYTES;
  let streams = 0;
  for (const { s, data, names } of kept) {
    if (budget <= 0 || streams >= MAX_NAME_STREAMS) break;
    if (!names.some((n, i) => n === 'Type' && names[i + 1] === 'ObjStm') || !filtersOf(names).every((f) => f === 'FlateDecode' || f === 'Fl')) continue;
    streams++;
    let inflated: string;
    try {
      const raw = filtersOf(names).length > 0 ? inflateSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: budget }) : data;
      budget -= raw.length;
      inflated = raw.toString('latin1');
    } catch {
      continue; // past the budget or damaged: its names stay unknown
    }
    if (!inflated.includes('/EF')) continue;
    for (const o of objectStreamMembers(inflated, s.dict, 10_000)) {
      if (unnamed === 0 || parsed >= MAX_NAME_OBJECTS) return;
      if (!o.text.includes('/EF')) continue;
      parsed++;
      parseValues(o.text, (d) => fromDict(d, (str) => str));
    }
  }
}

/** A file name as a walk member: text (UTF-16 or UTF-8 with a mark, else Latin-1), without control characters, at most 255 characters. */
function cleanName(raw: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const name = textOf(raw).replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 255);
  return name || undefined;
}
