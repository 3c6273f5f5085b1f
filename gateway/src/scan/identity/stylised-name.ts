import { getDomain } from 'tldts';
import { INVISIBLE_CHARS } from '../brand/brands.js';
import { SMALL_CAPITALS } from '../content/deobfuscate.js';

/**
 * A From name that writes a domain, an address or a brand in stylised letters: mathematical
 * alphanumerics ("𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲", U+1D400–U+1D7FF), full-width ("ｐａｙｐａｌ"), circled, parenthesised
 * or squared letters, small capitals ("ᴘᴀʏᴘᴀʟ"). A real sender's mail system never writes its own
 * domain or name that way; phishers do, so that filters looking for the plain word do not see it
 * while the reader does. Vietnamese (and other Latin letters with diacritics), other scripts, emoji
 * and one decorative symbol (™, ℃, a lone "𝓐") are not stylised letters here.
 */

export type StylisedTag = 'address' | 'domain' | 'name';

export interface StylisedName {
  tag: StylisedTag;
  /** What the stylised letters read as, in plain ASCII ("kinder.de", "paypal"). */
  plain: string;
}

/** Fewer stylised letters than this are decoration, not a word. */
export const STYLISED_LETTERS_MIN = 3;
const MAX_NAME = 300;

/** Chinese, Japanese or Korean text: its writers type full-width Latin letters ("ＮＴＴドコモ") as a matter of course. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const ASCII_ALNUM = /^[A-Za-z0-9]$/;
const ASCII_SIGN = /^[@.\-_+]$/;
const WORD = /[a-z0-9]+/g;
const LABEL = /^[a-z0-9-]+$/;

interface Folded {
  /** The name with every stylised character replaced by its plain ASCII letter, lower case. */
  text: string;
  /** For each UTF-16 unit of `text`: whether it came from a stylised letter or digit. */
  styled: boolean[];
  letters: number;
}

/** Plain ASCII letter or digit a single character stands for, or undefined when it is no stylised letter. */
export function plainOf(ch: string, cjk: boolean): string | undefined {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x100) return undefined; // ASCII, Latin-1 (ª º ¹ are ordinals and footnotes)
  if (cp >= 0xfb00 && cp <= 0xfb06) return undefined; // ﬁ ﬂ ligatures: typesetting, not disguise
  if (cjk && cp >= 0xff00 && cp <= 0xffef) return undefined;
  const small = SMALL_CAPITALS[ch];
  if (small) return small;
  const nk = ch.normalize('NFKC').replace(/^\((.)\)$/, '$1'); // ⒜ → (a) → a
  return ASCII_ALNUM.test(nk) ? nk.toLowerCase() : undefined;
}

function fold(name: string): Folded {
  const cjk = CJK.test(name);
  let text = '';
  const styled: boolean[] = [];
  let letters = 0;
  for (const ch of name) {
    const plain = plainOf(ch, cjk);
    if (plain !== undefined) {
      text += plain;
      styled.push(true);
      if (/[a-z]/.test(plain)) letters++;
      continue;
    }
    // Full-width and small-form signs (＠ ．) join the stylised letters into an address or domain.
    const cp = ch.codePointAt(0)!;
    const nk = cp >= 0x80 ? ch.normalize('NFKC') : ch;
    const out = nk.length === 1 && ASCII_SIGN.test(nk) ? nk : ch.toLowerCase();
    text += out;
    for (let i = 0; i < out.length; i++) styled.push(false);
  }
  return { text, styled, letters };
}

const ADDRESS_CHAR = /[a-z0-9._%+@-]/;

/** Runs of the characters of an address or host name, each with its place (one pass, no backtracking). */
function addressTokens(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inside = i < text.length && ADDRESS_CHAR.test(text[i]!);
    if (inside && start === -1) start = i;
    else if (!inside && start !== -1) {
      const t = text.slice(start, i);
      if (t.includes('.')) out.push({ text: t, start });
      start = -1;
    }
  }
  return out;
}

/** The host name a piece of text is (dots and signs around it dropped), or undefined. */
function hostName(piece: string): string | undefined {
  let start = 0;
  let end = piece.length;
  while (start < end && (piece[start] === '.' || piece[start] === '-')) start++;
  while (end > start && (piece[end - 1] === '.' || piece[end - 1] === '-')) end--;
  const host = piece.slice(start, end);
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return undefined;
  if (!/[a-z]/.test(labels[labels.length - 1]!)) return undefined; // 1.5, version numbers
  return getDomain(host) === null ? undefined : host;
}

/** Stylised letters and digits in text[start, end). */
function styledIn(f: Folded, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (f.styled[i]) n++;
  return n;
}

/** Whether a match is written mostly (at least half its letters and digits) in stylised letters. */
function mostlyStyled(f: Folded, start: number, text: string): boolean {
  const alnum = text.replace(/[^a-z0-9]/g, '').length;
  const n = styledIn(f, start, start + text.length);
  return n >= STYLISED_LETTERS_MIN && n * 2 >= alnum;
}

/**
 * What a From name writes in stylised letters, or undefined: an address ('address'), a domain
 * ('domain'), or a word that `isBrand` recognises ('name'; whole words of stylised letters only).
 */
export function stylisedName(name: string, isBrand: (plain: string) => string | undefined): StylisedName | undefined {
  const clean = name.slice(0, MAX_NAME).replace(INVISIBLE_CHARS, '');
  const f = fold(clean);
  if (f.letters < STYLISED_LETTERS_MIN) return undefined;
  for (const t of addressTokens(f.text)) {
    const at = t.text.lastIndexOf('@');
    const domain = hostName(t.text.slice(at + 1));
    if (domain === undefined) continue;
    if (at > 0) {
      if (mostlyStyled(f, t.start, t.text)) return { tag: 'address', plain: `${t.text.slice(0, at)}@${domain}` };
    } else if (at === -1 && mostlyStyled(f, t.start, t.text)) {
      return { tag: 'domain', plain: domain };
    }
  }
  // Runs of whole stylised words, read together ("𝐏𝐚𝐲 𝐏𝐚𝐥" is one name in two words).
  const words: string[] = [];
  for (const m of f.text.matchAll(WORD)) {
    const whole = styledIn(f, m.index!, m.index! + m[0].length) === m[0].length;
    if (whole && m[0].length >= 2) words.push(m[0]);
  }
  if (words.length === 0 || words.join('').length < STYLISED_LETTERS_MIN) return undefined;
  const brand = isBrand(words.join(' '));
  if (brand !== undefined) return { tag: 'name', plain: brand };
  return undefined;
}
