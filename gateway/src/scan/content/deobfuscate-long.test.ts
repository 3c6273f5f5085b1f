import { afterEach, describe, expect, it, vi } from 'vitest';
import { deobfuscate, LONG_TOKEN, repairLongToken, repairShortToken } from './deobfuscate.js';

/** Pieces of every kind repairToken treats differently: plain words, one letter, leet, an l among capitals, look-alikes, numbers. */
const PIECES = ['ab', 't', 'iền', 'ZaL0', 'H0c', 'v@y', 'NGHlEP', 'LAl', 'pаypаl', 'о', '0982', 'k1ếm', 'e', 'mail', 'Dang', 'DAI', 'x', 'ả', 'eth0', 'sha1sum', 'é'];
const SEPS = ['.', '-', '_', '*'];

/** A deterministic generator (no Math.random: a failure replays). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function tokenOf(pieces: number, next: () => number): string {
  let t = PIECES[Math.floor(next() * PIECES.length)]!;
  for (let i = 1; i < pieces; i++) t += SEPS[Math.floor(next() * SEPS.length)]! + PIECES[Math.floor(next() * PIECES.length)]!;
  return t;
}

describe('repairLongToken: a giant token repaired piece by piece', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the whole-token repair and notes the same words in the same order', () => {
    const next = rng(7);
    for (let n = 0; n < 400; n++) {
      const token = tokenOf(1 + Math.floor(next() * (n < 300 ? 12 : 1500)), next);
      const shortNotes: string[] = [];
      const longNotes: string[] = [];
      expect(repairLongToken(token, (w) => longNotes.push(w))).toBe(repairShortToken(token, (w) => shortNotes.push(w)));
      // note() keeps a word once (deobfuscate's `seen`): both tell it a word once per piece, the whole-token repair the token once per joined word
      expect([...new Set(longNotes)]).toEqual([...new Set(shortNotes)]);
    }
  });

  it('a token of megabytes is read the way a short one is, without splitting it', () => {
    const split = vi.spyOn(String.prototype, 'split');
    const text = `http://${'ab.'.repeat(400_000)}ab k1ếm`;
    const { text: out, samples } = deobfuscate(text);
    expect(out === `http://${'ab '.repeat(400_000)}ab kiếm`).toBe(true);
    expect(samples).toEqual(['k1ếm']);
    // the whole-token repair split it into 800,001 pieces held at once
    const longest = Math.max(0, ...split.mock.contexts.map((s) => String(s).length));
    expect(longest).toBeLessThanOrEqual(LONG_TOKEN);
  });

  it('a broken Vietnamese word inside a giant token is still counted, once', () => {
    const token = `${'ab.'.repeat(3000)}t.iền`;
    expect(token.length).toBeGreaterThan(LONG_TOKEN);
    const { text, count } = deobfuscate(token);
    // "ab.t.iền": the one-letter piece joins both neighbours, as in a short token
    expect(text === `${'ab '.repeat(2999)}abtiền`).toBe(true);
    expect(count).toBe(1);
  });
});
