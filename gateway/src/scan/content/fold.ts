import { endianness } from 'node:os';

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

export function foldText(text: string): string {
  const s = text.normalize('NFKD').toLowerCase();
  const out = new Uint16Array(s.length);
  let n = 0;
  let lastSpace = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x80) {
      c = foldUnit(c);
      if (c === -1) continue;
    } else if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      c = 0x20;
    }
    if (c === 0x20) {
      if (lastSpace) continue;
      lastSpace = true;
    } else {
      lastSpace = false;
    }
    out[n++] = c;
  }
  if (LITTLE_ENDIAN) return UTF16.decode(out.subarray(0, n));
  let result = '';
  for (let i = 0; i < n; i += CHUNK) result += String.fromCharCode(...out.subarray(i, Math.min(n, i + CHUNK)));
  return result;
}

const WORD = /[\p{L}\p{N}]/u;

/** True when the UTF-16 code unit is part of a word (letter or digit); surrogates count as not. */
export function isWordUnit(code: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  }
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return WORD.test(String.fromCharCode(code));
}
