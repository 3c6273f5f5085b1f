import { find } from 'linkifyjs';
import type { UrlRef } from './types.js';
import { toUrlRef } from './url-ref.js';

/** Longest whitespace-free run handed to linkify: longer runs are not links anyone clicks. */
const MAX_SEGMENT = 4096;
/**
 * Longest piece of one line handed to linkify at once, cut at whitespace (a link never spans it).
 * linkify builds a token object per word: a 900 KB line without newlines took 200 MB of heap.
 */
const MAX_WINDOW = 16 * 1024;

/**
 * JavaScript's `\s` for one UTF-16 code unit, as a test of its code (no one-character string and
 * regular expression per character): tab, LF, VT, FF, CR, space, U+00A0, U+1680, U+2000–U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF (tested against `\s` for every code unit).
 */
export function isSpaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x1680) return c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The line in pieces of at most MAX_WINDOW (+ one segment), each ending at whitespace. */
function windows(line: string): string[] {
  if (line.length <= MAX_WINDOW) return [line];
  const out: string[] = [];
  let start = 0;
  while (line.length - start > MAX_WINDOW) {
    let cut = start + MAX_WINDOW;
    // runs of non-space are at most MAX_SEGMENT long here, so whitespace is near
    while (cut < line.length && !isSpaceCode(line.charCodeAt(cut))) cut++;
    out.push(line.slice(start, cut));
    start = cut;
  }
  out.push(line.slice(start));
  return out;
}

/**
 * A line can hold a link only if it has a scheme, `www.`, a punycode label, a dot between a name
 * character and a letter (`example.com`, not the end of a sentence), or a dotted number that may
 * be an IP address, or `name:port`. Prose lines without any of these are not handed to linkify, which is the
 * costly part of parsing plain text. As a regular expression (the specification of urlishAt below,
 * and what its tests compare it with):
 */
export const URLISH = /:\/\/|www\.|xn--|[\p{L}\p{N}_-]\.\p{L}|\d\.\d+\.\d|\p{L}:\d{2,5}\b/iu;

const LETTER = /\p{L}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
/** Word characters for `\b` in a case-insensitive Unicode expression: ASCII ones plus ſ and K (Kelvin). */
const WORD = /[A-Za-z0-9_\u017F\u212A]/;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (line: string, i: number): boolean => {
  const c = line.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return !Number.isNaN(c) && LETTER.test(String.fromCodePoint(line.codePointAt(i)!));
};
/** The letter (or number) ending just before i: a surrogate pair is looked at whole. */
const endsWith = (line: string, i: number, re: RegExp): boolean => {
  const c = line.charCodeAt(i - 1);
  if (c < 128) return re === LETTER ? (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c);
  if (Number.isNaN(c)) return false;
  const ch = c >= 0xdc00 && c <= 0xdfff && i >= 2 ? line.slice(i - 2, i) : line[i - 1]!;
  return re.test(ch);
};
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/**
 * Where URLISH next matches in `line` from `from` (the match's start), or -1. The same as
 * URLISH's leftmost match, written out: it looks only around '.', ':' and '-' (every alternative
 * has one), which costs a third of the regular expression's time on prose.
 */
export function urlishAt(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 46) {
      // '.': www. | name-char '.' letter | digit '.' digits '.' digit   (the match starts before the dot)
      if (i >= 3 && lower(line.charCodeAt(i - 1)) === 119 && lower(line.charCodeAt(i - 2)) === 119 && lower(line.charCodeAt(i - 3)) === 119) {
        return earliest(from, i - 3);
      }
      if (i >= 1) {
        const p = line.charCodeAt(i - 1);
        // the letter after the dot first: after most dots (ends of sentences) there is none, and the
        // test of the character before it is the costly one
        if (i + 1 < line.length && isLetter(line, i + 1) && (p === 95 || p === 45 || endsWith(line, i, LETTER_OR_NUMBER))) {
          return earliest(from, i - (p >= 0xdc00 && p <= 0xdfff && i >= 2 ? 2 : 1));
        }
        if (isDigit(p) && dottedNumber(line, i)) return earliest(from, i - 1);
      }
    } else if (c === 58) {
      // ':': '://' (starts at the colon) | letter ':' 2–5 digits, then a word boundary
      if (line.charCodeAt(i + 1) === 47 && line.charCodeAt(i + 2) === 47) return earliest(from, i);
      if (i >= 1 && port(line, i + 1) && endsWith(line, i, LETTER)) {
        const p = line.charCodeAt(i - 1);
        return earliest(from, i - (p >= 0xdc00 && p <= 0xdfff && i >= 2 ? 2 : 1));
      }
    } else if (c === 45 && i >= 2 && line.charCodeAt(i + 1) === 45 && lower(line.charCodeAt(i - 1)) === 110 && lower(line.charCodeAt(i - 2)) === 120) {
      return earliest(from, i - 2); // xn--
    }
  }
  return -1;
}

/** A match starts a few characters before the one that found it, never before `from`. */
function earliest(from: number, start: number): number {
  return Math.max(from, start);
}

/** digits '.' digit after the digit '.' at i: "1.2.3" */
function dottedNumber(line: string, dot: number): boolean {
  let j = dot + 1;
  if (!isDigit(line.charCodeAt(j))) return false;
  while (isDigit(line.charCodeAt(j))) j++;
  return line.charCodeAt(j) === 46 && isDigit(line.charCodeAt(j + 1));
}

/** 2–5 digits from j, then a word boundary (no word character after the last digit taken). */
function port(line: string, j: number): boolean {
  let n = 0;
  while (n < 5 && isDigit(line.charCodeAt(j + n))) n++;
  if (n < 2) return false;
  // backtracking: \d{2,5}\b holds for some length 2..n when the character after it is not a word character
  for (let k = n; k >= 2; k--) {
    const next = line[j + k];
    if (next === undefined || !WORD.test(next)) return true;
  }
  return false;
}

/**
 * The whitespace-delimited words of a line that may hold a link, in order, joined by single spaces.
 * linkify ends every link at whitespace (its scanner's whitespace is JavaScript's `\s`), so it
 * finds the same links in these words as in the whole line, and a paragraph of prose with one
 * link in it costs one word of tokenizing instead of the paragraph. Words longer than MAX_SEGMENT
 * are left out (not links anyone clicks).
 */
export function candidateWords(line: string): string {
  const words: string[] = [];
  for (let at = urlishAt(line, 0); at >= 0; ) {
    let start = at;
    while (start > 0 && !isSpaceCode(line.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < line.length && !isSpaceCode(line.charCodeAt(end))) end++;
    if (end - start <= MAX_SEGMENT) words.push(line.slice(start, end));
    at = urlishAt(line, end);
  }
  return words.join(' ');
}

/** What linkify finds in a piece: the link as written and as an address (all textUrls reads of it). */
export interface FoundLink {
  readonly href: string;
  readonly value: string;
}

/** Pieces up to this long have linkify's answer remembered (a link word, a few link words of one line). */
export const MEMO_PIECE = 256;
/** Pieces remembered at most; when full, the memory starts over (no order kept per hit). */
export const MEMO_ENTRIES = 512;
const memo = new Map<string, readonly FoundLink[]>();
const NONE: readonly FoundLink[] = Object.freeze([]);

/**
 * linkify's `find(piece, 'url')`, remembered for short pieces: the same link words come back in a
 * message (a portal's address in the text and again in its footer) and from one sender to the next
 * (signatures, the province's portals), and linkify builds a token object per character run of each
 * (~36 KB of garbage on the bench's 10 KB message, which has 4 distinct link words among 10). find is
 * a pure function of the piece (the project registers no linkify plugin or scheme), so the answer is
 * the same; only href and value are kept, and callers build their own UrlRef from them.
 */
export function linksIn(piece: string): readonly FoundLink[] {
  const known = piece.length <= MEMO_PIECE ? memo.get(piece) : undefined;
  if (known) return known;
  let found: readonly FoundLink[];
  try {
    const links = find(piece, 'url');
    found = links.length === 0 ? NONE : Object.freeze(links.map((l) => Object.freeze({ href: l.href, value: l.value })));
  } catch {
    found = NONE;
  }
  if (piece.length <= MEMO_PIECE) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(piece, found);
  }
  return found;
}

/**
 * URLs in plain text, found by linkifyjs (`find`), including scheme-less ones like
 * `dichvucong-gov.vn/login` (taken as http://, as mail clients linkify them). E-mail addresses
 * are not URLs here. Only the words that may hold a link are handed to linkify (candidateWords), in
 * windows, to bound the work.
 */
export function textUrls(text: string, partId?: string): UrlRef[] {
  return [...eachTextUrl(text, partId)];
}

/**
 * textUrls one URL at a time, as they are found: a caller that keeps only the first maxUrls (the
 * UrlCollector) does not hold every other one until the text is read (a 4 MB text of bare domains
 * is ~170,000 of them, ~40 MB), and one that stops when its collector is full stops the search.
 */
export function* eachTextUrl(text: string, partId?: string): Generator<UrlRef, void, undefined> {
  // line by line, as text.split('\n') gives them, without its array: a text of millions of short
  // lines made one string and one array slot per line, all kept until the last line was read
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const words = candidateWords(line);
    if (words === '') continue;
    for (const piece of windows(words)) {
      const found = linksIn(piece);
      for (const link of found) {
        const ref = toUrlRef(link.href, 'text');
        if (!ref) continue;
        ref.raw = link.value;
        if (partId) ref.partId = partId;
        yield ref;
      }
    }
  }
}
