import { describe, expect, it } from 'vitest';
import { seededRandom as random, seededText as text } from '../../../test/support/seeded.js';
import { repairShortToken, repairShortTokenSplit, repairTokensNow, repairTokensWhole } from './deobfuscate.js';

/**
 * The de-obfuscator's forms that make less garbage (no split, no TOKEN run over a span that is one
 * token, nothing copied when nothing changes) answer what the forms before them answered, with the
 * same words noted in the same order. A difference here is a change of output.
 */

/** Pieces of every kind the token repair treats differently, separators and what stops a token among them. */
const ALPHABET = [
  'a', 'B', 'ab', 'l', 'LAl', 'NGHlEP', 'ZaL0', 'H0c', 'v@y', '$o', '0', '1', '3', '9', '0982', 'k1ếm', 't', 'iền', 'ả', 'é',
  'pаypаl', 'о', 'α', 'e', 'mail', 'Dang', 'DAI', 'x', 'eth0', 'sha1sum', '.', '.', '-', '-', '_', '*', '@', '$', '/', ':',
  ' ', ' ', '\n', 'a\u0301', 'ồ', 'Ủ', '😀', '\ud83c', 'https://a.b-c.vn/x_y', '125/KH-UBND', 'e-mail', 'e.g.',
];

describe('de-obfuscator token repair: same output as before', () => {
  it('repairTokens gives the text and notes of the form that ran TOKEN over every span', () => {
    const next = random(11);
    let changed = 0;
    for (let i = 0; i < 20000; i++) {
      const t = text(next, ALPHABET, 1 + Math.floor(next() * 24));
      const now: string[] = [];
      const before: string[] = [];
      const out = repairTokensNow(t, (w) => now.push(w));
      expect(out, JSON.stringify(t)).toBe(repairTokensWhole(t, (w) => before.push(w)));
      expect(now, JSON.stringify(t)).toEqual(before);
      if (out !== t) changed++;
    }
    // the inputs exercise repairs, not only text left alone (and the reverse)
    expect(changed).toBeGreaterThan(5000);
    expect(changed).toBeLessThan(19000);
  });

  it('repairShortToken gives the result and notes of the split form', () => {
    const next = random(12);
    const pieces = ALPHABET.filter((p) => !/[\s/:😀\ud83c]/u.test(p));
    let changed = 0;
    for (let i = 0; i < 20000; i++) {
      const t = text(next, pieces, 1 + Math.floor(next() * 12));
      const now: string[] = [];
      const before: string[] = [];
      const out = repairShortToken(t, (w) => now.push(w));
      expect(out, JSON.stringify(t)).toBe(repairShortTokenSplit(t, (w) => before.push(w)));
      expect(now, JSON.stringify(t)).toEqual(before);
      if (out !== t) changed++;
    }
    expect(changed).toBeGreaterThan(5000);
  });
});
