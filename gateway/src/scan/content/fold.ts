import { endianness } from 'node:os';
import { setBounded } from '../../bounded.js';

/**
 * Folding for phrase matching: what Vietnamese readers see as "the same words" becomes the same
 * string. Compatibility decomposition (NFKD: composed or decomposed input alike, full-width and
 * "mathematical bold" letters → plain letters), every combining mark removed (tones, breve,
 * circumflex, horn), đ → d, lower case, typographic apostrophes → ', invisible characters removed,
 * whitespace collapsed.
 *
 *   foldText('LỪA ĐẢO') === foldText('lừa đảo') === foldText('lua   dao') === 'lua dao'
 */

const MARK = /\p{M}/u;
/**
 * Invisible and format characters (soft hyphen, zero-width, bidi controls, variation selectors) that
 * imitators put between letters ("Mi\u200Bcrosoft"). The one definition every scanner uses.
 */
export const INVISIBLE_BMP = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/;
/** INVISIBLE_BMP plus the tag characters and variation selectors beyond the BMP (U+E0000–U+E01EF). */
export const INVISIBLE = new RegExp(`${INVISIBLE_BMP.source}|[\\u{E0000}-\\u{E01EF}]`, 'u');
const SPACE = /\s/;
/** Typographic apostrophes and quotes read as the ASCII apostrophe (you’ve = you've). */
const QUOTES = new Set([0x2018, 0x2019, 0x201b, 0x02bc, 0x0060, 0x00b4, 0x2032]);
const CHUNK = 8192;
/** Uint16Array → string in one native call where the platform stores UTF-16 units little-endian. */
const LITTLE_ENDIAN = endianness() === 'LE';
const UTF16 = new TextDecoder('utf-16le');

/** What one non-ASCII UTF-16 unit (after NFKD and lower-casing) becomes: -1 drop, 32 space, else a unit. */
function foldUnit(c: number): number {
  if (c >= 0x0300 && c <= 0x036f) return -1; // combining diacritics: all Vietnamese tone and vowel marks
  if (c === 0x0111) return 0x64; // đ → d
  if (QUOTES.has(c)) return 0x27;
  if (c >= 0xd800 && c <= 0xdfff) return c; // half of a pair (emoji, rare scripts): keep as is
  const ch = String.fromCharCode(c);
  if (INVISIBLE_BMP.test(ch)) return -1;
  if (SPACE.test(ch)) return 0x20;
  if (MARK.test(ch)) return -1;
  return c;
}

/**
 * What one non-ASCII character becomes, before whitespace is collapsed: its NFKD decomposition,
 * lower-cased, each unit through foldUnit (so '' when it is dropped). Because every character that
 * NFKD moves (every non-starter) is a mark, and every mark is dropped, folding a text character by
 * character gives what folding it whole gives (fold.test.ts checks every BMP character), with one
 * exception: lower-casing a capital sigma depends on its neighbours (final ς), so a text whose
 * characters decompose to Σ is folded whole. undefined for those.
 */
function foldChar(ch: string): string | undefined {
  const s = ch.normalize('NFKD');
  if (s.includes('\u03a3')) return undefined;
  const lower = s.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const c = foldLowered(lower.charCodeAt(i));
    if (c !== -1) out += String.fromCharCode(c);
  }
  return out;
}

/** One unit of NFKD-normalised, lower-cased text as folding keeps it: -1 dropped, 32 for any space, else a unit. */
function foldLowered(c: number): number {
  if (c >= 0x80) return foldUnit(c);
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) ? 0x20 : c;
}

/**
 * foldChar of every non-ASCII BMP unit met so far: UNKNOWN, DROP, WHOLE (fold the text whole), a
 * unit, or MANY (the replacement is in MANY_UNITS). At most 65,536 entries, filled as text arrives.
 */
const UNKNOWN = 0;
const DROP = -1;
const WHOLE = -2;
const MANY = -3;
const BMP_FOLD = new Int32Array(0x10000);
const MANY_UNITS = new Map<number, string>();

function bmpFold(c: number): number {
  let r = BMP_FOLD[c]!;
  if (r !== UNKNOWN) return r;
  const f = foldChar(String.fromCharCode(c));
  if (f === undefined) r = WHOLE;
  else if (f.length === 0) r = DROP;
  else if (f.length === 1) r = f.charCodeAt(0) + 1; // + 1: 0 is UNKNOWN
  else {
    r = MANY;
    MANY_UNITS.set(c, f);
  }
  BMP_FOLD[c] = r;
  return r;
}

/** The text NFKD-normalised and lower-cased in one go, then folded unit by unit (the reference; also used for Σ). */
function foldWhole(text: string): string {
  const s = text.normalize('NFKD').toLowerCase();
  const out = new Uint16Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = foldLowered(s.charCodeAt(i));
    if (c !== -1) out[n++] = c;
  }
  return unitsToString(out, n).replace(/ {2,}/g, ' ');
}

function unitsToString(out: Uint16Array, n: number): string {
  if (LITTLE_ENDIAN) return UTF16.decode(out.subarray(0, n));
  let result = '';
  for (let i = 0; i < n; i += CHUNK) result += String.fromCharCode(...out.subarray(i, Math.min(n, i + CHUNK)));
  return result;
}

/** Characters beyond the BMP (emoji, mathematical letters) folded one at a time; the last few kept. */
const ASTRAL_FOLD = new Map<number, string | undefined>();

/**
 * foldText character by character through BMP_FOLD: the same string as foldWhole (fold.test.ts
 * compares them), without normalising and lower-casing the whole text first, which cost more than
 * the rest of the folding for Vietnamese text.
 */
export function foldText(text: string): string {
  // Room for every unit to become two; longer replacements (㎏, ﬃ) make it grow.
  let out = new Uint16Array(text.length * 2 + 16);
  let n = 0;
  let lastSpace = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    let many: string | undefined;
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      else if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) c = 0x20;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      const cp = text.codePointAt(i)!;
      let f = ASTRAL_FOLD.get(cp);
      if (f === undefined && !ASTRAL_FOLD.has(cp)) {
        f = foldChar(text.slice(i, i + 2));
        setBounded(ASTRAL_FOLD, cp, f, 4096);
      }
      if (f === undefined) return foldWhole(text);
      i++;
      many = f;
    } else {
      const r = bmpFold(c);
      if (r === DROP) continue;
      if (r === WHOLE) return foldWhole(text);
      if (r === MANY) many = MANY_UNITS.get(c)!;
      else c = r - 1;
    }
    if (many === undefined) {
      if (c === 0x20) {
        if (lastSpace) continue;
        lastSpace = true;
      } else {
        lastSpace = false;
      }
      out[n++] = c;
      continue;
    }
    // keep room for the replacement and one unit for every unit still to read
    if (n + many.length + (text.length - i) > out.length) {
      const bigger = new Uint16Array((n + many.length + (text.length - i)) * 2);
      bigger.set(out.subarray(0, n));
      out = bigger;
    }
    for (let k = 0; k < many.length; k++) {
      const u = many.charCodeAt(k);
      if (u === 0x20) {
        if (lastSpace) continue;
        lastSpace = true;
      } else {
        lastSpace = false;
      }
      out[n++] = u;
    }
  }
  return unitsToString(out, n);
}

const isLowSurrogate = (d: number): boolean => d >= 0xdc00 && d <= 0xdfff;

/** The reference folding, whole-text (for tests comparing foldText with it). */
export const foldTextWhole = foldWhole;

const WORD = /[\p{L}\p{N}]/u;

/** True when the UTF-16 code unit is part of a word (letter or digit); surrogates count as not. */
export function isWordUnit(code: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  }
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return WORD.test(String.fromCharCode(code));
}
