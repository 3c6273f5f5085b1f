import { describe, expect, it } from 'vitest';
import { deobfuscate, LONG_TOKEN, repairShortToken } from './deobfuscate.js';

/**
 * Found by the fuzzer (run of 2026-11-25, seed 905113, message 3814: 1.5 MB of tokens just under
 * LONG_TOKEN made of one-letter pieces, 4–6 s, reported as a hang): a token whose one-letter pieces
 * join into a Vietnamese word told note() the whole token at every join, and note lower-cases
 * what it is given, so a token of n characters cost ~n²/4 character copies.
 */
describe('deobfuscate: a token of many joined one-letter pieces', () => {
  const token = Array.from({ length: LONG_TOKEN / 2 }, (_, i) => (i % 2 ? 'a' : 'ế')).join('.');

  it('is noted once, not once per join', () => {
    expect(token.length).toBe(LONG_TOKEN - 1);
    const notes: string[] = [];
    const out = repairShortToken(token, (w) => notes.push(w));
    // the pieces join into one word, as before
    expect(out === 'ếa'.repeat(LONG_TOKEN / 4)).toBe(true);
    expect(notes).toEqual([token]);
  });

  it('notes the disguised words, then the joined token, in the order it did before', () => {
    const notes: string[] = [];
    // "k1ếm" is noted as its piece is repaired, then "t.iền" joins and the token is noted
    expect(repairShortToken('t.iền.k1ếm', (w) => notes.push(w))).toBe('tiền kiếm');
    expect(notes).toEqual(['k1ếm', 't.iền.k1ếm']);
  });

  it('counts a text of such tokens as one disguised word (the first test guards the cost: one note per token)', () => {
    const text = Array.from({ length: Math.ceil(200_000 / token.length) }, () => token).join(' ');
    expect(deobfuscate(text).count).toBe(1);
  });
});
