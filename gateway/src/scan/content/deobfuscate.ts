import { INVISIBLE, INVISIBLE_BMP } from './fold.js';

/**
 * Undoes the tricks SMS spammers and abusers use to slip words past filters, before phrase
 * matching: "ZaL0" → "ZaLo", "LAl-XE" → "LAI XE", "Vay t.iền" → "Vay tiền", "v@y" → "vay",
 * "𝕏𝐢𝓷 ＮℍⒶ𝐮" → "Xin NHAu", small capitals "ᴠᴀʏ" → "vay", zero-width characters inside words,
 * Greek/Cyrillic look-alikes inside Latin words. Case and diacritics are kept, so the result can
 * still be folded (phrase lists) or matched exactly (lists with `match: exact`).
 *
 * It also counts the distinct words it had to repair in a way ordinary writing never needs:
 * three or more are "heavy obfuscation". Ordinary technical tokens (mp3, IPv4, win10, e-mail, e.g.,
 * commit hashes) are left alone or not counted.
 */

export interface Deobfuscated {
  /** The text with obfuscation undone (NFKC, case and diacritics kept). */
  text: string;
  /** Distinct words that were obfuscated, as written (at most MAX_SAMPLES kept). */
  samples: string[];
  /** How many distinct obfuscated words were found. */
  count: number;
}

const MAX_SAMPLES = 5;
/** Longer tokens are identifiers, hashes or base64, not disguised words. */
const MAX_TOKEN = 16;

const INVISIBLE_IN_WORD = new RegExp(`(?<=\\p{L})(?:${INVISIBLE.source})+(?=\\p{L})`, 'gu');

/** Small capitals and a few look-alike letters NFKC leaves alone. */
/** Small capitals (and ꜰ, ǫ, ꜱ), which NFKC leaves alone: the plain letter each stands for. */
export const SMALL_CAPITALS: Readonly<Record<string, string>> = {
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm',
  ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ǫ: 'q', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
};
const LOOKALIKE_RE = new RegExp(`[${Object.keys(SMALL_CAPITALS).join('')}]`, 'gu');
/** Greek and Cyrillic letters that look like Latin ones, replaced only inside Latin words. */
const CONFUSABLE: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', к: 'k', м: 'm', т: 't', н: 'h', в: 'b',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I',
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z',
};
const GREEK_CYRILLIC = /[\u0370-\u03FF\u0400-\u04FF]/u;
const LATIN = /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/u;

/** Digits and signs read as letters inside words that mix them with letters. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '@': 'a', $: 's' };
const NON_LEET_DIGIT = /[26789]/;

/** Stylised letter blocks: mathematical alphanumerics, enclosed (circled), full-width, letterlike, modifier and small capitals. */
function styleOf(cp: number): number {
  if (cp >= 0x1d400 && cp <= 0x1d7ff) return 1;
  if ((cp >= 0x2460 && cp <= 0x24ff) || (cp >= 0x1f130 && cp <= 0x1f189)) return 2;
  if (cp >= 0xff21 && cp <= 0xff5a) return 3;
  if (cp >= 0x2100 && cp <= 0x214f) return 4;
  if ((cp >= 0x1d00 && cp <= 0x1dbf) || (cp >= 0x02b0 && cp <= 0x02b8) || (cp >= 0x02e0 && cp <= 0x02e4)) return 5;
  return 0;
}

const ENCLOSED_LETTER = (cp: number): boolean => (cp >= 0x24b6 && cp <= 0x24e9) || (cp >= 0x1f130 && cp <= 0x1f189);

/** A word mixing stylised letters with letters of another style: "ＮℍⒶ𝐮", "đừ𝓃ᵍ". */
function mixedStyle(word: string): boolean {
  const styles = new Set<number>();
  let stylised = false;
  for (const ch of word) {
    const cp = ch.codePointAt(0)!;
    const s = styleOf(cp);
    if (s === 0) {
      if (LATIN.test(ch)) styles.add(0); // other scripts (kana beside full-width letters) are not a style
      continue;
    }
    if (!/\p{L}/u.test(ch) && !ENCLOSED_LETTER(cp)) continue; // ™, ℃, circled digits
    stylised = true;
    styles.add(s);
  }
  return stylised && styles.size >= 2;
}

const RAW_WORD = /[\p{L}\p{N}\p{M}\p{So}]+/gu;
/** A word with its inner separators: letters/digits/@/$ joined by . - _ * */
const TOKEN = /[\p{L}\p{N}\p{M}@$]+(?:[.\-_*][\p{L}\p{N}\p{M}@$]+)*/gu;
const HEX = /^[0-9a-f]+$/i;

function caseSwitches(letters: string): number {
  let n = 0;
  let prev: boolean | undefined;
  for (const ch of letters) {
    const upper = ch !== ch.toLowerCase();
    if (prev !== undefined && upper !== prev) n++;
    prev = upper;
  }
  return n;
}

/** "ZaL0" → "ZaLo", "H0c" → "Hoc", "v@y" → "vay", "$o" → "so"; undefined when the word is no disguised word. */
function unLeet(word: string): string | undefined {
  if (!/[0-9@$]/.test(word) || word.length > MAX_TOKEN || NON_LEET_DIGIT.test(word)) return undefined;
  if (/\d\d/.test(word)) return undefined; // 10k, win10, e1000: numbers, not letters
  if (/[@$](?!\p{Ll})/u.test(word)) return undefined; // user@HOST, A$B: @ and $ stand for a letter only before lower case (v@y, L@p)
  const letters = word.replace(/[^\p{L}]/gu, '');
  const signs = word.length - letters.length;
  if (letters.length < 2 || letters.length < signs) return undefined;
  if (!/^\p{L}/u.test(word)) return undefined; // 4G, 0x1f: numbers first; $HOME, @param: names
  if (/[1-9@$]$/.test(word)) return undefined; // mp3, sha1, IPv4: only a final 0 stands for o (ZaL0, Ca0)
  if (word.length >= 6 && HEX.test(word)) return undefined; // commit hashes, colours
  if (caseSwitches(letters) > 2) return undefined; // base64 and random identifiers
  return word.replace(/[0-9@$]/g, (c) => LEET[c] ?? c);
}

/** "NGHlEP" → "NGHIEP": a lower-case l standing for I inside an upper-case word. */
function unLowerL(word: string): string | undefined {
  if (!word.includes('l') || word.length > MAX_TOKEN) return undefined;
  const others = word.replace(/l/g, '');
  const upper = others.replace(/[^\p{Lu}]/gu, '').length;
  if (upper < 2 || /\p{Ll}/u.test(others)) return undefined;
  return word.replace(/l/g, 'I');
}

function confusables(word: string): string | undefined {
  if (!GREEK_CYRILLIC.test(word) || !LATIN.test(word)) return undefined;
  return word.replace(/[\u0370-\u03FF\u0400-\u04FF]/gu, (c) => CONFUSABLE[c] ?? c);
}

/** Undoes obfuscation in `input`; never throws. */
export function deobfuscate(input: string): Deobfuscated {
  const seen = new Set<string>();
  const samples: string[] = [];
  const note = (word: string): void => {
    const key = word.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    if (samples.length < MAX_SAMPLES) samples.push(word);
  };
  let text = input;
  // Each step runs only when a quick test finds its characters: most mail has none of them.
  if (stylised(text)) {
    // Stylised words are judged on the text as written, before NFKC turns them into plain letters.
    for (const m of text.matchAll(RAW_WORD)) if (mixedStyle(m[0])) note(m[0]);
    text = text.normalize('NFKC').replace(LOOKALIKE_RE, (c) => SMALL_CAPITALS[c] ?? c);
  }
  if (invisible(text)) {
    for (const m of text.matchAll(INVISIBLE_IN_WORD)) {
      // Soft hyphens (hyphenation hints) and joiners (Persian, Indic) are ordinary writing.
      if (/[^\u00AD\u200C\u200D]/.test(m[0])) note(wordAround(text, m.index ?? 0));
    }
    text = text.replace(INVISIBLE_IN_WORD, '');
  }
  if (hasSpacedLetters(text)) text = joinSpacedLetters(text, note);
  return { text: repairTokens(text, note), samples, count: seen.size };
}

/**
 * Letters written one by one with spaces between them, words apart by two or more spaces:
 * "T à i  k h o ả n  b ị  k h ó a" → "Tài khoản bị khóa", "V I E T C O M B A N K" → "VIETCOMBANK".
 * A run is read as spaced letters only with at least SPACED_MIN_JOINS single-space joins, so "ở ý",
 * "A B" or a list "a) b) c)" stay as they are. Each joined word of two letters or more is counted.
 */
const SPACED_MIN_JOINS = 3;
/** Three single letters (each with its marks) apart by single spaces, standing alone: the quick test's pattern. */
export const SPACED_QUICK = /(?:^|[^\p{L}\p{N}\p{M}])\p{L}\p{M}* \p{L}\p{M}* \p{L}\p{M}*(?![\p{L}\p{N}\p{M}])/u;
/** SPACED_QUICK from a given start (sticky), the letter's own left edge checked by a lookbehind. */
const SPACED_AT = /(?<![\p{L}\p{N}\p{M}])\p{L}\p{M}* \p{L}\p{M}* \p{L}\p{M}*(?![\p{L}\p{N}\p{M}])/uy;
const MARK = /\p{M}/u;

/**
 * SPACED_QUICK.test(text), without running the pattern from every position: every match has a
 * space right after its first letter and marks, so the pattern is tried only at the letter before
 * each space. On the bench's 10 KB message: 146 → ~10 µs (the unanchored pattern tries three Unicode
 * property classes at each of ~5,000 positions).
 */
/** Whether text[start..at] (one character) is a combining mark; the common ranges answered without the regex. */
function markAt(text: string, unit: number, start: number, at: number): boolean {
  if (unit < 0x300 || (unit >= 0x1e00 && unit <= 0x1eff)) return false; // ASCII, Latin-1, Latin Extended Additional (Vietnamese)
  if (unit <= 0x36f) return true; // combining diacritical marks
  return MARK.test(text.slice(start, at + 1));
}

/**
 * A UTF-16 unit that is surely a letter, digit or combining mark (\p{L}, \p{N} or \p{M}; never half of
 * a surrogate pair): ASCII letters and digits, Latin-1 and Latin Extended-A/B letters (U+00C0–U+024F
 * but × and ÷), combining diacritics (U+0300–U+036F), Latin Extended Additional (U+1E00–U+1EFF,
 * composed Vietnamese). Other units answer false, and the caller then asks the regex.
 */
function latinWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return (c >= 0xc0 && c <= 0x36f && c !== 0xd7 && c !== 0xf7 && (c <= 0x24f || c >= 0x300)) || (c >= 0x1e00 && c <= 0x1eff);
}

export function hasSpacedLetters(text: string): boolean {
  for (let space = text.indexOf(' '); space !== -1; space = text.indexOf(' ', space + 1)) {
    let at = space - 1;
    // back over the combining marks to the letter they sit on (a surrogate pair is one character)
    while (at >= 0) {
      const unit = text.charCodeAt(at);
      const pair = unit >= 0xdc00 && unit <= 0xdfff && at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff;
      const start = pair ? at - 1 : at;
      if (!markAt(text, unit, start, at)) {
        at = start;
        break;
      }
      at = start - 1;
    }
    if (at < 0) continue;
    // SPACED_AT's lookbehind needs a one-letter word: a letter, digit or mark right before `at`
    // fails it, and in ordinary text nearly every space follows a word of two letters or more.
    if (at > 0 && latinWordUnit(text.charCodeAt(at - 1))) continue;
    SPACED_AT.lastIndex = at;
    if (SPACED_AT.test(text)) return true;
  }
  return false;
}
const SPACED_RUN = /(?<![\p{L}\p{N}\p{M}])\p{L}\p{M}*(?: {1,3}\p{L}\p{M}*(?![\p{L}\p{N}\p{M}]))+/gu;

function joinSpacedLetters(text: string, note: (word: string) => void): string {
  return text.replace(SPACED_RUN, (run) => {
    if ((run.match(/(?<! ) (?! )/g)?.length ?? 0) < SPACED_MIN_JOINS) return run;
    return run
      .split(/ {2,}/)
      .map((word) => {
        const joined = word.replace(/ /g, '');
        if (joined !== word) note(joined);
        return joined;
      })
      .join(' ');
  });
}

export const STYLISED = /[\u{1D400}-\u{1D7FF}\u{1F130}-\u{1F189}\u2100-\u214F\u24B6-\u24E9\uFF21-\uFF5A\u1D00-\u1DBF\u02B0-\u02B8\u02E0-\u02E4]/u;
/**
 * Quick tests before STYLISED and INVISIBLE (u flag, characters beyond the BMP): one plain class of
 * UTF-16 units holding every unit a match of theirs can start with (the BMP characters, and the high
 * surrogates of the ranges beyond it). No unit of it: no match, and the pattern, which decodes every
 * character, need not run (STYLISED's test ~15 → ~3 µs, deobfuscate ~92 → ~83 µs on the bench's 10 KB
 * message). A unit of it (an emoji's \uD83C): the pattern decides. same-output.test.ts checks the classes cover the patterns.
 */
export const STYLISED_UNITS = /[\u02B0-\u02B8\u02E0-\u02E4\u1D00-\u1DBF\u2100-\u214F\u24B6-\u24E9\uD835\uD83C\uFF21-\uFF5A]/;
export const INVISIBLE_UNITS = new RegExp(`${INVISIBLE_BMP.source.slice(0, -1)}\\uDB40]`);
const stylised = (text: string): boolean => STYLISED_UNITS.test(text) && STYLISED.test(text);
const invisible = (text: string): boolean => INVISIBLE_UNITS.test(text) && INVISIBLE.test(text);
const TOKEN_CHAR = /[\p{L}\p{N}\p{M}@$.\-_*]/u;
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;

/**
 * TOKEN_CHAR.test(text[i]) with ASCII answered without the regex: the token scans around a
 * candidate run over every character of URLs and file names.
 */
function tokenCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c === 46 || c === 45 || c === 95 || c === 42;
  }
  return TOKEN_CHAR.test(text[i]!);
}

function letterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return !Number.isNaN(c) && LETTER.test(text[i]!);
}

function upperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return !Number.isNaN(c) && UPPER.test(text[i]!);
}

/**
 * Whether the token around text[i] may need repair: a digit or sign touching a letter, a separator
 * between letters, an l among capitals, a Greek or Cyrillic letter. One comparison for most characters.
 */
function candidateAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if ((c >= 48 && c <= 57) || c === 64 || c === 36) return letterAt(text, i - 1) || letterAt(text, i + 1);
  if (c === 46 || c === 45 || c === 95 || c === 42) return letterAt(text, i - 1) && letterAt(text, i + 1);
  if (c === 108) {
    return (upperAt(text, i - 1) && (upperAt(text, i - 2) || upperAt(text, i + 1))) || (upperAt(text, i + 1) && upperAt(text, i + 2));
  }
  return c >= 0x370 && c <= 0x4ff;
}

/**
 * Repairs only the tokens around candidate spots; the rest of the text is copied as it is. A span
 * of token characters with no separator at either end and none doubled is exactly one TOKEN match,
 * so it is repaired without running TOKEN over it; a span repaired to itself is not copied (on the
 * bench's 10 KB message ~35 → ~10 KB of garbage). repairTokensWhole is the form before.
 */
function repairTokens(text: string, note: (word: string) => void): string {
  let out = '';
  let copied = 0;
  let scanned = 0;
  // The regex finds the characters candidateAt can accept, so the loop looks only at those instead
  // of every character. With tokenCharAt and oneLetter: deobfuscate 78 → 54 µs on the text of the
  // bench's 10 KB message (a loop of 3,000 calls, CPU time).
  const spots = new RegExp(CANDIDATE_CHAR.source, 'g');
  while (spots.test(text)) {
    const i = spots.lastIndex - 1;
    if (!candidateAt(text, i)) continue;
    let start = i;
    let end = i + 1;
    while (start > scanned && tokenCharAt(text, start - 1)) start--;
    while (end < text.length && tokenCharAt(text, end)) end++;
    const span = text.slice(start, end);
    const repaired = oneToken(text, start, end) ? repairToken(span, note) : span.replace(TOKEN, (token) => repairToken(token, note));
    if (repaired !== span) {
      out += text.slice(copied, start) + repaired;
      copied = end;
    }
    scanned = end;
    spots.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Whether text[start..end) (token characters only) is one TOKEN match: no separator at its ends, none doubled. */
function oneToken(text: string, start: number, end: number): boolean {
  if (separatorCode(text.charCodeAt(start)) || separatorCode(text.charCodeAt(end - 1))) return false;
  for (let k = start + 1; k < end - 1; k++) if (separatorCode(text.charCodeAt(k)) && separatorCode(text.charCodeAt(k + 1))) return false;
  return true;
}

/** repairTokens as it was (every span through TOKEN, always copied): kept to test the cheaper form against. */
export function repairTokensWhole(text: string, note: (word: string) => void): string {
  let out = '';
  let copied = 0;
  const spots = new RegExp(CANDIDATE_CHAR.source, 'g');
  while (spots.test(text)) {
    const i = spots.lastIndex - 1;
    if (!candidateAt(text, i)) continue;
    let start = i;
    let end = i + 1;
    while (start > copied && tokenCharAt(text, start - 1)) start--;
    while (end < text.length && tokenCharAt(text, end)) end++;
    out += text.slice(copied, start) + text.slice(start, end).replace(TOKEN, (token) => repairTokenWhole(token, note));
    copied = end;
    spots.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Runs repairTokens (the form now in use) for tests. */
export function repairTokensNow(text: string, note: (word: string) => void): string {
  return repairTokens(text, note);
}

/** The characters candidateAt can say yes to (single UTF-16 units: no u flag needed). */
const CANDIDATE_CHAR = /[0-9@$.\-_*l\u0370-\u04FF]/;

function wordAround(text: string, at: number): string {
  let start = at;
  let end = at;
  while (start > 0 && at - start < 30 && !/\s/.test(text[start - 1]!)) start--;
  while (end < text.length && end - at < 30 && !/\s/.test(text[end]!)) end++;
  return text.slice(start, end);
}

function repairToken(token: string, note: (word: string) => void): string {
  // an address or a path with separators is left as it is: tested before the split, which for one
  // giant token ("a@b.a@b.…" over megabytes) made millions of pieces only to throw them away
  if (/[@/]/.test(token) && /[.\-_*]/.test(token)) return token;
  return token.length > LONG_TOKEN ? repairLongToken(token, note) : repairShortToken(token, note);
}

function repairTokenWhole(token: string, note: (word: string) => void): string {
  if (/[@/]/.test(token) && /[.\-_*]/.test(token)) return token;
  return token.length > LONG_TOKEN ? repairLongToken(token, note) : repairShortTokenSplit(token, note);
}

/**
 * Tokens longer than this (no word or address is) are repaired piece by piece (repairLongToken):
 * splitting one of megabytes ("ab.ab.ab…") held millions of pieces, their repairs and a chain of
 * concatenations at once (~160 MB of heap for 4 MB).
 */
export const LONG_TOKEN = 4096;
/** Output pieces joined into one string at a time by repairLongToken. */
const LONG_TOKEN_BATCH = 1024;

/** The repair of one piece of a token between separators: Greek/Cyrillic look-alikes, digits and signs, an l among capitals. */
function repairWord(word: string, note: (word: string) => void): string {
  let w = word;
  const c = confusables(w);
  if (c !== undefined) {
    note(w);
    w = c;
  }
  const l = unLeet(w);
  if (l !== undefined) {
    // Counted when plainly a disguise: a Vietnamese word (k1ếm), or 0/@/$ in a word mixing upper and
    // lower case (ZaL0, H0c, L@p). All-lower or all-upper words are names: eth0, radio0, DB0, sha1sum.
    if (/[^\x00-\x7F]/.test(w) || (/[0@$]/.test(w) && /\p{Lu}/u.test(w) && /\p{Ll}/u.test(w))) note(w);
    w = l;
  }
  const i = unLowerL(w);
  if (i !== undefined) {
    note(w);
    w = i;
  }
  return w;
}

/**
 * What goes between two repaired pieces: a one-letter piece is part of a broken word ("t.iền": no
 * separator), otherwise the separator stands between two words ("LAI-XE", "Dang.DAI": a space).
 * Numbers (0982.157.352) keep their separator. `joined` is told of a Vietnamese word put together.
 */
function between(sep: string, left: string, right: string, joined: () => void): string {
  if (!LETTERS_ONLY.test(left) || !LETTERS_ONLY.test(right)) return sep;
  if (oneLetter(left) || oneLetter(right)) {
    // Counted only when the joined word is Vietnamese (has a letter beyond ASCII): e-mail, e.g. are ordinary.
    if (/[^\x00-\x7F]/.test(left + right)) joined();
    return '';
  }
  return ' ';
}

export function repairShortToken(token: string, note: (word: string) => void): string {
  // piece by piece, as repairLongToken: the output is built only from the first piece or separator
  // that changes (most tokens, URL and file-name parts, change in none), with no split or arrays
  let out: string | undefined;
  let left: string | undefined;
  let sepAt = -1;
  let tokenJoined = false;
  const joined = () => {
    tokenJoined = true;
  };
  for (let start = 0; start <= token.length; ) {
    let end = start;
    while (end < token.length && !separatorCode(token.charCodeAt(end))) end++;
    const piece = start === 0 && end === token.length ? token : token.slice(start, end);
    const right = repairWord(piece, note);
    if (left === undefined) {
      if (right !== piece) out = right;
    } else {
      const sep = token[sepAt]!;
      const glue = between(sep, left, right, joined);
      if (out !== undefined) out += glue + right;
      else if (glue !== sep || right !== piece) out = token.slice(0, sepAt) + glue + right;
    }
    left = right;
    if (end === token.length) break;
    sepAt = end;
    start = end + 1;
  }
  if (tokenJoined) note(token);
  return out ?? token;
}

/** repairShortToken as it was (split into words and separators): kept to test the cheaper form against. */
export function repairShortTokenSplit(token: string, note: (word: string) => void): string {
  const parts = token.split(/([.\-_*])/);
  const words: string[] = [];
  const seps: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    words.push(parts[i]!);
    if (i + 1 < parts.length) seps.push(parts[i + 1]!);
  }
  const fixed = words.map((w) => repairWord(w, note));
  if (fixed.length === 1) return fixed[0]!;
  let out = fixed[0]!;
  // noted once: a 4,096-character token of one-letter pieces ("ế.a.ế.a…") joins ~2,000 times, and
  // lower-casing the whole token for each (note) was ~8 million characters a token (1.5 MB of such
  // tokens: 3–25 s); the later calls changed nothing (note keeps a word once)
  let noted = false;
  const joined = () => {
    if (noted) return;
    noted = true;
    note(token);
  };
  for (let k = 0; k < seps.length; k++) out += between(seps[k]!, fixed[k]!, fixed[k + 1]!, joined) + fixed[k + 1]!;
  return out;
}

/**
 * repairShortToken's result for a token of any length, one piece at a time: only the previous
 * piece and LONG_TOKEN_BATCH pieces of output are held, and the output is joined in batches. The
 * words are noted in the same order, the token itself (a joined Vietnamese word) after them all.
 */
export function repairLongToken(token: string, note: (word: string) => void): string {
  const batches: string[] = [];
  let batch: string[] = [];
  let left: string | undefined;
  let sep = '';
  let tokenJoined = false;
  const joined = () => {
    tokenJoined = true;
  };
  for (let start = 0; start <= token.length; ) {
    let end = start;
    while (end < token.length && !separatorCode(token.charCodeAt(end))) end++;
    const right = repairWord(token.slice(start, end), note);
    if (left !== undefined) batch.push(between(sep, left, right, joined));
    batch.push(right);
    if (batch.length >= LONG_TOKEN_BATCH) {
      batches.push(batch.join(''));
      batch = [];
    }
    left = right;
    if (end === token.length) break;
    sep = token[end]!;
    start = end + 1;
  }
  batches.push(batch.join(''));
  if (tokenJoined) note(token);
  return batches.join('');
}

/** . - _ *: the separators inside a token. */
function separatorCode(c: number): boolean {
  return c === 46 || c === 45 || c === 95 || c === 42;
}

const LETTERS_ONLY = /^\p{L}[\p{L}\p{M}]*$/u;
const NON_ASCII = /[^\x00-\x7F]/;

/**
 * Whether a piece of letters is one letter once composed (NFC). Plain ASCII pieces (most URL and
 * file-name parts) are answered by their length, without normalising and spreading them.
 */
function oneLetter(piece: string): boolean {
  if (!NON_ASCII.test(piece)) return piece.length === 1;
  return [...piece.normalize('NFC')].length === 1;
}

/** A letter, invisible characters, a letter: words broken up so filters do not read them. */
const BROKEN_WORD = new RegExp(`\\p{L}(?:${INVISIBLE.source})+\\p{L}`, 'u');
/** A Latin letter next to a Greek or Cyrillic one inside a word. */
const MIXED_SCRIPT = /[a-z][\u0370-\u03FF\u0400-\u04FF]|[\u0370-\u03FF\u0400-\u04FF][a-z]/iu;

/** Whole words written in stylised letters in a subject or name: a heading style, several words of it an evasion. */
export const STYLISED_WORDS_MIN = 3;

/** Words of 2+ letters written entirely in stylised letters ("𝐈𝐦𝐩𝐨𝐫𝐭𝐚𝐧𝐭", "ＦＲＥＥ"). */
function stylisedWords(text: string): number {
  if (!stylised(text)) return 0;
  let n = 0;
  for (const m of text.matchAll(RAW_WORD)) {
    let letters = 0;
    let plain = false;
    for (const ch of m[0]) {
      if (!/\p{L}/u.test(ch)) continue;
      letters++;
      if (styleOf(ch.codePointAt(0)!) === 0) {
        plain = true;
        break;
      }
    }
    if (!plain && letters >= 2) n++;
  }
  return n;
}

/**
 * Why a short text (subject, sender name) looks obfuscated, or undefined: a quicker, stricter test
 * than deobfuscate's word count, since one disguised word in a subject or name is already a sign.
 * Several whole words in stylised letters count too: a subject cannot be formatted, so senders
 * write "𝐈𝐦𝐩𝐨𝐫𝐭𝐚𝐧𝐭 𝐌𝐞𝐬𝐬𝐚𝐠𝐞 𝐅𝐨𝐫 𝐘𝐨𝐮" in mathematical letters filters do not read as words.
 */
export function obfuscation(text: string): string | undefined {
  const t = text.slice(0, 500);
  if (BROKEN_WORD.test(t)) return 'invisible characters inside words';
  if (MIXED_SCRIPT.test(t)) return 'words mixing Latin with Greek or Cyrillic letters';
  if (stylisedWords(t) >= STYLISED_WORDS_MIN) return 'whole words in stylised (mathematical or full-width) letters';
  return undefined;
}
