import type { EncodedRun } from './html-script.js';

/**
 * HTML smuggling without base64: the carried file written as a list of byte values —
 * `new Uint8Array([77,90,144,0,3,…])`, `String.fromCharCode(80,75,3,4,…)`, `[0x4d,0x5a,…]`, or
 * an array of hex strings `["4d","5a",…]` joined and parsed at run time. longestRun (html-script.ts)
 * reads such a list as many tiny runs; this reads it as one.
 *
 * One pass over the text: an element is a decimal 0–255, 0xHH, or a quoted "HH" / "0xHH" / decimal;
 * elements are joined by a comma (white space and, for quoted elements, nothing else around it). A
 * number above 255 ends the run (chart data is not a file). The first PREFIX_BYTES bytes of the
 * longest run are kept to recognise the file (MZ → exe, PK → zip, CD001 at 0x8001 → iso, ...).
 */

/** Bytes decoded from the start of a run: enough for an ISO 9660 volume descriptor (at 0x8001). */
const PREFIX_BYTES = 0x8006;

const MAGIC: readonly [string, Buffer, number][] = [
  ['zip', Buffer.from('PK\x03\x04', 'latin1'), 0],
  ['exe', Buffer.from('MZ', 'latin1'), 0],
  ['rar', Buffer.from('Rar!', 'latin1'), 0],
  ['7z', Buffer.from('377abcaf271c', 'hex'), 0],
  ['gz', Buffer.from('1f8b', 'hex'), 0],
  ['ole', Buffer.from('d0cf11e0a1b11ae1', 'hex'), 0],
  ['pdf', Buffer.from('%PDF-', 'latin1'), 0],
  ['lnk', Buffer.from('4c0000000114020000000000c000000000000046', 'hex'), 0],
  ['iso', Buffer.from('CD001', 'latin1'), 0x8001],
  ['vhd', Buffer.from('conectix', 'latin1'), 0],
  ['vhdx', Buffer.from('vhdxfile', 'latin1'), 0],
];

export function byteArrayType(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return MAGIC.find(([, magic, at]) => b.length >= at + magic.length && b.subarray(at, at + magic.length).equals(magic))?.[0];
}

const enum C {
  Comma = 0x2c,
  Zero = 0x30,
  Nine = 0x39,
  Quote = 0x22,
  Apos = 0x27,
  Tick = 0x60,
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * Reads one element at `i`: its byte value and the index after it, or the index to resume from
 * (always past `i`) with value -1 when there is no byte element there.
 */
function element(text: string, i: number, n: number): [number, number] {
  const c = text.charCodeAt(i);
  if (c === C.Quote || c === C.Apos || c === C.Tick) {
    // "4d", "0x4d", "77": a quoted element must close right after its digits
    let j = i + 1;
    let hex = false;
    if (text.charCodeAt(j) === C.Zero && (text.charCodeAt(j + 1) | 0x20) === 0x78) {
      j += 2;
      hex = true;
    }
    const start = j;
    while (j < n && j - start < 3 && hexValue(text.charCodeAt(j)) >= 0) j++;
    if (j === start || text.charCodeAt(j) !== c) return [-1, i + 1];
    const digits = text.slice(start, j);
    // a quoted element is hex when it says so or has two hex digits ("4d", "90"); "7" alone is read as hex too
    const value = hex || digits.length <= 2 ? parseInt(digits, 16) : /^\d+$/.test(digits) ? Number(digits) : 256;
    return value <= 255 ? [value, j + 1] : [-1, j + 1];
  }
  if (c === C.Zero && (text.charCodeAt(i + 1) | 0x20) === 0x78) {
    let j = i + 2;
    while (j < n && hexValue(text.charCodeAt(j)) >= 0) j++;
    if (j === i + 2 || j - (i + 2) > 2) return [-1, Math.max(j, i + 1)];
    return [parseInt(text.slice(i + 2, j), 16), j];
  }
  if (c >= C.Zero && c <= C.Nine) {
    let j = i;
    // digits glued after a letter, digit or dot belong to a name or a decimal number (x10, 1.5)
    const before = i > 0 ? text.charCodeAt(i - 1) : 0x20;
    const glued = before === 0x2e || before === 0x5f || (before >= C.Zero && before <= C.Nine) || ((before | 0x20) >= 0x61 && (before | 0x20) <= 0x7a);
    while (j < n && text.charCodeAt(j) >= C.Zero && text.charCodeAt(j) <= C.Nine) j++;
    // digits glued to a letter or a dot are part of something else (a name, a decimal number)
    const after = text.charCodeAt(j);
    if (glued || j - i > 3 || after === 0x2e || (after | 0x20) >= 0x61 && (after | 0x20) <= 0x7a || after === 0x5f) return [-1, j + 1];
    const value = Number(text.slice(i, j));
    return value <= 255 ? [value, j] : [-1, j];
  }
  return [-1, i + 1];
}

/**
 * The longest list of byte values in the text, as an encoded run ('byte-array', its length in
 * characters, its file type), and whether it looks like a file: its start is a known file type, or
 * at least a quarter of its first bytes are 128 or more (binary data; chart values, percentages
 * and character codes of a script are not).
 */
export function byteArrayRun(text: string): { run: EncodedRun; carriesFile: boolean } | undefined {
  const n = text.length;
  let best: { chars: number; elements: number; prefix: Uint8Array } | undefined;
  const prefix = new Uint8Array(PREFIX_BYTES);
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // an element starts a run only where a digit or a quote starts
    if (!((c >= C.Zero && c <= C.Nine) || c === C.Quote || c === C.Apos || c === C.Tick)) {
      i++;
      continue;
    }
    const [first, next] = element(text, i, n);
    if (first < 0) {
      i = next;
      continue;
    }
    const start = i;
    let count = 0;
    prefix[count++] = first;
    let end = next;
    let j = next;
    for (;;) {
      let k = j;
      while (k < n && isSpace(text.charCodeAt(k)) && k - j < 64) k++;
      if (text.charCodeAt(k) !== C.Comma) break;
      k++;
      const afterComma = k;
      while (k < n && isSpace(text.charCodeAt(k)) && k - afterComma < 64) k++;
      const [value, after] = element(text, k, n);
      if (value < 0) break;
      if (count < PREFIX_BYTES) prefix[count] = value;
      count++;
      end = after;
      j = after;
    }
    if (count >= 2 && (!best || end - start > best.chars)) {
      best = { chars: end - start, elements: count, prefix: prefix.slice(0, Math.min(count, PREFIX_BYTES)) };
    }
    i = Math.max(end, i + 1);
  }
  if (!best) return undefined;
  const run: EncodedRun = { encoding: 'byte-array', chars: best.chars };
  const type = byteArrayType(best.prefix);
  if (type) run.type = type;
  let high = 0;
  for (const v of best.prefix) if (v >= 128) high++;
  return { run, carriesFile: type !== undefined || high * 4 >= best.prefix.length };
}

/** The longer of two runs (by characters). */
export function longerRun(a: EncodedRun | undefined, b: EncodedRun | undefined): EncodedRun | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.chars > a.chars ? b : a;
}
