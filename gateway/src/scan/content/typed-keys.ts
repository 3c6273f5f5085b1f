/**
 * Vietnamese typed with the keystrokes of an input method but never converted: Telex ("tafi khoanr"
 * for "tài khoản", "ddaang nhaapj" for "đăng nhập", "maajt khaaur" for "mật khẩu") and VNI ("ta2i
 * khoa3n", "d9a8ng nha65p"). Scammers send it on purpose (no phrase list matches it) and careless
 * typists by mistake; either way a Vietnamese reader reads it as words. This module reads such a
 * text back to the plain letters (the same letters foldText gives for the converted text: the
 * diacritics are dropped anyway), so the phrase lists and the lure reader see "tai khoan", "dang
 * nhap", "mat khau".
 *
 * Only a text that is mostly Vietnamese syllables and keystroke words is read back, never a word
 * of English or a handle: a word is changed only when it is not a Vietnamese syllable as written
 * and becomes one once its keystrokes are removed, and the text must hold at least MIN_TYPED such
 * distinct words making up TYPED_SHARE of its words, with syllables and keystroke words together
 * SYLLABLE_SHARE of them, and (Telex) one of the words must show a mark English never writes
 * ("has", "this", "was" read as Telex never get that far in English). Words
 * in addresses and links (a '/', '@' or a dot between letters) are left alone.
 */

/** Distinct keystroke words needed before a text is read back. */
export const MIN_TYPED = 3;
/** Share of the words that must be keystroke words. */
const TYPED_SHARE = 0.2;
/** Share of the words that must be Vietnamese syllables or keystroke words. */
const SYLLABLE_SHARE = 0.8;
/** Only the start of long texts is looked at to decide. */
const WINDOW = 20_000;

/** A Vietnamese syllable without its diacritics: onset, one to three vowels (no doubled a, e, o, i), coda. */
const SYLLABLE = /^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?(?!.*(?:aa|ee|oo|ii))[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;
const TONE_KEYS = /[sfrxj]/g;
const ASCII_WORD = /^[a-z]+$/;
const VNI_WORD = /^[a-z]*[aeiouyd][1-9](?:[a-z]|[1-9])*$/;
/** A VNI key follows a vowel (tone or shape, two may stack: "a65") or a d (9: đ); a tone (1–5) may also end the word ("thu7c5"). */
const VNI_KEYS_IN_PLACE = /^(?:[a-z]|(?<=[aeiouy])[1-9]|(?<=[aeiouy][1-9])[1-9]|(?<=d)9|[1-5]$)+$/;
const WORD = /\p{L}[\p{L}\p{N}]*/gu;
const IN_LINK = /[/@]|\p{L}\.\p{L}/u;

/** "ta2i" → "tai", "d9a8ng" → "dang"; undefined unless the word is VNI keys over a syllable. */
function readVni(word: string): string | undefined {
  if (!VNI_WORD.test(word) || !VNI_KEYS_IN_PLACE.test(word)) return undefined;
  const plain = word.replace(/[1-9]/g, '');
  return SYLLABLE.test(plain) ? plain : undefined;
}

/** "tafi" → "tai", "ddaang" → "dang", "nguwowif" → "nguoi", "baso" → "bao"; undefined unless Telex keys over a syllable. */
function readTelex(word: string): string | undefined {
  if (!ASCII_WORD.test(word) || SYLLABLE.test(word)) return undefined;
  let s = word.replace(/^dd/, 'd').replace(/aa/g, 'a').replace(/ee/g, 'e').replace(/oo/g, 'o');
  // w: a horn or breve after a vowel ("uw", "ow", "aw"), an ư on its own after a consonant ("tw")
  s = s.replace(/w/g, (_m, at: number) => (at > 0 && 'aeiou'.includes(s[at - 1]!) ? '' : 'u'));
  if (SYLLABLE.test(s)) return s;
  // one tone key, anywhere after the first vowel ("tafi", "khoanr", "baso")
  const firstVowel = s.search(/[aeiouy]/);
  if (firstVowel < 0) return undefined;
  for (const m of [...s.matchAll(TONE_KEYS)].reverse()) {
    const at = m.index ?? 0;
    if (at <= firstVowel) continue;
    const plain = s.slice(0, at) + s.slice(at + 1);
    if (SYLLABLE.test(plain)) return plain;
  }
  return undefined;
}

type Reader = (word: string) => string | undefined;

/**
 * Telex marks English never writes ("ddaang", "nhaapj", "bij"): one word with them is needed, since
 * "has", "this", "how", "your" also read as Telex (a final s, w or r).
 */
const TELEX_ONLY = /^dd|aa|[aeiouy]j/;
/** A VNI word always shows its keys: no such condition. */
const ALWAYS = /(?:)/;
/**
 * What a text must hold somewhere before its words are read one by one (most mail holds neither,
 * and reading every word of an English text costs milliseconds): a Telex mark of TELEX_ONLY, or a
 * VNI key after a vowel or a d.
 */
const TELEX_GATE = /(?:^|[^a-z])dd|aa|[aeiouy]j/i;
const VNI_GATE = /[aeiouyd][1-9]/i;

/** Each word of `text` outside links, lower-cased. */
function* words(text: string): Generator<string> {
  for (const chunk of text.split(/\s+/)) if (!IN_LINK.test(chunk)) for (const m of chunk.matchAll(WORD)) yield m[0].toLowerCase();
}

/** The method the text was typed with, when it is one the text must be read back from. */
export function typingMethod(text: string): Reader | undefined {
  const sample = text.length > WINDOW ? text.slice(0, WINDOW) : text;
  for (const [read, only, gate] of [
    [readTelex, TELEX_ONLY, TELEX_GATE],
    [readVni, ALWAYS, VNI_GATE],
  ] as const) {
    if (!gate.test(sample)) continue;
    let total = 0;
    let syllables = 0;
    const typed = new Set<string>();
    for (const word of words(sample)) {
      total++;
      // a word with diacritics is Vietnamese already
      if (!/^[a-z0-9]+$/.test(word) || SYLLABLE.test(word)) syllables++;
      else if (read(word) !== undefined) {
        typed.add(word);
        syllables++;
      }
    }
    const marked = [...typed].some((word) => only.test(word));
    if (marked && typed.size >= MIN_TYPED && typed.size >= total * TYPED_SHARE && syllables >= total * SYLLABLE_SHARE) return read;
  }
  return undefined;
}

/** `text` with every keystroke word that `read` (typingMethod) reads back replaced by its letters. */
export function readTyped(text: string, read: Reader | undefined): string {
  if (!read) return text;
  return text
    .split(/(\s+)/)
    .map((chunk) => (IN_LINK.test(chunk) ? chunk : chunk.replace(WORD, (w) => read(w.toLowerCase()) ?? w)))
    .join('');
}
