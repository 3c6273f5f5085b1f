import type { ParsedMessage } from '../../parse/types.js';

/**
 * Password candidates for encrypted archives, from the message's subject and visible text:
 * "Mật khẩu: 2024", "password is abc123", "pass 1234", "mã giải nén: 'x7'", "Passwort: …", a
 * short token standing alone on the line after "Mật khẩu giải nén:", quoted or bolded (already
 * text here) words. Then a few passwords malware senders use everywhere ('infected', '1234', ...).
 *
 * Bounded: the text looked at, the keyword hits read, the candidates kept (MAX_CANDIDATES, each
 * ≤ MAX_PASSWORD_CHARS); every regex is anchored on a short window after a keyword, so the work
 * stays linear in the text. Only called when an archive has an encrypted entry.
 */

export const MAX_CANDIDATES = 20;
export const MAX_PASSWORD_CHARS = 64;
/** Characters of subject + text looked at. */
const MAX_TEXT_CHARS = 256 * 1024;
/** Keyword hits read: a text repeating "password" thousands of times gives no more. */
const MAX_HITS = 40;
/** How far after a keyword the password may stand. */
const WINDOW = 160;
const NESTED_DEPTH = 4;

/** Passwords tried on every encrypted archive, after the message's own. */
export const COMMON_PASSWORDS = ['infected', '1234', '123456', '12345', 'password', '123', '2024', '2025'];

export interface PasswordCandidates {
  /** Candidates in the order to try them (the message's first), unique, at most MAX_CANDIDATES. */
  list: string[];
  /** The candidates taken from the message (not the common ones). */
  fromMessage: ReadonlySet<string>;
  /** The text clearly gives a password ("mật khẩu: x7Q2", a quoted word after "password", ...). */
  announced: boolean;
  /** The candidates read by OCR in the message's pictures (scan/ocr/passwords.ts), also in fromMessage. */
  fromPicture?: ReadonlySet<string>;
}

/**
 * How a password that opened an encrypted entry or document is reported, the same for zip, 7z/RAR
 * and Office files: the tags after 'opened' ('password-in-message' when the message gave it or gives
 * one, 'common-password' when it is not the message's own) and the words for the detail.
 */
export function openedBy(candidates: PasswordCandidates, password: string): { tags: string[]; from: string } {
  const inMessage = candidates.fromMessage.has(password);
  // a password read in a picture of the message (scan/ocr): 'password-in-picture' too
  const inPicture = candidates.fromPicture?.has(password) === true;
  return {
    tags: [...(inMessage || candidates.announced ? ['password-in-message'] : []), ...(inPicture ? ['password-in-picture'] : []), ...(inMessage ? [] : ['common-password'])],
    from: `${inPicture ? 'a password shown in a picture of the message' : inMessage ? 'a password given in the message' : 'a common password'} ("${password.slice(0, 64)}")`,
  };
}

/**
 * Tags and the start of the detail for an entry or document that stayed locked: 'not-opened' and
 * 'password-in-message' only when the message hands over a password (the evasion the policy holds).
 */
export function notOpened(candidates: PasswordCandidates | undefined): { tags: string[]; given: string } {
  if (!candidates?.announced) return { tags: [], given: '' };
  // (a password read in a picture counts as given: scan/ocr/passwords.ts)
  const inPicture = (candidates.fromPicture?.size ?? 0) > 0;
  return { tags: ['not-opened', 'password-in-message', ...(inPicture ? ['password-in-picture'] : [])], given: `the message gives a password${inPicture ? ' (in a picture)' : ''}, but ` };
}

// Keywords: the word must stand alone (not "passenger", "bypass", "compass").
const L = '\\p{L}\\p{N}';
const KEYWORD = new RegExp(
  `(?<![${L}])(?:passwor[dt]s?|passcode|pass|pwd|pw|contraseñas?|contrasenas?|clave|mots? de passe|m[aậ]t\\s*kh[aẩ]u|mã\\s*giải\\s*nén|ma\\s*giai\\s*nen|mk)(?![${L}])`,
  'giu',
);
// After the keyword, on its line: up to 40 characters of filler ("giải nén", "for the zip file"),
// then ':' or '=' and the password.
const AFTER_COLON = /^[^\n:=：]{0,40}?[:=：][^\S\n]*(?:\n[^\S\n]*)?(.+)/u;
// "… is x", "… là x", "… ist x", "… est x", "… es x", "… lautet x"
const AFTER_VERB = /^(?:[^\n]{0,40}?[^\S\n])?(?:is|là|la|ist|lautet|est|es)[^\S\n]+(.+)/iu;
// "pass 1234": the word right after the keyword
const AFTER_SPACE = /^[^\S\n]+(.+)/u;
// "mk giải nén 8899", "pass for the file 2024": a few words, then a word with a digit
const AFTER_WORDS = /^(?:[^\S\n]+\p{L}+){1,4}?[^\S\n]+(\S*\p{N}\S*)/u;
// "Mật khẩu giải nén:" (nothing more on the line), then the password alone on the next line
const NEXT_LINE = /^[^\n]{0,24}\n[^\S\n]*(?:\n[^\S\n]*)?([^\s]{1,64})[^\S\n]*(?:\n|$)/u;

const QUOTES: [string, string][] = [['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’'], ['«', '»'], ['`', '`'], ['「', '」'], ['*', '*']];
const TRIM_END = /[.,;:!?)\]}>…]+$/u;
const TRIM_START = /^[([{<]+/u;

/** Words that follow "password" in ordinary sentences, never a password someone gives. */
const NOT_PASSWORDS = new Set(
  [
    'sẽ', 'được', 'đã', 'của', 'cho', 'để', 'và', 'là', 'la', 'này', 'mới', 'cũ', 'bạn', 'anh', 'chị', 'quý', 'khách', 'ngày', 'sinh',
    'số', 'gồm', 'gửi', 'qua', 'trong', 'không', 'vui', 'lòng', 'nhập', 'mở', 'file', 'tệp', 'giải', 'nén', 'hết', 'hạn', 'đổi', 'reset',
    'the', 'a', 'an', 'to', 'for', 'of', 'is', 'will', 'be', 'has', 'have', 'and', 'or', 'your', 'you', 'our', 'this', 'that', 'in', 'on',
    'sent', 'separately', 'by', 'via', 'with', 'protected', 'required', 'expired', 'expires', 'change', 'changed', 'here', 'below',
    'same', 'as', 'usual', 'attached', 'zip', 'archive', 'file', 'document', 'manager', 'policy', 'please', 'enter', 'it', 'not',
    'der', 'die', 'das', 'ist', 'le', 'la', 'les', 'est', 'el', 'es', 'de', 'du', 'des', 'wird', 'sera', 'será',
  ].map((w) => w.normalize('NFC')),
);

/** Subject and visible text (nested messages too), NFC, at most MAX_TEXT_CHARS. */
function messageText(message: ParsedMessage): string {
  const parts: string[] = [];
  let total = 0;
  const add = (t: string) => {
    if (!t || total >= MAX_TEXT_CHARS) return;
    const piece = t.length > MAX_TEXT_CHARS - total ? t.slice(0, MAX_TEXT_CHARS - total) : t;
    parts.push(piece);
    total += piece.length;
  };
  const walk = (m: ParsedMessage, depth: number) => {
    add(m.subject);
    add(m.visibleText || m.text);
    if (depth < NESTED_DEPTH) for (const n of m.nested) walk(n, depth + 1);
  };
  walk(message, 0);
  return parts.join('\n');
}

interface Tokens {
  tokens: string[];
  quoted: boolean;
}

/** A token as a password: quotes taken off (the quoted text may hold spaces), punctuation trimmed. */
function tokensAt(rest: string): Tokens {
  const s = rest.trimStart();
  for (const [open, close] of QUOTES) {
    if (!s.startsWith(open)) continue;
    const end = s.indexOf(close, open.length);
    if (end > open.length && end - open.length <= MAX_PASSWORD_CHARS) {
      const inner = s.slice(open.length, end);
      if (!inner.includes('\n')) return { tokens: [inner.trim()], quoted: true };
    }
  }
  const word = /^[^\s"'“”‘’«»`]+/u.exec(s)?.[0] ?? '';
  if (!word) return { tokens: [], quoted: false };
  const trimmed = word.replace(TRIM_START, '').replace(TRIM_END, '').replace(/^\*+|\*+$/g, '');
  // "abc123!" may be the password itself: keep the word as written too
  return { tokens: trimmed && trimmed !== word ? [trimmed, word] : [word], quoted: false };
}

function usable(token: string): boolean {
  return token.length > 0 && token.length <= MAX_PASSWORD_CHARS && !/[\n\r\t]/.test(token);
}

/** Looks like a password someone gives, not a word of the sentence ("mật khẩu: sẽ gửi sau"). */
function looksGiven(token: string): boolean {
  if (token.length < 3) return false;
  return !NOT_PASSWORDS.has(token.toLowerCase());
}

/** Candidates from the message text, then the common ones; see PasswordCandidates. */
export function passwordCandidates(message: ParsedMessage): PasswordCandidates {
  return candidatesFromText(messageText(message));
}

/**
 * How each form finds the password, and whether what it finds counts as a password given by the
 * text (`announced`): after ':' or in quotes, any word that is not one of the sentence's; after
 * "is"/"là", after a bare space, alone on the next line, only a word with a digit ("abc123", "2024").
 */
const FORMS: { re: RegExp; strong: boolean }[] = [
  { re: AFTER_COLON, strong: true },
  { re: AFTER_VERB, strong: false },
  { re: NEXT_LINE, strong: false },
  { re: AFTER_SPACE, strong: false },
  { re: AFTER_WORDS, strong: false },
];

export function candidatesFromText(input: string): PasswordCandidates {
  const text = (input.length > MAX_TEXT_CHARS ? input.slice(0, MAX_TEXT_CHARS) : input).normalize('NFC').replace(/\r\n?/g, '\n');
  const given: string[] = [];
  const other: string[] = [];
  let announced = false;
  let hits = 0;
  KEYWORD.lastIndex = 0;
  for (let m = KEYWORD.exec(text); m && hits < MAX_HITS; m = KEYWORD.exec(text)) {
    hits += 1;
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + WINDOW);
    for (const form of FORMS) {
      const found = form.re.exec(rest);
      if (!found) continue;
      const { tokens, quoted } = tokensAt(found[1]!);
      for (const t of tokens) {
        if (!usable(t) || NOT_PASSWORDS.has(t.toLowerCase())) continue;
        const isGiven = looksGiven(t) && (form.strong || quoted || /\p{N}/u.test(t));
        (isGiven ? given : other).push(t);
        if (isGiven) announced = true;
      }
    }
  }
  const fromMessage = unique([...given, ...other]).slice(0, MAX_CANDIDATES - 4);
  const list = unique([...fromMessage, ...COMMON_PASSWORDS]).slice(0, MAX_CANDIDATES);
  return { list, fromMessage: new Set(fromMessage), announced };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
