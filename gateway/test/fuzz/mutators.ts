/**
 * Structure-aware mutations of raw messages for the fuzzer. Every mutation is a pure function of
 * (input, random source, other seeds): the same seed gives the same message, so any failure can be
 * replayed from its seed and index alone.
 *
 * Messages are handled as latin1 strings (one char per byte), so 8-bit bytes and NULs survive.
 */

import { CHANGED_CODE_MUTATORS } from './changed-code-mutators.js';
import { FORMAT_MUTATORS } from './format-mutators.js';
import { MIME_SUITE_MUTATORS } from './mime-suite-mutators.js';

/** A small, fast, seedable PRNG (mulberry32). */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * Math.max(1, n));
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type Mutator = (msg: string, rng: Rng, seeds: readonly string[]) => string;

const EOL = /\r\n|\n|\r/;

function lines(msg: string): string[] {
  return msg.split(/(?<=\r\n|\n|\r(?!\n))/);
}

/** Positions of header lines named `name` (case-insensitive), anywhere (nested part headers too). */
function headerMatches(msg: string, name: string): RegExpExecArray[] {
  const re = new RegExp(`^${name}:[^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*`, 'gim');
  return [...msg.matchAll(re)] as RegExpExecArray[];
}

function replaceAt(msg: string, at: number, len: number, text: string): string {
  return msg.slice(0, at) + text + msg.slice(at + len);
}

/** Boundary values declared in the message. */
function boundaries(msg: string): string[] {
  const found = new Set<string>();
  for (const m of msg.matchAll(/boundary\s*=\s*(?:"([^"\r\n]*)"|([^;\s]+))/gi)) found.add(m[1] ?? m[2]!);
  return [...found].filter((b) => b && b.length <= 200);
}

/** [start, end) of every boundary line `--b` / `--b--` in the body. */
function boundaryLines(msg: string): Array<{ start: number; end: number; b: string }> {
  const out: Array<{ start: number; end: number; b: string }> = [];
  for (const b of boundaries(msg)) {
    const esc = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const m of msg.matchAll(new RegExp(`^--${esc}(?:--)?[^\\r\\n]*(?:\\r\\n|\\n|\\r)?`, 'gm'))) {
      out.push({ start: m.index!, end: m.index! + m[0].length, b });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function randomBytes(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(256));
  return s;
}

const NASTY_STRINGS = [
  '\0', '\r', '\n', '\r\n', '\r\r\n', '\n\r', '\t', ' ', '"', "'", ';', '=', '==', '?=', '=?', '--', '\\', '%',
  '\x80', '\xff', '\xc3\x28', '\xe2\x80\xae', '\xef\xbb\xbf', '\xf0\x9f', '=?utf-8?B?', '=?utf-8?Q?=', '*0*=',
  '&#x', '&#', '<', '>', '<!--', ']]>', 'url(', '\u00a0',
];

/** Values a header parameter may get. */
function nastyValue(rng: Rng): string {
  switch (rng.int(12)) {
    case 0: return '';
    case 1: return 'x'.repeat(rng.pick([100, 1000, 10_000, 70_000]));
    case 2: return `"${'a'.repeat(rng.int(200))}`; // unclosed quote
    case 3: return `a\0b`;
    case 4: return `"caf\xe9\r\x00.exe"`;
    case 5: return `=?utf-8?B?${Buffer.from('hóa đơn.exe').toString('base64')}?=`;
    case 6: return `=?utf-8?Q?${'=C3=A1'.repeat(rng.int(2000))}?=`;
    case 7: return `=?x-unknown?B?!!!!?=`;
    case 8: return rng.pick(NASTY_STRINGS).repeat(1 + rng.int(50));
    case 9: return `"${'\\"'.repeat(rng.int(500))}"`;
    case 10: return randomBytes(rng, rng.int(64));
    default: return `utf-8''%${'E1%BA'.repeat(rng.int(300))}`;
  }
}

// ---- byte-level ------------------------------------------------------------------------------

const flipBytes: Mutator = (msg, rng) => {
  let out = msg;
  const n = 1 + rng.int(8);
  for (let i = 0; i < n && out.length; i++) {
    const at = rng.int(out.length);
    out = replaceAt(out, at, 1, String.fromCharCode(out.charCodeAt(at) ^ (1 << rng.int(8))));
  }
  return out;
};

const insertBytes: Mutator = (msg, rng) => {
  const at = rng.int(msg.length + 1);
  const text = rng.chance(0.5) ? rng.pick(NASTY_STRINGS).repeat(1 + rng.int(20)) : randomBytes(rng, 1 + rng.int(32));
  return replaceAt(msg, at, 0, text);
};

const deleteBytes: Mutator = (msg, rng) => {
  const at = rng.int(msg.length);
  return replaceAt(msg, at, 1 + rng.int(rng.chance(0.8) ? 8 : 500), '');
};

const truncate: Mutator = (msg, rng) => msg.slice(0, rng.int(msg.length + 1));

// ---- line endings and 8-bit -----------------------------------------------------------------

const lineEndings: Mutator = (msg, rng) => {
  const eol = rng.pick(['\r', '\n', '\r\r\n', '\n\r', '\r\n']);
  if (rng.chance(0.5)) return msg.split(EOL).join(eol);
  // mixed: each line gets its own ending
  return msg.split(EOL).map((l) => l + rng.pick(['\r', '\n', '\r\n'])).join('');
};

const eightBitInHeaders: Mutator = (msg, rng) => {
  const end = Math.max(0, msg.search(/\r?\n\r?\n/));
  const at = rng.int(end + 1);
  return replaceAt(msg, at, 0, rng.pick(['\0', '\xff\xfe', '\xc3', '\x1b$B', '\x80\x81', '\r', '\0\0\0\0']));
};

// ---- MIME structure --------------------------------------------------------------------------

const duplicatePart: Mutator = (msg, rng) => {
  const bl = boundaryLines(msg);
  if (bl.length < 2) return insertBytes(msg, rng, []);
  const i = rng.int(bl.length - 1);
  const part = msg.slice(bl[i]!.start, bl[i + 1]!.start);
  const times = rng.chance(0.8) ? 1 + rng.int(3) : 20 + rng.int(200);
  return replaceAt(msg, bl[i]!.start, 0, part.repeat(times));
};

const removePart: Mutator = (msg, rng) => {
  const bl = boundaryLines(msg);
  if (bl.length < 2) return truncate(msg, rng, []);
  const i = rng.int(bl.length - 1);
  return replaceAt(msg, bl[i]!.start, bl[i + 1]!.start - bl[i]!.start, '');
};

const truncatePart: Mutator = (msg, rng) => {
  const bl = boundaryLines(msg);
  if (!bl.length) return truncate(msg, rng, []);
  const line = rng.pick(bl);
  return msg.slice(0, line.end + rng.int(200));
};

const splice: Mutator = (msg, rng, seeds) => {
  const other = rng.pick(seeds);
  const ob = boundaryLines(other);
  let piece: string;
  if (ob.length >= 2) {
    const i = rng.int(ob.length - 1);
    piece = other.slice(ob[i]!.start, ob[i + 1]!.start);
  } else {
    const a = rng.int(other.length);
    piece = other.slice(a, a + rng.int(2000));
  }
  const bl = boundaryLines(msg);
  const at = bl.length ? rng.pick(bl).start : rng.int(msg.length + 1);
  // half the time the piece keeps its own boundary, half the time it takes one of ours
  if (bl.length && ob.length && rng.chance(0.5)) piece = piece.split(`--${ob[0]!.b}`).join(`--${bl[0]!.b}`);
  return replaceAt(msg, at, 0, piece);
};

const boundaryParam: Mutator = (msg, rng) => {
  const ms = [...msg.matchAll(/boundary\s*=\s*(?:"[^"\r\n]*"|[^;\s]+)/gi)];
  if (!ms.length) return contentType(msg, rng, []);
  const m = rng.pick(ms);
  const b = boundaries(m[0])[0] ?? 'b';
  const next = rng.pick([
    '',
    'boundary=',
    'boundary=""',
    `boundary="${b}"; boundary="other"`,
    `boundary=${b.slice(0, Math.max(1, b.length >> 1))}`,
    `boundary="${b}`,
    `boundary*0="${b.slice(0, 3)}"; boundary*1="${b.slice(3)}"`,
    `boundary*=utf-8''${encodeURIComponent(b)}`,
    `boundary="${'z'.repeat(rng.pick([71, 200, 5000]))}"`,
    `boundary="${b}\0"`,
    `boundary=${b}${'\xe1'}`,
    `BOUNDARY = "${b} "`,
    `boundary="--"`,
    `boundary="${b}"${'; x=y'.repeat(rng.int(500))}`,
  ]);
  return replaceAt(msg, m.index!, m[0].length, next);
};

const boundaryLine: Mutator = (msg, rng) => {
  const bl = boundaryLines(msg);
  if (!bl.length) return boundaryParam(msg, rng, []);
  const l = rng.pick(bl);
  const text = msg.slice(l.start, l.end);
  const core = `--${l.b}`;
  const next = rng.pick([
    '',
    text + text,
    `${core}--\r\n`,
    `${core}   \t\r\n`,
    `${core}garbage\r\n`,
    `${core}\r`,
    `${core}`,
    ` ${text}`,
    `${core.slice(0, -1)}\r\n`,
    `${text}${core}--\r\n${text}`,
    text.repeat(1 + rng.int(1000)),
  ]);
  return replaceAt(msg, l.start, l.end - l.start, next);
};

const CONTENT_TYPES = [
  'multipart/mixed', 'multipart/alternative; boundary=', 'multipart/related; boundary="x"', 'multipart/',
  'message/rfc822', 'message/partial; id=1; number=2; total=3', 'message/delivery-status', 'message/global',
  'text/html; charset=utf-7', 'text/plain; charset="utf-16"', 'text/plain; charset=unknown-8bit',
  'application/octet-stream; name="a.exe"', 'application/zip', 'application/ms-tnef', 'text/calendar',
  'image/svg+xml', '/', ';;;;', '', 'text', 'text/plain;;charset==utf-8', '\0/\0',
  'application/pdf; name*0*=utf-8\'\'%E1%BA; name*1="x.pdf"', 'text/rfc822-headers', 'multipart/signed; boundary=s; protocol=x',
];

const contentType: Mutator = (msg, rng) => {
  const ms = headerMatches(msg, 'content-type');
  const value = rng.chance(0.7) ? rng.pick(CONTENT_TYPES) : `${rng.pick(CONTENT_TYPES)}; ${rng.pick(['charset', 'name', 'boundary', 'format'])}=${nastyValue(rng)}`;
  if (!ms.length || rng.chance(0.1)) return `Content-Type: ${value}\r\n${msg}`;
  const m = rng.pick(ms);
  switch (rng.int(4)) {
    case 0: return replaceAt(msg, m.index!, m[0].length, ''); // removed
    case 1: return replaceAt(msg, m.index!, 0, `Content-Type: ${value}\r\n`); // duplicated
    default: return replaceAt(msg, m.index!, m[0].length, `Content-Type: ${value}`);
  }
};

const CTES = ['base64', 'quoted-printable', '7bit', '8bit', 'binary', 'x-uuencode', 'uuencode', 'BASE64 ', 'base-64', '', 'gzip', 'quoted-printable; x', '\0'];

const cte: Mutator = (msg, rng) => {
  const ms = headerMatches(msg, 'content-transfer-encoding');
  const value = rng.pick(CTES);
  if (!ms.length) {
    const cts = headerMatches(msg, 'content-type');
    const at = cts.length ? rng.pick(cts).index! : 0;
    return replaceAt(msg, at, 0, `Content-Transfer-Encoding: ${value}\r\n`);
  }
  const m = rng.pick(ms);
  if (rng.chance(0.25)) return replaceAt(msg, m.index!, 0, `Content-Transfer-Encoding: ${value}\r\n`);
  return replaceAt(msg, m.index!, m[0].length, `Content-Transfer-Encoding: ${value}`);
};

const CHARSETS = [
  'utf-7', 'utf-16', 'utf-16le', 'utf-32', 'iso-2022-jp', 'x-unknown', 'windows-1258', 'tcvn', 'viscii', 'gb18030', 'big5',
  'shift_jis', 'koi8-r', 'us-ascii', 'utf8', '', '"', 'utf-8\0', 'iso-8859-1*', 'x'.repeat(5000), 'binary', 'base64',
];

const charset: Mutator = (msg, rng) => {
  const ms = [...msg.matchAll(/charset\s*=\s*(?:"[^"\r\n]*"|[^;\s]+)/gi)];
  const value = rng.pick(CHARSETS);
  if (!ms.length) return contentType(msg, rng, []);
  const m = rng.pick(ms);
  return replaceAt(msg, m.index!, m[0].length, `charset=${rng.chance(0.5) ? `"${value}"` : value}`);
};

const filename: Mutator = (msg, rng) => {
  const ms = [...msg.matchAll(/(?:file)?name\*?(?:\d+\*?)?\s*=\s*(?:"[^"\r\n]*"|[^;\s]+)/gi)];
  const base = rng.pick(['hoa-don.pdf.exe', 'báo cáo.docx', 'a.zip', 'scan\u202efdp.exe']);
  const enc = Buffer.from(base, 'utf8');
  const pct = [...enc].map((c) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  const next = rng.pick([
    `filename*0*=utf-8''${pct.slice(0, 12)}; filename*1*=${pct.slice(12)}`,
    `filename*1="${base}"; filename*0="x"`, // out of order
    `filename*0="a"; filename*2="c"`, // gap
    `filename*99999="z"`,
    `filename*0*=x-unknown'vi'${pct}`,
    `filename*=''${'%'.repeat(rng.int(300))}`,
    `filename*=utf-8'${pct}`,
    Array.from({ length: 1 + rng.int(3000) }, (_, i) => `filename*${i}="p${i}"`).join('; '),
    `filename="=?utf-8?B?${enc.toString('base64')}?="`,
    `filename="=?utf-8?Q?${'=E1'.repeat(rng.int(200))}?= =?utf-8?B?####?="`,
    `filename="${'=?utf-8?B?YQ==?='.repeat(rng.int(3000))}"`,
    `filename=${nastyValue(rng)}`,
    `name="${base}"; filename="${base}"; filename="other.pdf"`,
    `filename="${'x'.repeat(rng.pick([255, 4096, 100_000]))}.exe"`,
  ]);
  if (!ms.length) {
    return replaceAt(msg, 0, 0, `Content-Disposition: attachment; ${next}\r\n`);
  }
  const m = rng.pick(ms);
  return replaceAt(msg, m.index!, m[0].length, next);
};

const disposition: Mutator = (msg, rng) => {
  const ms = headerMatches(msg, 'content-disposition');
  const value = rng.pick(['attachment', 'inline', '', 'attachment;', 'attachment; filename', `attachment; filename=${nastyValue(rng)}`, '\0']);
  if (!ms.length) {
    const cts = headerMatches(msg, 'content-type');
    if (!cts.length) return msg;
    return replaceAt(msg, rng.pick(cts).index!, 0, `Content-Disposition: ${value}\r\n`);
  }
  const m = rng.pick(ms);
  return replaceAt(msg, m.index!, m[0].length, `Content-Disposition: ${value}`);
};

const hugeHeaders: Mutator = (msg, rng) => {
  let add: string;
  switch (rng.int(5)) {
    case 0: add = `X-Long: ${'a'.repeat(rng.pick([1000, 70_000, 200_000]))}\r\n`; break;
    case 1: add = `X-Fold: a\r\n${' b\r\n'.repeat(rng.pick([1000, 30_000]))}`; break;
    case 2: add = Array.from({ length: rng.pick([500, 1200, 5000]) }, (_, i) => `X-N${i}: v\r\n`).join(''); break;
    case 3: add = `Subject: ${'=?utf-8?B?w6E=?= '.repeat(rng.pick([100, 5000]))}\r\n`; break;
    default: add = `From: ${'"a" <a@b.c>, '.repeat(rng.pick([100, 5000]))}x@y.z\r\n`; break;
  }
  // top-level or into a nested header block
  const cts = headerMatches(msg, 'content-type');
  const at = cts.length && rng.chance(0.4) ? rng.pick(cts).index! : 0;
  return replaceAt(msg, at, 0, add);
};

const encodedWords: Mutator = (msg, rng) => {
  const headers = ['Subject', 'From', 'To', 'Reply-To'];
  const h = rng.pick(headers);
  const ms = headerMatches(msg, h);
  const value = rng.pick([
    '=?utf-8?B?' + '!'.repeat(rng.int(100)) + '?=',
    '=?utf-8?Q?' + '=ZZ'.repeat(rng.int(100)) + '?=',
    '=?utf-8*vi?B?w6E=?=',
    '=?=?=?=?=?=?=',
    '=??B??=',
    '=?utf-7?Q?+ADw-script+AD4-?=',
    '=?iso-2022-jp?B?GyRCJDMbKEI?=',
    '"=?utf-8?B?w6E=?=" <a@evil.example>',
    '<@route:a@b>, ;;;, "unterminated',
    '=?utf-8?B?' + Buffer.from('\u202eexe.pdf').toString('base64') + '?=',
    'a'.repeat(100) + '=?utf-8?b?' + 'QUFB'.repeat(rng.int(20_000)) + '?=',
  ]);
  if (!ms.length) return `${h}: ${value}\r\n${msg}`;
  const m = rng.pick(ms);
  return replaceAt(msg, m.index!, m[0].length, `${h}: ${value}`);
};

/** Wrap the whole message (or one part) in many levels of multipart or message/rfc822. */
const nest: Mutator = (msg, rng) => {
  const depth = rng.pick([2, 5, 19, 21, 40, 100]);
  let out = msg;
  for (let i = 0; i < depth; i++) {
    if (rng.chance(0.5)) {
      out = `Content-Type: message/rfc822\r\n\r\n${out}`;
    } else {
      const b = rng.chance(0.2) ? 'same' : `n${i}`;
      out = `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n${out}\r\n--${b}--\r\n`;
    }
  }
  return `From: a@b.example\r\nMIME-Version: 1.0\r\n${out}`;
};

// ---- transfer encodings ----------------------------------------------------------------------

/** [start, end) of base64 bodies: runs of base64-looking lines. */
function base64Blocks(msg: string): Array<{ start: number; end: number }> {
  return [...msg.matchAll(/(?:^[A-Za-z0-9+/]{16,}={0,2}\r?\n)+/gm)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

const base64Corrupt: Mutator = (msg, rng) => {
  const blocks = base64Blocks(msg);
  if (!blocks.length) return flipBytes(msg, rng, []);
  const b = rng.pick(blocks);
  const at = b.start + rng.int(b.end - b.start);
  switch (rng.int(6)) {
    case 0: return replaceAt(msg, at, 0, rng.pick(['=', '==', '====', '!', '*', '\0', '\xff', ' ', '-_']));
    case 1: return replaceAt(msg, at, b.end - at, ''); // cut short
    case 2: return replaceAt(msg, b.start, b.end - b.start, msg.slice(b.start, b.end).replace(/\r?\n/g, '')); // one long line
    case 3: return replaceAt(msg, at, 0, '='.repeat(1 + rng.int(10)) + 'QUFB'.repeat(rng.int(100)));
    case 4: return replaceAt(msg, at, 0, '\r\n\r\n'); // blank lines inside
    default: return replaceAt(msg, at, 1, '');
  }
};

const qpCorrupt: Mutator = (msg, rng) => {
  const at = rng.int(msg.length);
  const text = rng.pick(['=', '=\r\n', '=Z', '=ZZ', '=\r', '= \r\n', '=0', '=3D'.repeat(1000), 'a'.repeat(20_000), '=\n'.repeat(500), '=E1=BA=A1'.repeat(rng.int(1000))]);
  return replaceAt(msg, at, 0, text);
};

// ---- zip inside base64 attachments -----------------------------------------------------------

function mutateZip(zip: Buffer, rng: Rng): Buffer {
  const z = Buffer.from(zip);
  const sigs = [0x04034b50, 0x02014b50, 0x06054b50];
  const offsets: number[] = [];
  for (let i = 0; i + 4 <= z.length; i++) if (sigs.includes(z.readUInt32LE(i))) offsets.push(i);
  const n = 1 + rng.int(6);
  for (let k = 0; k < n; k++) {
    const base = offsets.length && rng.chance(0.8) ? rng.pick(offsets) : rng.int(z.length);
    const at = Math.min(z.length - 1, base + rng.int(46));
    if (at < 0) break;
    switch (rng.int(4)) {
      case 0: z[at] = rng.int(256); break;
      case 1: z[at] = 0xff; if (at + 1 < z.length) z[at + 1] = 0xff; break;
      case 2: z[at] = 0; break;
      default: if (at + 4 <= z.length) z.writeUInt32LE(rng.pick([0, 1, 0xffffffff, 0x7fffffff, z.length]), at); break;
    }
  }
  if (rng.chance(0.2)) return z.subarray(0, rng.int(z.length));
  if (rng.chance(0.1)) return Buffer.concat([z, z]);
  return z;
}

const zipCorrupt: Mutator = (msg, rng) => {
  const blocks = base64Blocks(msg).filter((b) => msg.startsWith('UEsD', b.start));
  if (!blocks.length) return base64Corrupt(msg, rng, []);
  const b = rng.pick(blocks);
  const eol = msg.slice(b.start, b.end).includes('\r\n') ? '\r\n' : '\n';
  const zip = Buffer.from(msg.slice(b.start, b.end).replace(/\s+/g, ''), 'base64');
  const encoded = mutateZip(zip, rng).toString('base64').replace(/.{1,76}/g, (l) => l + eol);
  return replaceAt(msg, b.start, b.end - b.start, encoded);
};

// ---- HTML ------------------------------------------------------------------------------------

function htmlOddity(rng: Rng): string {
  switch (rng.int(12)) {
    case 0: return '<div>'.repeat(rng.pick([100, 600, 5000]));
    case 1: return `<a href="${'x'.repeat(rng.pick([10_000, 200_000]))}">y</a>`;
    case 2: return '&#x'.repeat(rng.int(20_000)) + '&#x41;'.repeat(rng.int(20_000));
    case 3: return '&amp;'.repeat(rng.int(30_000)) + '&#xFFFFFFFFFF;&#99999999999;&#0;&#xD800;';
    case 4: return `<div style="background:${'url('.repeat(rng.pick([100, 3000]))}http://a.example/${')'.repeat(rng.int(3000))}">`;
    case 5: return `<img srcset="${Array.from({ length: rng.pick([100, 3000]) }, (_, i) => `https://h${i}.example/i.png ${i}w`).join(', ')}">`;
    case 6: return `<a href="http://a.example/"${' x'.repeat(rng.int(20_000))}>`;
    case 7: return '<a href="'.repeat(rng.int(5000));
    case 8: return `<style>${'@import url(http://e.example/a.css);'.repeat(rng.int(3000))}</style>`;
    case 9: return `<!--${'-'.repeat(rng.int(20_000))}`;
    case 10: return `<form action="https://evil.example/"><input type=password name=p>${'<input>'.repeat(rng.int(3000))}`;
    default: return `<a href="javascript:${'%'.repeat(rng.int(1000))}">`.repeat(1 + rng.int(100)) + '<script>' + '<'.repeat(rng.int(10_000));
  }
}

const html: Mutator = (msg, rng) => {
  const odd = htmlOddity(rng);
  const htmlHeaders = headerMatches(msg, 'content-type').filter((m) => /text\/html/i.test(m[0]));
  if (htmlHeaders.length && rng.chance(0.7)) {
    const m = rng.pick(htmlHeaders);
    const body = msg.slice(m.index!).search(/\r?\n\r?\n/);
    if (body >= 0) {
      const at = m.index! + body + 4 + rng.int(200);
      // into a QP or base64 body the raw text is still fine: the parser must survive either way
      return replaceAt(msg, Math.min(at, msg.length), 0, odd);
    }
  }
  // a new HTML part at the top level (replacing the body)
  return `From: a@b.example\r\nTo: staff@lachan.test\r\nSubject: html\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>${odd}`;
};

// ---- big pathological bodies (hangs and quadratic paths show up only with size) -------------

const BLOAT_PATTERNS = [
  'http://a.example/ ', 'a.b ', 'a.', 'x@y.example ', 'www.', 'http://', 'https://xn--', 'xn--80a.', '[::1]', 'http://1.2.3.4:',
  '<a href="http://x.example/">', '<', '&', '&#', '<!--', '<![CDATA[', '<a ', '"', "'", '<div style="', 'url(', '@import ',
  '-', '=', '\r', ' ', '\t', 'a', '\0', 'begin 644 x\r\n', '=?utf-8?B?', 'tie\u0302\u0301ng vie\u0323t ', 'đăng nhập xác thực tài khoản ',
  'paypa1.com ', 'dichvucong.gov.vn.evil.example ', 'https://a.example/?q=' , '%', '%25', 'javascript:', 'data:text/html;base64,',
];

const bloat: Mutator = (msg, rng) => {
  const pattern = rng.pick(BLOAT_PATTERNS);
  const size = rng.pick([50_000, 300_000, 900_000]);
  let body = pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
  if (rng.chance(0.5)) body = body.replace(/(.{998})/g, '$1\r\n');
  const type = rng.pick(['text/plain', 'text/html', 'text/plain; format=flowed', 'text/html; charset=utf-8']);
  let cte = '8bit';
  if (rng.chance(0.3)) {
    cte = 'base64';
    body = Buffer.from(body, 'latin1').toString('base64').replace(/.{76}/g, '$&\r\n');
  }
  const part = `Content-Type: ${type}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${body}\r\n`;
  const bl = boundaryLines(msg);
  if (bl.length && rng.chance(0.6)) {
    const l = rng.pick(bl);
    return replaceAt(msg, l.start, 0, `--${l.b}\r\n${part}`);
  }
  return `From: a@b.example\r\nTo: staff@lachan.test\r\nSubject: bloat\r\nMIME-Version: 1.0\r\n${part}`;
};

export const MUTATORS: Record<string, Mutator> = {
  bloat,
  flipBytes, insertBytes, deleteBytes, truncate, lineEndings, eightBitInHeaders,
  duplicatePart, removePart, truncatePart, splice, boundaryParam, boundaryLine,
  contentType, cte, charset, filename, disposition, hugeHeaders, encodedWords, nest,
  base64Corrupt, qpCorrupt, zipCorrupt, html,
  // the newer readers' formats (format-mutators.ts)
  ...FORMAT_MUTATORS,
  // what public MIME parser test suites cover (mime-suite-mutators.ts)
  ...MIME_SUITE_MUTATORS,
  // code changed since the last long run (changed-code-mutators.ts)
  ...CHANGED_CODE_MUTATORS,
};

const NAMES = Object.keys(MUTATORS);

/**
 * 1–8 stacked mutations of a seed; returns the result and the names applied. With `focus`, the
 * first mutation is one of those names (run.ts --focus changed: CHANGED_CODE_MUTATORS).
 */
export function mutate(seed: string, rng: Rng, seeds: readonly string[], focus?: readonly string[]): { msg: string; applied: string[] } {
  let msg = seed;
  const applied: string[] = [];
  const n = 1 + (rng.chance(0.3) ? 0 : rng.int(8));
  for (let i = 0; i < n; i++) {
    const name = i === 0 && focus?.length ? rng.pick(focus) : rng.pick(NAMES);
    msg = MUTATORS[name]!(msg, rng, seeds);
    applied.push(name);
    // keep messages under ~1.5 MB so a slow one is a finding, not a size effect
    if (msg.length > 1_500_000) msg = msg.slice(0, 1_500_000);
  }
  return { msg, applied };
}

export { lines as splitLines };
