import { getDomain, getPublicSuffix } from 'tldts';

/**
 * Sender addresses made by a program rather than chosen by a person, the mark of throw-away
 * senders in bulk spam and phishing:
 *  - a local part of letters only in random mixed case ("KmigQSymPHYPBfT", "dmsBUyZrT"): people
 *    write names, words or initials, and a name in CamelCase ("JohnMcDonald") is words, not noise;
 *  - a domain name whose own label scatters digits among letters ("n28he7n934.example",
 *    "1gody6s0zz.example"): names people register read as words or numbers, not both shuffled.
 * Machine-made addresses of mailing services carry separators and digits (VERP bounces such as
 * "Online#3.20506.f1-z6nDl@news.example") and are not judged by the first test.
 */

/** Case changes from which a letters-only local part is noise rather than words. */
const MIN_CASE_SWITCHES = 4;
/** Capital letters standing alone or with one small letter ("Q", "Cx"): random strings have several. */
const MIN_SHORT_CAPITALS = 2;

function caseSwitches(letters: string): number {
  let n = 0;
  for (let i = 1; i < letters.length; i++) {
    const a = letters[i - 1]!;
    const b = letters[i]!;
    if ((a === a.toUpperCase()) !== (b === b.toUpperCase())) n++;
  }
  return n;
}

/** True for a local part like "KmigQSymPHYPBfT"; false for "john.smith", "JohnMcDonald", "info". */
export function randomLocalPart(local: string): boolean {
  if (!/^[A-Za-z]{6,64}$/.test(local)) return false;
  if (caseSwitches(local) < MIN_CASE_SWITCHES) return shortRandomLocalPart(local);
  const shortCapitals = (local.match(/[A-Z][a-z]*/g) ?? []).filter((t) => t.length <= 2).length;
  return shortCapitals >= MIN_SHORT_CAPITALS;
}

/** Capitals between small letters ("kZVk", "cUJj"): no CamelCase word is written so, an initial excepted ("NguyenVThanh"). */
const CAPITALS_INSIDE = /[a-z][A-Z]{2,}[a-z]/;
/** Titles that are words without a vowel. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr']);

/**
 * The shorter random strings of the same generators ("monkZVkwl", "MvSSrjf", "IrkcUJj"), with
 * fewer case changes than the test above asks for: a run of capitals inside small letters, and a
 * piece of two or more letters without a vowel where a CamelCase reading would put a word
 * ("Vkwl", "Srjf", "Jj"). A name with initials ("NguyenVThanh", "LeNTHa", "TheITguy") reads as
 * words with vowels and is left alone.
 */
function shortRandomLocalPart(local: string): boolean {
  if (caseSwitches(local) < 2 || !CAPITALS_INSIDE.test(local)) return false;
  const pieces = local.match(/[A-Z]?[a-z]+/g) ?? [];
  return pieces.some((p) => p.length >= 2 && !/[aeiouy]/i.test(p) && !TITLES.has(p.toLowerCase()));
}

/** True for a domain like "n28he7n934.com": its registrable label mixes two or more runs of digits into letters. */
export function randomDomainLabel(domain: string): boolean {
  const registrable = getDomain(domain);
  const suffix = getPublicSuffix(domain);
  if (!registrable || !suffix || registrable.length <= suffix.length) return false;
  const label = registrable.slice(0, -(suffix.length + 1));
  if (label.length < 8 || !/^[a-z0-9]+$/.test(label)) return false;
  const digitRuns = label.match(/\d+/g)?.length ?? 0;
  const letters = label.replace(/\d/g, '').length;
  return digitRuns >= 2 && letters >= 3;
}

/** Which part of the address looks machine-made, or undefined. `domain`: ASCII, lower case. */
export function generatedAddress(address: string, domain: string): 'local-part' | 'domain' | undefined {
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at).trim().replace(/^<|^"|"$/g, '') : '';
  if (randomLocalPart(local)) return 'local-part';
  if (domain !== '' && randomDomainLabel(domain)) return 'domain';
  return undefined;
}

/**
 * A domain name written in random mixed case ("x.jiLLTk7IEIqrkWMMJTk7v7Hf.example"): DNS ignores
 * case, so no person or mailer types a domain so; a program filling a template with random strings
 * does. Judged on the address as written, label by label, with the same test as the name part
 * (digits set aside): "PayPal.example", "McDonalds.example" and all-capitals domains are words.
 */
export function mixedCaseDomain(domainAsWritten: string): boolean {
  for (const label of domainAsWritten.split('.')) {
    if (label.length < 8) continue;
    const letters = label.replace(/[^A-Za-z]/g, '');
    if (letters.length >= 6 && randomLocalPart(letters)) return true;
  }
  return false;
}

/**
 * The other addresses of a message judged the same way: a Reply-To address (all three tests) and the
 * envelope sender (domain tests only: mailing services' bounce addresses carry coded name parts).
 * Returns which address and part, for the tag; undefined when both look chosen by a person.
 */
export function generatedOtherAddress(replyTo: string, envelopeSender: string): { where: 'reply-to' | 'envelope'; part: 'local-part' | 'domain' } | undefined {
  const domainOf = (a: string) => (a.lastIndexOf('@') > 0 ? a.slice(a.lastIndexOf('@') + 1).replace(/>$/, '').trim() : '');
  const judgeDomain = (a: string) => {
    const written = domainOf(a);
    return written !== '' && (mixedCaseDomain(written) || randomDomainLabel(written.toLowerCase()));
  };
  if (replyTo !== '') {
    const at = replyTo.lastIndexOf('@');
    if (at > 0 && randomLocalPart(replyTo.slice(0, at).trim().replace(/^<|^"|"$/g, ''))) return { where: 'reply-to', part: 'local-part' };
    if (judgeDomain(replyTo)) return { where: 'reply-to', part: 'domain' };
  }
  if (envelopeSender !== '' && judgeDomain(envelopeSender)) return { where: 'envelope', part: 'domain' };
  return undefined;
}
