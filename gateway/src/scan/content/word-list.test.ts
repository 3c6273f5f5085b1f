import { describe, expect, it } from 'vitest';
import { alternativesOf, groupedAlternatives, hyphenLoose, wordList } from './word-list.js';
import { Rng } from '../../../test/fuzz/mutators.js';

/** Every match of a global expression: where, and what. */
const matches = (re: RegExp, text: string): Array<[number, string]> => [...text.matchAll(re)].map((m) => [m.index, m[0]]);

/** The word-list expression as the readers wrote it before grouping. */
const ungrouped = (alternatives: readonly string[], before = 'a-z0-9'): RegExp =>
  new RegExp(`(?:^|[^${before}])(?:${alternatives.join('|')})(?![a-z0-9])`, 'g');

/** A deterministic generator (the fuzzer's mulberry32), so a failure replays. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

describe('word lists grouped by first letter', () => {
  it('groups alternatives that start with the same letter, in their order', () => {
    expect(groupedAlternatives(['verify', 'confirm', 'validate', 'click', 'update'])).toBe('v(?:erify|alidate)|c(?:onfirm|lick)|update');
  });

  it('moves nothing across an alternative that does not start with a plain letter', () => {
    expect(groupedAlternatives(['ab', '\\d+ days', 'ac', '(?:24|48) hours', 'ad'])).toBe('ab|\\d+ days|ac|(?:24|48) hours|ad');
    expect(groupedAlternatives(['ab', 'a?c', 'ad'])).toBe('ab|a?c|ad');
    expect(groupedAlternatives(['ab', 'a(b)c', 'ad'])).toBe('ab|a(b)c|ad');
  });

  it('splits a joined list at its top-level bars only', () => {
    expect(alternativesOf('a|b(?:c|d)|[|x]|e\\|f')).toEqual(['a', 'b(?:c|d)', '[|x]', 'e\\|f']);
  });

  it('finds the same matches, at the same places, as the list written out', () => {
    const next = random(20241125);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    // few letters, many spaces: alternatives that are prefixes of one another ("a", "a b") and both end a word
    const pieces = ['a', 'b', 'a', 'b', ' ', ' ', 'ab', '(?:a|b)', '(?: b)?', '[ab]', '\\d', 's?', "'"];
    for (let round = 0; round < 600; round++) {
      const alternatives = Array.from({ length: 2 + Math.floor(next() * 8) }, () =>
        Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(pieces)).join(''),
      );
      const text = Array.from({ length: 60 }, () => pick(['a', 'b', ' ', ' ', '1', '$', "'", 's'])).join('');
      for (const before of ['a-z0-9', 'a-z0-9$']) {
        expect(matches(wordList(alternatives, 'g', before), text), `${alternatives.join('|')} on "${text}"`).toEqual(matches(ungrouped(alternatives, before), text));
      }
    }
  });

  it('reads a hyphen of a list word as a hyphen, a space or nothing, the forms de-obfuscated text has; not inside a class or escaped', () => {
    const re = wordList(['connectez-vous', 'e-?mail account', 'caca-niqueis', '[a-c]x', 'y\\-z']);
    for (const text of ['connectez-vous', 'connectez vous', 'email account', 'e-mail account', 'caca niqueis', 'bx', 'y-z']) expect(matches(re, text), text).toHaveLength(1);
    for (const text of ['connectez  vous', '-x', 'y z', 'yz']) expect(matches(re, text), text).toEqual([]);
    expect(hyphenLoose('re-?enter [a-z]-x')).toBe('re[- ]?enter [a-z][- ]?x');
  });

  it('refuses case-insensitive expressions, where a and A would be two first letters of one word', () => {
    expect(() => wordList(['ab'], 'gi')).toThrow();
  });
});
