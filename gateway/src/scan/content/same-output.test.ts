import { describe, expect, it } from 'vitest';
import { seededRandom as random, seededText as text } from '../../../test/support/seeded.js';
import { INVISIBLE } from './fold.js';
import { deobfuscate, INVISIBLE_UNITS, STYLISED, STYLISED_UNITS } from './deobfuscate.js';
import { hasSpot, joinPulledApart, PULLED_QUICK } from './harmful.js';

/**
 * The content stage's cheaper forms (CPU work, not behaviour) answer what the forms they replaced
 * answered: each is compared with the old one, over every character or on generated input. A
 * difference here is a change of output.
 */

/** Every code point as a string (lone surrogates included, as single units). */
function* everyCharacter(): Generator<string> {
  for (let cp = 0; cp <= 0x10ffff; cp++) yield String.fromCodePoint(cp);
}

describe('same output as before', () => {
  it('the unit classes cover STYLISED and INVISIBLE: a character either matches starts with a unit of its class', () => {
    // STYLISED and INVISIBLE match one character (a code point); `units && pattern` answers as the
    // pattern alone when every character the pattern matches begins with a unit of the class.
    let stylised = 0;
    let invisible = 0;
    for (const c of everyCharacter()) {
      if (STYLISED.test(c)) {
        stylised++;
        expect(STYLISED_UNITS.test(c[0]!), c.codePointAt(0)!.toString(16)).toBe(true);
      }
      if (INVISIBLE.test(c)) {
        invisible++;
        expect(INVISIBLE_UNITS.test(c[0]!), c.codePointAt(0)!.toString(16)).toBe(true);
      }
    }
    // the patterns are not empty (a broken import would pass the loop above)
    expect(stylised).toBeGreaterThan(1000);
    expect(invisible).toBeGreaterThan(500);
  });

  it('deobfuscate gives the same text, samples and count with and without the quick tests', () => {
    // with the quick classes forced to match everything, deobfuscate runs the u-flag patterns as before
    const next = random(3);
    const alphabet = ['a', 'B', ' ', 'ồ', '𝐈', '𝐦', 'Ｆ', 'ᴠ', 'ʏ', '\u200b', '\u{E0041}', '😀', '\ud83c', '\udc00', '0', '.', 'l', 'Ⓐ'];
    const units = [STYLISED_UNITS, INVISIBLE_UNITS];
    const sources = units.map((re) => re.source);
    for (let i = 0; i < 3000; i++) {
      const t = text(next, alphabet, Math.floor(next() * 30));
      const now = deobfuscate(t);
      const test = units.map((re) => re.test);
      try {
        for (const re of units) re.test = () => true;
        expect(now, JSON.stringify(t)).toEqual(deobfuscate(t));
      } finally {
        units.forEach((re, k) => (re.test = test[k]!));
      }
      expect(units.map((re) => re.source)).toEqual(sources);
    }
  });

  it('hasSpot answers as the whole spot pattern did', () => {
    const next = random(4);
    const alphabet = ['a', 'B', 'ồ', 'đ', ' ', ' ', '\n', '*', '~', '|', '\\', '^', '•', '·', '→', '\u200d', '\ufe0f', '😡', '\ud83c', '\udf1f', '1', '.', '-'];
    let spots = 0;
    for (let i = 0; i < 20000; i++) {
      const t = text(next, alphabet, Math.floor(next() * 12));
      const old = PULLED_QUICK.test(t);
      if (old) spots++;
      expect(hasSpot(t), JSON.stringify(t)).toBe(old);
    }
    expect(spots).toBeGreaterThan(1000);
    expect(spots).toBeLessThan(19000);
  });

  it('joinPulledApart still joins a pulled-apart word and leaves ordinary text as it is', () => {
    const words = new Set(['vcl', 'đm']);
    expect(joinPulledApart('đồ v 🙂 c 🙂 l thật', words, 3)).toBe('đồ vcl thật');
    const plain = 'Kính gửi quý cơ quan, đơn vị.';
    expect(joinPulledApart(plain, words, 3)).toBe(plain);
  });
});
