import { describe, expect, it } from 'vitest';
import { INVISIBLE_BMP } from './fold.js';
import { EXACT_PIECE, exactFold, exactFoldUnits, exactText } from './phrases.js';
import { Rng } from '../../../test/fuzz/mutators.js';

/** exactText as it was written before long texts were folded unit by unit: the whole text through each regular expression. */
function exactTextWhole(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(new RegExp(INVISIBLE_BMP.source, 'g'), '')
    .replace(/\s\s+|[^\S ]/g, ' ')
    .normalize('NFC');
}

/** Whitespace of every kind, invisibles, letters that change under NFKC, lower-casing (Σ) and NFC, halves of pairs. */
const UNITS = [
  'a', 'B', 'x', '.', "'", 'Σ', 'σ', 'İ', 'ữ', 'Ữ', 'e\u0301', '\u0301', '\u0323', 'Ａ', '𝐔', 'ﬁ', '½', '\ud83d', '\ude00', '😀',
  ' ', ' ', ' ', '\n', '\r\n', '\t', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
  '\u00ad', '\u034f', '\u061c', '\u115f', '\u17b4', '\u180e', '\u200b', '\u200d', '\u200f', '\u202e', '\u2060', '\u2066', '\ufe0f', '\ufeff',
];

/** A deterministic generator (the fuzzer's mulberry32), so a failure replays. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

function sample(rand: () => number, length: number, units: readonly string[]): string {
  const out: string[] = [];
  for (let n = 0; n < length; ) {
    // runs of one kind now and then, so whitespace and invisible runs cross many cuts
    const u = units[Math.floor(rand() * units.length)]!;
    const times = rand() < 0.2 ? 1 + Math.floor(rand() * 40) : 1;
    for (let k = 0; k < times; k++) out.push(u);
    n += u.length * times;
  }
  return out.join('');
}

describe('exactText on long texts (unit by unit, not by .replace)', () => {
  it('gives what the regular expressions give, on 3,000 random texts', () => {
    const rand = random(20261125);
    for (let i = 0; i < 3000; i++) {
      const text = sample(rand, 1 + Math.floor(rand() * 300), UNITS);
      const lowered = text.normalize('NFKC').toLowerCase();
      const whole = exactTextWhole(text);
      expect(exactFoldUnits(lowered).normalize('NFC'), JSON.stringify(text)).toBe(whole);
      expect(exactFold(lowered, 0).normalize('NFC'), JSON.stringify(text)).toBe(whole);
      expect(exactFold(lowered).normalize('NFC')).toBe(whole);
    }
  });

  it('gives what the whole-text form gives on texts longer than EXACT_PIECE', () => {
    const rand = random(7);
    const shapes = [
      'a\n'.repeat(EXACT_PIECE), // a million short lines, the shape that needed the loop
      ' '.repeat(3 * EXACT_PIECE) + 'a', // a whitespace run longer than a window
      '\u200b'.repeat(2 * EXACT_PIECE) + ' \u200b \n', // invisibles only, then a run that crosses them
      `${'l\u200bu\u200ba\u200b \u200bd\u200ba\u200bo\u200b '.repeat(EXACT_PIECE / 8)}ΣΑΣ Σ`,
      sample(rand, 5 * EXACT_PIECE, UNITS),
      sample(rand, 3 * EXACT_PIECE, [' ', '\n', '\u00a0', '\u200b', '\ufeff', 'a']),
    ];
    // and one with few changes, which stays with the expressions
    shapes.push(`${'lừa đảo '.repeat(EXACT_PIECE / 4)}\n\u200b  x`);
    for (const text of shapes) {
      expect(text.length).toBeGreaterThan(EXACT_PIECE);
      expect(exactFoldUnits(text.normalize('NFKC').toLowerCase()).normalize('NFC') === exactTextWhole(text)).toBe(true);
      const got = exactText(text);
      const want = exactTextWhole(text);
      expect(got.length).toBe(want.length);
      expect(got === want).toBe(true);
    }
  });

  it('keeps the known cases', () => {
    expect(exactText('LỪA  ĐẢO')).toBe('lừa đảo');
    expect(exactFoldUnits('a \u200b \n b')).toBe('a b');
    expect(exactFoldUnits('a\u200b\u200b b\u00a0\ud800')).toBe('a b \ud800');
  });
});
