import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded.js';
import { foldText, foldTextWhole } from './fold.js';

describe('foldText', () => {
  it('folds Vietnamese the same composed, decomposed, upper-case and spaced', () => {
    expect(foldText('LỪA ĐẢO')).toBe('lua dao');
    expect(foldText('lừa   đảo')).toBe('lua dao');
    expect(foldText('lừa đảo'.normalize('NFD'))).toBe('lua dao');
    expect(foldText('Ｍｉ\u200Bｃｒｏｓｏｆｔ 𝐏𝐚𝐲𝐏𝐚𝐥')).toBe('microsoft paypal');
    expect(foldText('you’ve\u00a0\u00a0got ﬁles')).toBe("you've got files");
  });

  it('gives what folding the whole text at once gives, for every BMP character alone and between letters', () => {
    const mismatches: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `A${ch}b ${ch}`]) {
        if (foldText(text) !== foldTextWhole(text)) mismatches.push(c.toString(16));
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('folds capital sigma by its neighbours, as lower-casing the whole text does (final ς)', () => {
    for (const text of ['ΟΔΥΣΣΕΥΣ', 'ΣΑΣ ΣΑΣ', 'Σ', 'aΣ b', '𝚺𝚺 ΑΣ', 'ϹΑΣ']) expect(foldText(text)).toBe(foldTextWhole(text));
    expect(foldText('ΟΔΥΣΣΕΥΣ')).toBe('οδυσσευς');
  });

  it('gives what folding the whole text gives on random mixes of scripts, marks, spaces, surrogates and emoji', () => {
    const pool = [
      ...'aàáảãạăằắẳẵặâầấẩẫậđĐeèéêềếiìíoòóôồốơờớuùúưừứyỳý AĂÂÊÔƠƯ',
      '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u031b', '\u0334', '\u0345',
      ' ', '\t', '\n', '\u00a0', '\u2003', '\u200b', '\u00ad', '\ufeff', '\u202e',
      'İ', 'ß', 'ﬁ', '㎏', 'Ω', 'Σ', 'ς', 'Ϲ', '한', '글', 'ｗ', '①', '½', '’', '`',
      '😀', '👍🏽', '𝐀', '𝚺', '\ud83d', '\ude00', '\udc00', '\ud800', '\u{e0041}', '\u{1f1fb}\u{1f1f3}',
    ];
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      let text = '';
      const len = 1 + Math.floor(next() * 60);
      for (let i = 0; i < len; i++) text += pool[Math.floor(next() * pool.length)];
      expect(foldText(text), `seed ${seed}: ${JSON.stringify(text)}`).toBe(foldTextWhole(text));
    }
  });

  it('grows its output when folding makes the text longer', () => {
    const text = '㎏'.repeat(5000) + 'ﬃ'.repeat(3000);
    expect(foldText(text)).toBe(foldTextWhole(text));
    expect(foldText(text).length).toBe(5000 * 2 + 3000 * 3);
    const mixed = 'ﬃ'.repeat(4000) + 'Abc '.repeat(5000) + '㎏'.repeat(10);
    expect(foldText(mixed)).toBe(foldTextWhole(mixed));
  });
});
