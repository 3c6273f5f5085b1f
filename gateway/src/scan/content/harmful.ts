import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { deobfuscate } from './deobfuscate.js';
import { INVISIBLE_BMP, isWordUnit } from './fold.js';
import { HARMFUL_LISTS } from './harmful-lists.js';
import { exactText, PhraseMatcher, type PhraseEntry } from './phrases.js';

/**
 * The reading of obscene and abusive language (lists harmful_words and harmful_mild, both
 * `match: exact`): the words as abusers write them today.
 *
 * - Diacritics count (lồn is not lớn), so the lists hold the teen-code and no-diacritic forms that
 *   are NOT ordinary words as their own entries: "dcm", "đm", "clgt", "dit me", "oc cho". One
 *   occurrence is then one entry, never two (a folded "oc cho" would also match "óc chó").
 * - Letters pulled apart so filters miss the word are joined again when the joined word is an
 *   entry: "đ😡m", "v 🙂 c 🙂 l", "l~ồ~n", "c.l.g.t" (dots, dashes, stars are undone earlier, by
 *   deobfuscate). Nothing else is joined, so "ở ý" or "A B C" stay as they are.
 * - Short entries (3 letters or fewer: "dm", "cc", "vl", "đm", "dcm") are everyday tokens elsewhere:
 *   they count only as a word of their own in Vietnamese text (a Vietnamese letter in the two words
 *   on either side), never inside a link, address, host, file name or code ("DM-02", "bao.cc"), before a
 *   colon ("CC: ..." of a quoted header), before a number ("ĐM 1776": định mức), in parentheses ("định mức (ĐM)") or beside @ # / $.
 *   "DM me for the price" and "Cc: Phòng TCHC" are not read as swear words.
 *
 * Each entry found is one content.phrase finding of its list, as for every phrase list; the policy
 * counts them (harmful-language: 3 different entries; harmful_mild — intensifiers like "vl", "vãi" —
 * add at most one).
 */

/** Entries up to this many letters (no space) are read only as a word of their own in Vietnamese text. */
const SHORT_ABBREVIATION = 3;
/** Words on each side of a short entry among which a Vietnamese letter is looked for, and how far. */
const NEIGHBOURS = 2;
const NEARBY = 40;
/** Pieces of one pulled-apart word, and separator characters between two pieces, at most. */
const MAX_PIECES = 8;
const MAX_SEPARATOR = 6;
const MAX_FINDINGS = 50;

/**
 * A whitespace-delimited chunk that is a link, an address, a host, a file name or an identifier
 * ("https://…", "a@b", "www.…", "so.gov.vn", "bao.cc", "DM_01"): letters or digits on both sides of a
 * dot or underscore, two of them on one side. Letters pulled apart one by one ("c.l.g.t") are not.
 * Matches start only at a chunk's start (the lookbehind), so the scan is linear.
 */
const CODE_CHUNK = /(?<!\S)\S*?(?:@|:\/\/|www\.|[a-z0-9]{2}[._][a-z0-9]|[a-z0-9][._][a-z0-9]{2})\S*/gi;
const HAS_CODE_CHUNK = new RegExp(CODE_CHUNK.source, 'i');
const INVISIBLES = new RegExp(INVISIBLE_BMP.source, 'g');
/** A Vietnamese letter: Latin with diacritics (composed, as exactText leaves it), đ included. */
const VIETNAMESE_LETTER = /[\u00C0-\u024F\u1E00-\u1EFF]/;
/** Characters right before an abbreviation that make it part of a code, handle or path. */
const CODE_BEFORE = new Set(['@', '#', '/', '\\', '$', '&', '=', '%', '<', '_']);
/** Characters right after. */
const CODE_AFTER = new Set(['@', '/', '\\', '=', '%', '>', '_', ':']);

interface Reader {
  matcher: PhraseMatcher;
  /** Entries of one word (no space), as exactText gives them: what pulled-apart letters may join into. */
  words: Set<string>;
  longestWord: number;
}

const readers = new WeakMap<Policy, Reader>();

function readerFor(policy: Policy): Reader {
  let r = readers.get(policy);
  if (r) return r;
  const entries: PhraseEntry[] = [];
  const words = new Set<string>();
  for (const list of policy.lists.values()) {
    if (list.type !== 'phrase' || !HARMFUL_LISTS.has(list.name)) continue;
    for (const phrase of list.entries) {
      entries.push({ list: list.name, phrase });
      const w = exactText(phrase).trim();
      if (w.length >= 2 && !w.includes(' ')) words.add(w);
    }
  }
  r = { matcher: new PhraseMatcher(entries, exactText), words, longestWord: Math.max(0, ...[...words].map((w) => w.length)) };
  readers.set(policy, r);
  return r;
}

/**
 * Characters that may stand between the pulled-apart letters of one word: emoji and other symbols,
 * stars, tildes, pipes. Not prose punctuation, not "/" (V/v = về việc) nor "-" and "." between
 * letters, which deobfuscate already reads.
 */
const PULL = '[\\p{So}\\p{Sk}\\p{Cf}*~+=#|\\\\•·]';
/**
 * Where a word may be pulled apart: a Latin letter, pulling characters (an emoji is a surrogate
 * pair), a Latin letter; or two lone Latin letters apart by one space. Without the u flag and
 * property classes, so the scan of a 10 KB text costs microseconds; most mail has no spot, and then
 * nothing else is done.
 */
const LATIN_LETTER = '[A-Za-z\\u00c0-\\u024f\\u1e00-\\u1eff]';
const PULL_UNIT = '(?:[*~+=#|\\\\^`\\u2022\\u00b7\\u2190-\\u2bff\\u200d\\ufe0f]|[\\ud83c-\\ud83e][\\udc00-\\udfff])';
/**
 * " | " between two letters is the seam the content scanner joins its texts with (subject | body,
 * index.ts SEPARATOR) and how titles and menus separate items ("Tin tức | Sự kiện"): never a
 * pulled-apart word, so never a spot and never a separator inside one (no word joined across two texts).
 */
export const TEXT_SEAM = ' | ';
const PULLED_SPOT = `${LATIN_LETTER}(?! \\| ${LATIN_LETTER}) ?${PULL_UNIT}{1,6} ?${LATIN_LETTER}`;
const SPACED_SPOT = `(?:^|\\s)${LATIN_LETTER} ${LATIN_LETTER}(?![A-Za-z0-9\\u00c0-\\u024f\\u1e00-\\u1eff])`;
const SPOT_SOURCE = `${PULLED_SPOT}|${SPACED_SPOT}`;
/**
 * PULLED_QUICK.test(text) as its two alternatives, the first only when the text holds a unit
 * PULL_UNIT can start with (a pulled-apart spot has one; ordinary text has none): ~17 → ~12 µs
 * on the bench's 10 KB message, which has no spot. A "|" between two spaces (TEXT_SEAM, a title's
 * separator) is no spot's unit, so it does not count: the seam of every subject | body no longer makes
 * the spot patterns run over the whole text (joinPulledApart ~28 → ~12 µs there). same-output.test.ts compares it with the whole pattern.
 */
const PULL_UNITS = /[*~+=#\\^`\u2022\u00b7\u2190-\u2bff\u200d\ufe0f\ud83c-\ud83e]/;
const PULLED_ONLY = new RegExp(PULLED_SPOT);
/** A unit a pulled-apart spot can hold: PULL_UNITS, or a "|" that is not a seam between two spaces. */
function hasPullUnit(text: string): boolean {
  if (PULL_UNITS.test(text)) return true;
  for (let i = text.indexOf('|'); i !== -1; i = text.indexOf('|', i + 1)) if (text[i - 1] !== ' ' || text[i + 1] !== ' ') return true;
  return false;
}
const SPACED_ONLY = new RegExp(SPACED_SPOT);
export const hasSpot = (text: string): boolean => (hasPullUnit(text) && PULLED_ONLY.test(text)) || SPACED_ONLY.test(text);
/** The pattern hasSpot answers for (same-output.test.ts). */
export const PULLED_QUICK = new RegExp(SPOT_SOURCE);
const PULLED_SPOTS = new RegExp(SPOT_SOURCE, 'g');
const PULLING = new RegExp(`^(?: ?${PULL}{1,${MAX_SEPARATOR}} ?| )$`, 'u');
const LETTER_RUNS = /[\p{L}\p{M}]+/gu;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const NON_ASCII = /[^\x00-\x7f]/;
/** Characters read around each spot: enough for MAX_PIECES pieces of the longest entry with their separators. */
const WINDOW = 80;

/** Number of characters (not UTF-16 units) of a letter run once composed. */
const letters = (run: string): number => (NON_ASCII.test(run) ? [...run.normalize('NFC')].length : run.length);

/**
 * Joins letters pulled apart by symbols, emoji or spaces when the joined word is a lexicon word:
 * "đ😡m" → "đm", "v 🙂 c 🙂 l" → "vcl", "l~ồ~n" → "lồn". Pieces apart by spaces alone must each be one
 * letter and join into three letters or more, or hold a Vietnamese letter ("đ m"): "v l" or "c c"
 * stay apart. Only the text around a possible spot is read (most mail has none).
 */
export function joinPulledApart(text: string, words: ReadonlySet<string>, longestWord: number): string {
  if (words.size === 0 || !hasSpot(text)) return text;
  const input = text;
  // variation selectors and joiners of emoji ("❤️", "🤦‍♀️") out first: they are marks, not separators
  text = text.replace(INVISIBLES, '');
  let out = '';
  let copied = 0;
  let joinedSome = false;
  for (const m of text.matchAll(PULLED_SPOTS)) {
    if (m.index < copied) continue;
    // back over the pieces before the spot ("v 🙂 c 🙂 l": the spot is the first 🙂), then to a word's start
    let from = Math.max(copied, m.index - WINDOW / 2);
    while (from > copied && m.index - from < WINDOW && LETTER_OR_MARK.test(text[from - 1]!)) from--;
    const to = Math.min(text.length, m.index + m[0].length + WINDOW);
    const window = text.slice(from, to);
    const joined = joinWindow(window, words, longestWord);
    if (joined !== window) joinedSome = true;
    out += text.slice(copied, from) + joined;
    copied = to;
  }
  // nothing joined, nothing taken out (the usual case, a spot or not): the string given, which a caller can tell by identity
  if (!joinedSome && text.length === input.length) return input;
  return copied === 0 ? text : out + text.slice(copied);
}

function joinWindow(text: string, words: ReadonlySet<string>, longestWord: number): string {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of text.matchAll(LETTER_RUNS)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  let out = '';
  let copied = 0;
  for (let p = 0; p < starts.length; p++) {
    let joined = text.slice(starts[p]!, ends[p]!);
    let spacedOnly = true;
    let best = -1;
    let bestWord = '';
    for (let q = p + 1; q < starts.length && q - p < MAX_PIECES; q++) {
      const sep = text.slice(ends[q - 1]!, starts[q]!);
      if (sep === TEXT_SEAM || !PULLING.test(sep)) break;
      const piece = text.slice(starts[q]!, ends[q]!);
      if (sep === ' ') {
        if (letters(text.slice(starts[q - 1]!, ends[q - 1]!)) !== 1 || letters(piece) !== 1) break;
      } else {
        spacedOnly = false;
      }
      joined += piece;
      if (joined.length > longestWord * 2) break;
      const word = joined.toLowerCase().normalize('NFC');
      if (words.has(word) && (!spacedOnly || word.length >= 3 || NON_ASCII.test(word))) {
        best = q;
        bestWord = word;
      }
    }
    if (best === -1) continue;
    out += text.slice(copied, starts[p]!) + bestWord;
    copied = ends[best]!;
    p = best;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The text the harmful lists are matched on: links, addresses, hosts and codes out, obfuscation
 * undone (by the caller, or here), pulled-apart words joined, exactText.
 */
export function harmfulText(clean: string, words: ReadonlySet<string>, longestWord: number, withoutCodes = true): string {
  return exactText(joinPulledApart(withoutCodes ? clean.replace(CODE_CHUNK, ' ') : clean, words, longestWord));
}

const NUMBER_AFTER = /^ ?\d/;

/**
 * The NEIGHBOURS words before text[start] and after text[end] (within NEARBY characters each way),
 * joined: what a short entry is read with.
 */
function neighbours(text: string, start: number, end: number): string {
  const words: string[] = [];
  let i = start;
  for (let n = 0; n < NEIGHBOURS && i > 0 && start - i < NEARBY; n++) {
    while (i > 0 && start - i < NEARBY && !isWordUnit(text.charCodeAt(i - 1))) i--;
    const wordEnd = i;
    while (i > 0 && isWordUnit(text.charCodeAt(i - 1))) i--;
    words.push(text.slice(i, wordEnd));
  }
  let j = end;
  for (let n = 0; n < NEIGHBOURS && j < text.length && j - end < NEARBY; n++) {
    while (j < text.length && j - end < NEARBY && !isWordUnit(text.charCodeAt(j))) j++;
    const wordStart = j;
    while (j < text.length && isWordUnit(text.charCodeAt(j))) j++;
    words.push(text.slice(wordStart, j));
  }
  return words.join(' ');
}

/** Whether the abbreviation at text[start, start+length) stands as a Vietnamese word of its own. */
export function abbreviationInContext(text: string, start: number, length: number): boolean {
  const before = start > 0 ? text[start - 1]! : ' ';
  let after = start + length < text.length ? text[start + length]! : ' ';
  if (after === ' ' && text[start + length + 1] === ':') after = ':';
  if (CODE_BEFORE.has(before) || CODE_AFTER.has(after)) return false;
  // an abbreviation defined in parentheses: "định mức (ĐM)", "đồng gửi (CC)"
  if (before === '(' && after === ')') return false;
  // a dot or hyphen joining it to a word or number on either side: a file, host or code ("dm.gov", "DM-02", "TT-ĐM")
  if ((before === '.' || before === '-') && start > 1 && isWordUnit(text.charCodeAt(start - 2))) return false;
  if ((after === '.' || after === '-') && isWordUnit(text.charCodeAt(start + length + 1))) return false;
  // a number right after it: a code or a norm ("ĐM 1776" = định mức 1776, "CC 02")
  if (NUMBER_AFTER.test(text.slice(start + length, start + length + 3))) return false;
  // an entry with a Vietnamese letter of its own ("đm", "đĩ") is Vietnamese whatever stands around it
  return VIETNAMESE_LETTER.test(text.slice(start, start + length)) || VIETNAMESE_LETTER.test(neighbours(text, start, start + length));
}

/** Entries found in a text made by harmfulText; `short`: whether some short entry was met (kept or not). */
function read(matcher: PhraseMatcher, text: string): { entries: PhraseEntry[]; short: boolean } {
  let short = false;
  const skip = (start: number, entries: readonly PhraseEntry[]): boolean => {
    const phrase = exactText(entries[0]!.phrase).trim();
    if ([...phrase].length > SHORT_ABBREVIATION || phrase.includes(' ')) return false;
    short = true;
    return !abbreviationInContext(text, start, phrase.length);
  };
  const entries = matcher.findFolded(text, skip);
  return { entries, short };
}

/**
 * content.phrase findings of the harmful lists in the subject and visible text: `visible` as written,
 * `clean` the same deobfuscated and `exactClean` exactText(clean) (the content scanner has both already). Deobfuscate reads a host or
 * file name ("bao.cc") as two words, so when a short entry is met and the text holds such names,
 * the text is read again with them (and links, addresses) taken out before deobfuscating.
 */
export function harmfulFindings(policy: Policy, visible: string, clean: string = deobfuscate(visible).text, exactClean?: string): Finding[] {
  const { matcher, words, longestWord } = readerFor(policy);
  if (matcher.size === 0) return [];
  // harmfulText(clean, ..., false); when no pulled-apart word was joined, the caller's exactText(clean) is it already
  const joined = joinPulledApart(clean, words, longestWord);
  // links and codes matter only to short entries: taken out (a second, slower reading) only when one is met
  let found = read(matcher, exactClean !== undefined && joined === clean ? exactClean : exactText(joined));
  if (found.short && HAS_CODE_CHUNK.test(visible)) found = read(matcher, harmfulText(deobfuscate(visible.replace(CODE_CHUNK, ' ')).text, words, longestWord));
  return found.entries.slice(0, MAX_FINDINGS).map((e) => ({
    scanner: 'content' as const,
    kind: 'content.phrase' as const,
    list: e.list,
    subject: e.phrase,
    detail: `phrase "${e.phrase}" from list ${e.list} in the subject or visible text`,
  }));
}
