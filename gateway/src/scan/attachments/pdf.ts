import { promisify } from 'node:util';
import { constants as zlibConstants, inflate } from 'node:zlib';

/**
 * What a PDF can do when opened, read from its own structure without a full PDF parser:
 *  - active content, by the PDF names that switch it on (`/JavaScript`, `/Launch`, `/OpenAction`,
 *    ...), with `#xx` escapes in names decoded first (`/J#61vaScript` is `/JavaScript`), in the
 *    file's dictionaries and in its FlateDecode object streams (PDF 1.5 keeps dictionaries there,
 *    compressed, which is where malicious PDFs hide them);
 *  - the `/URI (...)` targets of link annotations (literal or hex strings), for the URL checks.
 *
 * Bounded: at most `maxBytes` of the file are read; object streams are inflated within a total
 * budget and a per-stream ratio (the archive limits). Never throws on a broken PDF: whatever could
 * be read is reported, the rest is simply not seen. Stream data that is not an object stream
 * (pictures, fonts, page text) is skipped, so random bytes in a picture never read as a name.
 */

export type PdfActive = 'javascript' | 'launch' | 'auto-action' | 'embedded-file' | 'submit-form' | 'xfa' | 'rich-media';

export interface PdfReport {
  /** What was found, in a stable order. */
  active: PdfActive[];
  /** /URI targets as written (decoded from their string syntax), at most PDF_MAX_URIS. */
  uris: string[];
  /** Object streams that could not be inflated completely (corrupt, or cut at a limit). */
  streamsSkipped: number;
}

export interface PdfLimits {
  /** Inflated bytes of all object streams together. */
  inflateTotalBytes: number;
  /** Inflated/compressed ratio over which a stream is read only up to RATIO_MIN_BYTES. */
  inflateMaxRatio: number;
}

/**
 * Bytes of a PDF read at most (the head of a bigger file), as HTML_MAX_BYTES: twenty 25 MB messages
 * at once must stay within the memory target, and phishing and script PDFs are small. What lies past
 * it (a big scanned document with an update appended) is left to clamd.
 */
export const PDF_MAX_BYTES = 4 * 1024 * 1024;
/** Inflated object-stream bytes per PDF at most (less when the archive budget is smaller). */
export const PDF_MAX_INFLATE = 32 * 1024 * 1024;
/** /URI targets kept per PDF. */
export const PDF_MAX_URIS = 200;
/** Object streams inflated per PDF at most. */
const MAX_OBJECT_STREAMS = 2000;
/** Outputs smaller than this are not held to the ratio (as archive entries: walk.ts RATIO_MIN_BYTES). */
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

const inflateAsync = promisify(inflate);

/** True when the bytes start like a PDF (readers accept the header anywhere in the first 1 KB). */
export function looksLikePdf(head: Buffer): boolean {
  return head.subarray(0, 1024).includes('%PDF-');
}

/** Inspects a PDF held in memory (at most PDF_MAX_BYTES of it). Never throws. */
export async function inspectPdf(bytes: Buffer, limits: PdfLimits): Promise<PdfReport> {
  const text = bytes.subarray(0, PDF_MAX_BYTES).toString('latin1');
  const found = new Set<PdfActive>();
  const uris: string[] = [];
  let skipped = 0;
  const { outside, streams } = splitStreams(text);
  scanObjects(outside, found, uris);

  let budget = Math.min(limits.inflateTotalBytes, PDF_MAX_INFLATE);
  for (const s of streams.slice(0, MAX_OBJECT_STREAMS)) {
    if (budget <= 0) {
      skipped++;
      continue;
    }
    const data = Buffer.from(s.data, 'latin1');
    const ratioCap = Math.max(RATIO_MIN_BYTES, data.length * limits.inflateMaxRatio);
    const cap = Math.min(budget, ratioCap);
    const out = await inflateCapped(data, cap);
    if (!out.complete) skipped++;
    budget -= out.data.length;
    scanObjects(out.data.toString('latin1'), found, uris);
  }
  return { active: ORDER.filter((a) => found.has(a)), uris, streamsSkipped: skipped };
}

/** The tags of a finding: what was found, plus 'javascript-on-open' when scripts run on opening. */
export function pdfTags(report: PdfReport): string[] {
  const tags: string[] = [...report.active];
  if (report.active.includes('javascript') && report.active.includes('auto-action')) tags.push('javascript-on-open');
  return tags;
}

/**
 * A report worth a finding: anything active except an automatic action alone (an /OpenAction that
 * only opens page 1 at a zoom level is in countless harmless PDFs).
 */
export function pdfIsActive(report: PdfReport): boolean {
  return report.active.some((a) => a !== 'auto-action');
}

interface ObjectStream {
  data: string;
}

/**
 * The file's text with stream data cut out, and the data of the FlateDecode object streams.
 * A stream's data runs from after `stream` + EOL to the next `endstream` (a /Length that lies is
 * no help to an attacker: the data is still cut at endstream).
 */
function splitStreams(text: string): { outside: string; streams: ObjectStream[] } {
  const parts: string[] = [];
  const streams: ObjectStream[] = [];
  const re = /\bstream(?:\r\n|\n|\r)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text.startsWith('end', m.index - 3)) continue; // "endstream" followed by an EOL
    const start = m.index + m[0].length;
    let end = text.indexOf('endstream', start);
    if (end < 0) end = text.length;
    const dict = text.slice(Math.max(last, text.lastIndexOf('obj', m.index), m.index - 4096), m.index);
    parts.push(text.slice(last, m.index));
    if (isFlateObjectStream(dict)) streams.push({ data: text.slice(start, end).replace(/(?:\r\n|\n|\r)$/, '') });
    last = end;
    re.lastIndex = end;
  }
  parts.push(text.slice(last));
  return { outside: parts.join('\n'), streams };
}

/** The stream's dictionary says /Type /ObjStm and /Filter /FlateDecode (alone: other filters are not ours to undo). */
function isFlateObjectStream(dict: string): boolean {
  const names = [...dict.matchAll(NAME_RE)].map((m) => decodeName(m[1]!));
  const at = (key: string) => names.indexOf(key);
  const type = at('Type');
  if (type < 0 || names[type + 1] !== 'ObjStm') return false;
  const filter = at('Filter');
  if (filter < 0 || names[filter + 1] !== 'FlateDecode') return false;
  // [/FlateDecode /ASCIIHexDecode ...]: a chain we do not undo
  return !names.slice(filter + 2).some((n) => /Decode$|^(AHx|A85|LZW|Fl|RL|CCF|DCT)$/.test(n));
}

/** A PDF name: '/' and regular characters up to a delimiter or white space. */
const NAME_RE = /\/([^\x00\t\n\f\r ()<>[\]{}/%]*)/g;

function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
}

/** Names that switch on active content, and /URI strings, in PDF object syntax. */
function scanObjects(text: string, found: Set<PdfActive>, uris: string[]): void {
  NAME_RE.lastIndex = 0;
  for (let m = NAME_RE.exec(text); m; m = NAME_RE.exec(text)) {
    const name = decodeName(m[1]!);
    const active = NAMES[name];
    if (active) found.add(active);
    else if (name === 'URI' && uris.length < PDF_MAX_URIS) {
      const s = readString(text, NAME_RE.lastIndex);
      if (s) {
        NAME_RE.lastIndex = s.end;
        const uri = s.value.trim();
        if (uri && uri.length <= MAX_URI_CHARS && !uris.includes(uri)) uris.push(uri);
      }
    }
  }
}

/** The PDF string (literal or hex) starting after white space at `pos`, or undefined. */
function readString(text: string, pos: number): { value: string; end: number } | undefined {
  let i = pos;
  while (i < text.length && /[\x00\t\n\f\r ]/.test(text[i]!)) i++;
  if (text[i] === '(') return readLiteral(text, i + 1);
  if (text[i] === '<' && text[i + 1] !== '<') {
    const close = text.indexOf('>', i + 1);
    if (close < 0 || close - i > MAX_URI_CHARS * 2 + 64) return undefined;
    let hex = text.slice(i + 1, close).replace(/[\x00\t\n\f\r ]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex)) return undefined;
    if (hex.length % 2) hex += '0';
    return { value: textOf(Buffer.from(hex, 'hex')), end: close + 1 };
  }
  return undefined;
}

const ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

/** A literal string from after its '(' : balanced parentheses, backslash escapes, octal codes. */
function readLiteral(text: string, start: number): { value: string; end: number } | undefined {
  const out: number[] = [];
  let depth = 1;
  let i = start;
  const limit = Math.min(text.length, start + MAX_URI_CHARS * 4);
  while (i < limit) {
    const c = text[i]!;
    if (c === '\\') {
      const n = text[i + 1];
      if (n === undefined) break;
      if (n in ESCAPES) {
        out.push(ESCAPES[n]!);
        i += 2;
      } else if (/[0-7]/.test(n)) {
        const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
        out.push(parseInt(oct, 8) & 0xff);
        i += 1 + oct.length;
      } else if (n === '\r' || n === '\n') {
        i += n === '\r' && text[i + 2] === '\n' ? 3 : 2; // a line continuation
      } else {
        out.push(n.charCodeAt(0)); // an unknown escape: the backslash is dropped
        i += 2;
      }
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { value: textOf(Buffer.from(out)), end: i + 1 };
    out.push(c.charCodeAt(0) & 0xff);
    i++;
  }
  return undefined;
}

/** A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its mark, else bytes as Latin-1. */
function textOf(b: Buffer): string {
  if (b[0] === 0xfe && b[1] === 0xff) {
    const body = b.subarray(2, b.length - (b.length % 2));
    return Buffer.from(body).swap16().toString('utf16le');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return b.toString('latin1');
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
