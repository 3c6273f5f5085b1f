/**
 * PDF object syntax, read from a file's text (bytes as Latin-1) without a full PDF parser:
 *  - `splitStreamsBytes` / `splitStreamRanges`: the file's text with stream data cut out, and the
 *    streams a caller keeps (object streams, pictures, page content), made strings only where kept;
 *  - `segments`: that text cut into its objects (`12 0 obj … endobj`) and what lies between them
 *    (the trailer);
 *  - `parseValues`: the values of a segment (dictionaries, arrays, names, strings, numbers,
 *    references), each dictionary handed to a callback as soon as it is complete.
 *
 * Everything here is linear in its input and bounded: strings are kept up to MAX_STRING_CHARS,
 * arrays up to MAX_ARRAY_ITEMS, nesting up to MAX_DEPTH; garbage is skipped, never thrown on.
 */

export type PdfValue =
  | { t: 'dict'; m: Map<string, PdfValue> }
  | { t: 'arr'; a: PdfValue[] }
  | { t: 'name'; v: string }
  /** Bytes as a Latin-1 string, as written (still encrypted when the file is). */
  | { t: 'str'; s: string }
  | { t: 'num'; v: number }
  | { t: 'ref'; n: number; g: number }
  | { t: 'kw'; v: string };

export type PdfDict = Extract<PdfValue, { t: 'dict' }>;

/** An object stream, or the data of a stream we may have to decrypt. */
export interface RawStream {
  /** The stream's dictionary as written. */
  dict: string;
  /** Number and generation of the object the stream belongs to (undefined when no header was found). */
  num?: number;
  gen?: number;
  /** Offset of the stream in the file's text. */
  pos: number;
  data: string;
}

/** A piece of the file's text outside stream data: one object, or what lies between objects. */
export interface Segment {
  text: string;
  pos: number;
  /** Object number and generation for `N G obj … endobj`; undefined between objects. */
  num?: number;
  gen?: number;
}

/** Characters kept of one string (longer ones are skipped past; a URL is never that long). */
export const MAX_STRING_CHARS = 16 * 1024;
const MAX_ARRAY_ITEMS = 64;
/** Values kept in dictionaries and arrays per parse, and string characters (memory stays small whatever the input). */
const MAX_STORED_VALUES = 20_000;
const MAX_STORED_CHARS = 4 * 1024 * 1024;
const MAX_TOP_VALUES = 16;
const MAX_DEPTH = 32;
/** How far before `stream` the stream's dictionary and object header are looked for. */
const DICT_LOOKBACK = 4096;

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** A PDF name: '/' and regular characters up to a delimiter or white space. */
export const NAME_RE = /\/([^\x00\t\n\f\r ()<>[\]{}/%]*)/g;

/** The same, matched exactly where the parser stands (its own regex: NAME_RE may be mid-loop in a caller). */
const NAME_AT = /\/([^\x00\t\n\f\r ()<>[\]{}/%]*)/y;

export function decodeName(raw: string): string {
  return raw.includes('#') ? raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isPdfSpace = (c: number): boolean => c === 0x00 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;

/**
 * `N G ` at the end of `text` (the object header before `obj`): N of 1–10 digits, G of 1–5, each
 * followed by 1–16 white-space characters. Read backwards by hand: as a regular expression anchored
 * at the end it backtracks over every digit run.
 */
export function objectHeaderAtEnd(text: string): { num: number; gen: number } | undefined {
  let i = text.length;
  const run = (test: (c: number) => boolean, min: number, max: number): number | undefined => {
    const end = i;
    while (i > 0 && end - i < max && test(text.charCodeAt(i - 1))) i--;
    return end - i >= min ? end : undefined;
  };
  if (run(isPdfSpace, 1, 16) === undefined) return undefined;
  const genEnd = run(isDigit, 1, 5);
  if (genEnd === undefined) return undefined;
  const gen = Number(text.slice(i, genEnd));
  // more digits than 5 right before: not a generation number as the expression read it
  if (i > 0 && isDigit(text.charCodeAt(i - 1))) return undefined;
  if (run(isPdfSpace, 1, 16) === undefined) return undefined;
  const numEnd = run(isDigit, 1, 10);
  if (numEnd === undefined) return undefined;
  return { num: Number(text.slice(i, numEnd)), gen };
}

/** A byte that `\b` counts as part of a word (so "xstream" is not a stream keyword). */
function isWordByte(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f);
}

/**
 * The file's text with stream data cut out, and the data of the streams `keep` asks for. A stream's
 * data runs from after `stream` + EOL for /Length bytes when /Length is a direct number that ends
 * at `endstream`; otherwise up to the next `endstream` (a /Length that lies is no help to an
 * attacker: the data is still cut at endstream). Read on the bytes: only what is kept (the text
 * outside stream data, dictionaries, the kept streams) is ever made a string (the test holds the
 * reader on the whole Latin-1 text this replaced, and checks both agree).
 * A big PDF's window is mostly picture data: converting all of it made a 4 MB string per window, and
 * every kept piece of it (a dictionary, an object stream) was a slice that held the whole string alive
 * until the PDF was done.
 */
export function splitStreamsBytes(bytes: Buffer, keep: (dict: string) => boolean): { outside: string; streams: RawStream[] } {
  const { outside, streams } = splitStreamRanges(bytes, keep);
  return {
    outside,
    streams: streams.map(({ start, end, ...s }) => ({ ...s, data: streamDataBytes(bytes, start, end, s.dict) })),
  };
}

/** A kept stream's place in the bytes: its data is `bytes[start, end)` before /Length and the last EOL are applied. */
export interface StreamRange extends Omit<RawStream, 'data'> {
  start: number;
  end: number;
}

/** splitStreamsBytes with the kept streams as byte ranges (their data is read with `streamBytes`). */
export function splitStreamRanges(bytes: Buffer, keep: (dict: string) => boolean): { outside: string; streams: StreamRange[] } {
  const parts: string[] = [];
  const streams: StreamRange[] = [];
  const latin1 = (from: number, to: number): string => bytes.toString('latin1', from, to);
  let last = 0;
  let at = bytes.indexOf('stream', 0, 'latin1');
  while (at >= 0) {
    const eol = bytes[at + 6];
    const eolLength = eol === 0x0d ? (bytes[at + 7] === 0x0a ? 2 : 1) : eol === 0x0a ? 1 : 0;
    const isKeyword = eolLength > 0 && !isWordByte(bytes[at - 1]) && !(at >= 3 && bytes.toString('latin1', at - 3, at) === 'end');
    if (!isKeyword) {
      at = bytes.indexOf('stream', at + 1, 'latin1');
      continue;
    }
    const start = at + 6 + eolLength;
    let end = bytes.indexOf('endstream', start, 'latin1');
    if (end < 0) end = bytes.length;
    const before = latin1(Math.max(last, at - DICT_LOOKBACK), at);
    const objAt = before.lastIndexOf('obj');
    const dict = objAt >= 0 ? before.slice(objAt + 3) : before;
    parts.push(latin1(last, at));
    if (keep(dict)) {
      const header = objAt >= 0 ? objectHeaderAtEnd(before.slice(Math.max(0, objAt - 40), objAt)) : undefined;
      const s: StreamRange = { dict: copyOf(dict), pos: at, start, end };
      if (header) {
        s.num = header.num;
        s.gen = header.gen;
      }
      streams.push(s);
    }
    last = end;
    at = bytes.indexOf('stream', end, 'latin1');
  }
  parts.push(latin1(last, bytes.length));
  return { outside: parts.join('\n'), streams };
}

/** A string of its own (a slice of a bigger string keeps the bigger one alive). */
function copyOf(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}

function streamDataBytes(bytes: Buffer, start: number, end: number, dict: string): string {
  const [from, to] = streamSpan(bytes, start, end, dict);
  return bytes.toString('latin1', from, to);
}

/** A kept stream's data as a view of `bytes` (no copy). */
export function streamBytes(bytes: Buffer, range: StreamRange): Buffer {
  const [from, to] = streamSpan(bytes, range.start, range.end, range.dict);
  return bytes.subarray(from, to);
}

/** Where a stream's data is: /Length bytes when that ends at `endstream`, else up to it without its last EOL. */
function streamSpan(bytes: Buffer, start: number, end: number, dict: string): [number, number] {
  const length = /\/Length[\x00\t\n\f\r ]+(\d{1,10})(?![\d.]|[\x00\t\n\f\r ]+\d{1,5}[\x00\t\n\f\r ]+R)/.exec(dict);
  if (length) {
    const n = Number(length[1]);
    if (start + n <= end && /^[\x00\t\n\f\r ]*$/.test(bytes.toString('latin1', start + n, end))) return [start, start + n];
  }
  let to = end;
  if (bytes[to - 1] === 0x0a) to -= bytes[to - 2] === 0x0d ? 2 : 1;
  else if (bytes[to - 1] === 0x0d) to -= 1;
  return [start, Math.max(start, to)];
}

/** The stream's dictionary says /Type /ObjStm and /Filter /FlateDecode (alone: other filters are not ours to undo). */
export function isFlateObjectStream(dict: string): boolean {
  const names = namesOf(dict);
  const at = (key: string) => names.indexOf(key);
  const type = at('Type');
  if (type < 0 || names[type + 1] !== 'ObjStm') return false;
  const filter = at('Filter');
  if (filter < 0 || names[filter + 1] !== 'FlateDecode') return false;
  // [/FlateDecode /ASCIIHexDecode ...]: a chain we do not undo
  return !names.slice(filter + 2).some((n) => /Decode$|^(AHx|A85|LZW|Fl|RL|CCF|DCT)$/.test(n));
}

export function namesOf(text: string): string[] {
  return [...text.matchAll(NAME_RE)].map((m) => decodeName(m[1]!));
}

/** The text cut into objects (`N G obj … endobj`) and the pieces between them, in file order. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  // every "endobj" first, once: finding the end of each object is then a walk, never a rescan
  const ends: number[] = [];
  for (let i = text.indexOf('endobj'); i >= 0; i = text.indexOf('endobj', i + 6)) ends.push(i);
  const header = /(?<![0-9])(\d{1,10})[\x00\t\n\f\r ]{1,16}(\d{1,5})[\x00\t\n\f\r ]{1,16}obj\b/g;
  let last = 0;
  let e = 0;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const bodyStart = m.index + m[0].length;
    if (m.index > last) out.push({ text: text.slice(last, m.index), pos: last });
    while (e < ends.length && ends[e]! < bodyStart) e++;
    // the body ends at endobj, or where the next object starts when endobj is missing
    const next = header.exec(text);
    const nextStart = next ? next.index : text.length;
    const end = e < ends.length && ends[e]! < nextStart ? ends[e]! : nextStart;
    out.push({ text: text.slice(bodyStart, end), pos: m.index, num: Number(m[1]), gen: Number(m[2]) });
    last = end < nextStart ? end + 6 : end;
    header.lastIndex = Math.max(last, end);
    if (!next) break;
  }
  if (last < text.length) out.push({ text: text.slice(last), pos: last });
  return out;
}

/** The objects of an inflated object stream: `n1 off1 n2 off2 …` then the objects from /First on. */
export function objectStreamMembers(data: string, dict: string, max: number): { num: number; text: string }[] {
  const first = /\/First[\x00\t\n\f\r ]+(\d{1,10})/.exec(dict);
  const count = /\/N[\x00\t\n\f\r ]+(\d{1,10})/.exec(dict);
  if (!first || !count) return [];
  const start = Number(first[1]);
  const n = Math.min(Number(count[1]), max);
  if (start > data.length) return [];
  const nums = /(\d{1,10})[\x00\t\n\f\r ]+(\d{1,10})/y;
  const pairs: { num: number; off: number }[] = [];
  let at = 0;
  const head = data.slice(0, start);
  for (let i = 0; i < n; i++) {
    while (at < head.length && WS.has(head.charCodeAt(at))) at++;
    nums.lastIndex = at;
    const m = nums.exec(head);
    if (!m) break;
    pairs.push({ num: Number(m[1]), off: Number(m[2]) });
    at = nums.lastIndex;
  }
  return pairs.map((p, i) => {
    const from = start + p.off;
    const to = i + 1 < pairs.length ? start + pairs[i + 1]!.off : data.length;
    return { num: p.num, text: from <= to && from <= data.length ? data.slice(from, to) : '' };
  });
}

/** A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its mark, else bytes as Latin-1. */
export function textOf(bytes: string): string {
  if (bytes.startsWith('\xfe\xff')) {
    const b = Buffer.from(bytes.slice(2, bytes.length - (bytes.length % 2)), 'latin1');
    return b.swap16().toString('utf16le');
  }
  if (bytes.startsWith('\xef\xbb\xbf')) return Buffer.from(bytes.slice(3), 'latin1').toString('utf8');
  return bytes;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };

interface Frame {
  value: Extract<PdfValue, { t: 'dict' } | { t: 'arr' }>;
  key?: string;
}

/**
 * Parses the values of `text` (an object's body, or the text between objects). `onDict` is called
 * for every dictionary once it is complete (inner ones first), with the keyword read just before the
 * top-level value it belongs to ('trailer' for the trailer dictionary). Returns the first
 * MAX_TOP_VALUES top-level values; stops after `stopAfter` of them.
 * Never throws: unknown bytes are skipped, an unterminated string or dictionary is dropped.
 */
export function parseValues(text: string, onDict?: (d: PdfDict, topKeyword: string | undefined) => void, stopAfter = Infinity): PdfValue[] {
  const top: PdfValue[] = [];
  const stack: Frame[] = [];
  let held: number[] = []; // numbers that may be the start of "N G R"
  let keyword: string | undefined; // the last top-level keyword
  let topKeyword: string | undefined; // the keyword before the current top-level value
  let i = 0;
  const n = text.length;

  let stored = 0;
  let storedChars = 0;
  const emit = (v: PdfValue) => {
    if (v.t === 'str') {
      storedChars += v.s.length;
      if (storedChars > MAX_STORED_CHARS) v = { t: 'str', s: '' };
    }
    const f = stack[stack.length - 1];
    if (!f) {
      topCount++;
      if (top.length < MAX_TOP_VALUES) top.push(v);
      keyword = v.t === 'kw' ? v.v : undefined;
      return;
    }
    if (f.value.t === 'dict' && f.key === undefined) {
      if (v.t === 'name') f.key = v.v;
      return;
    }
    if (stored >= MAX_STORED_VALUES) {
      f.key = undefined;
      return;
    }
    if (f.value.t === 'arr') {
      if (f.value.a.length < MAX_ARRAY_ITEMS) {
        f.value.a.push(v);
        stored++;
      }
    } else {
      f.value.m.set(f.key!, v);
      f.key = undefined;
      stored++;
    }
  };
  const flush = () => {
    for (const v of held) emit({ t: 'num', v });
    held = [];
  };

  let topCount = 0;
  while (i < n && topCount < stopAfter) {
    const c = text.charCodeAt(i);
    if (WS.has(c)) {
      i++;
      continue;
    }
    if (c === 0x25) {
      // a comment, to the end of the line
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (c === 0x2f) {
      flush();
      NAME_AT.lastIndex = i;
      const m = NAME_AT.exec(text)!;
      i = NAME_AT.lastIndex;
      emit({ t: 'name', v: decodeName(m[1]!) });
      continue;
    }
    if (c === 0x28) {
      flush();
      const s = readLiteral(text, i + 1, n);
      if (!s) break; // unterminated: nothing after it can be trusted
      i = s.end;
      emit({ t: 'str', s: s.value });
      continue;
    }
    if (c === 0x3c && text.charCodeAt(i + 1) !== 0x3c) {
      flush();
      const s = readHex(text, i + 1, n);
      if (!s) {
        i++; // not a hex string: what follows is read as words
        continue;
      }
      i = s.end;
      emit({ t: 'str', s: s.value });
      continue;
    }
    if ((c === 0x3c || c === 0x5b) && stack.length < MAX_DEPTH) {
      flush();
      if (stack.length === 0) topKeyword = keyword;
      stack.push({ value: c === 0x3c ? { t: 'dict', m: new Map() } : { t: 'arr', a: [] } });
      i += c === 0x3c ? 2 : 1;
      continue;
    }
    if ((c === 0x3e && text.charCodeAt(i + 1) === 0x3e) || c === 0x5d) {
      flush();
      i += c === 0x3e ? 2 : 1;
      const want = c === 0x3e ? 'dict' : 'arr';
      if (stack[stack.length - 1]?.value.t !== want) continue; // unbalanced: ignored
      const f = stack.pop()!;
      if (f.value.t === 'dict') onDict?.(f.value, stack.length === 0 ? topKeyword : undefined);
      emit(f.value);
      continue;
    }
    // a number or a keyword (R, obj, true, trailer, ...); anything else is skipped
    let j = i;
    while (j < n && !WS.has(text.charCodeAt(j)) && !DELIM.has(text.charCodeAt(j))) j++;
    if (j === i) {
      i++;
      continue;
    }
    const word = text.slice(i, j);
    i = j;
    if (word.length <= 64 && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      if (held.length === 2) emit({ t: 'num', v: held.shift()! });
      held.push(Number(word));
      continue;
    }
    if (word === 'R' && held.length === 2 && Number.isInteger(held[0]) && Number.isInteger(held[1])) {
      emit({ t: 'ref', n: held[0]!, g: held[1]! });
      held = [];
      continue;
    }
    flush();
    emit({ t: 'kw', v: word });
  }
  flush();
  return top;
}

/**
 * The string (literal or hex) after white space at `pos`, read up to `maxChars` of text; undefined
 * when there is none or it does not end within that (bytes as Latin-1, as `PdfValue` strings).
 */
export function readStringAt(text: string, pos: number, maxChars: number): { value: string; end: number } | undefined {
  let i = pos;
  while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  const limit = Math.min(text.length, i + maxChars);
  if (text[i] === '(') return readLiteral(text, i + 1, limit);
  if (text[i] === '<' && text[i + 1] !== '<') return readHex(text, i + 1, limit);
  return undefined;
}

/** A literal string from after its '(' up to `limit`: balanced parentheses, backslash escapes, octal codes. */
function readLiteral(text: string, start: number, limit: number): { value: string; end: number } | undefined {
  let out = '';
  let depth = 1;
  let i = start;
  const n = limit;
  while (i < n) {
    const c = text[i]!;
    if (c === '\\') {
      const e = text[i + 1];
      if (e === undefined) break;
      let add: string;
      if (e in ESCAPES) {
        add = ESCAPES[e]!;
        i += 2;
      } else if (e >= '0' && e <= '7') {
        let k = i + 1;
        while (k < i + 4 && text[k]! >= '0' && text[k]! <= '7') k++;
        add = String.fromCharCode(parseInt(text.slice(i + 1, k), 8) & 0xff);
        i = k;
      } else if (e === '\r' || e === '\n') {
        add = ''; // a line continuation
        i += e === '\r' && text[i + 2] === '\n' ? 3 : 2;
      } else {
        add = e; // an unknown escape: the backslash is dropped
        i += 2;
      }
      if (out.length < MAX_STRING_CHARS) out += add;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { value: out, end: i + 1 };
    if (out.length < MAX_STRING_CHARS) out += c;
    i++;
  }
  return undefined;
}

/** A hex string from after its '<' up to `limit`. */
function readHex(text: string, start: number, limit: number): { value: string; end: number } | undefined {
  let hex = '';
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) {
      if (hex.length % 2) hex += '0';
      return { value: Buffer.from(hex, 'hex').toString('latin1'), end: i + 1 };
    }
    if (WS.has(c)) continue;
    const hexDigit = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hexDigit) return undefined;
    if (hex.length < MAX_STRING_CHARS * 2) hex += text[i];
  }
  return undefined;
}
