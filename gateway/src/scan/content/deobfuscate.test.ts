import { describe, expect, it } from 'vitest';
import { deobfuscate, hasSpacedLetters, SPACED_QUICK } from './deobfuscate.js';

const text = (s: string): string => deobfuscate(s).text;

describe('deobfuscate: undoing disguised words', () => {
  it('reads digits as letters inside words that mix them with letters', () => {
    expect(text('ZaL0 H0c T0t')).toBe('ZaLo Hoc Tot');
    expect(text('Ca0 Dang')).toBe('Cao Dang');
  });

  it('reads @ and $ as letters only between letters, before a lower-case one', () => {
    expect(text('v@y tiền, L@p, Ker$tetter')).toBe('vay tiền, Lap, Kerstetter');
    expect(text('@param $HOME user@HOST')).toBe('@param $HOME user@HOST');
  });

  it('reads a lower-case l inside an upper-case word as I', () => {
    expect(text('LAl-XE DAl H0c T0t-NGHlEP')).toBe('LAI XE DAI Hoc Tot NGHIEP');
  });

  it('joins words broken by a dot or hyphen after one letter, and splits two words joined by one', () => {
    expect(text('Vay t.iền, Đ.ầu t.ư')).toBe('Vay tiền, Đầu tư');
    expect(text('Cao.Dang LAI-XE')).toBe('Cao Dang LAI XE');
  });

  it('judges a piece written with combining marks by its composed letters', () => {
    // "ầ" written as a + two combining marks is one letter: the break is undone (and counted, not ASCII)
    const d = deobfuscate('vay nh.a\u0302\u0300 tư');
    expect(d.text).toBe('vay nha\u0302\u0300 tư');
    expect(d.count).toBe(1);
    // three ASCII letters are a word: the separator stays a word break
    expect(text('dvc-trang-chu.html')).toBe('dvc trang chu html');
  });

  it('removes zero-width characters inside words', () => {
    expect(text('vay\u200B tiền t\u200Biền nh\u2060anh')).toBe('vay\u200B tiền tiền nhanh');
  });

  it('turns stylised letters (mathematical, full-width, circled, small capitals) into plain ones', () => {
    expect(text('𝕏𝐢𝓷 ＮℍⒶ𝐮')).toBe('Xin NHAu');
    expect(text('ᴠᴀʏ ᴛɪềɴ')).toBe('vay tiền');
  });

  it('replaces Greek and Cyrillic look-alikes only inside Latin words', () => {
    expect(text('Αmazοn')).toBe('Amazon');
    expect(text('Привет καλημέρα')).toBe('Привет καλημέρα');
  });

  it('leaves numbers, versions, hashes, identifiers and ordinary abbreviations as they are', () => {
    const plain = 'Gọi 0982.157.352 lúc 8h30, gói V120K 10k mp3 IPv4 win10 x86_64 a3f4e1b9 1.5GB';
    expect(text(plain)).toBe(plain);
  });
});

describe('deobfuscate: counting disguised words', () => {
  it('counts each different disguised word once, with samples as written', () => {
    const d = deobfuscate('ZaL0 ZaL0 H0c LAl-XE t.iền');
    expect(d.count).toBe(4);
    expect(d.samples).toEqual(['ZaL0', 'H0c', 'LAl', 't.iền']);
  });

  it('counts words mixing stylised letters with other letters', () => {
    expect(deobfuscate('𝕏𝐢𝓷 đừ𝓃ᵍ 𝓒ã𝐢 ＮℍⒶ𝐮').count).toBeGreaterThanOrEqual(3);
  });

  it('does not count what ordinary and technical writing does', () => {
    const ordinary = [
      'eth0 radio0 ep0 DB0 ID0 sha1sum md5sum @param $HOME e-mail e.g. i.e. T-shirt x-ray',
      'Microsoft™ 25℃ ＰＤＦファイル Ｔｏｋｙｏ',
      'hy\u00ADphen\u00ADation, می\u200Cخواهم',
      'Số điện thoại mẹ em là 0946279323, Cộng hòa xã hội chủ nghĩa Việt Nam',
    ];
    for (const s of ordinary) expect(deobfuscate(s).count, s).toBe(0);
  });

  it('never throws on odd input', () => {
    for (const s of ['', '\uD800', '.-_*', '@$', '0'.repeat(1000), 'l'.repeat(100), 'A.'.repeat(500)]) {
      expect(() => deobfuscate(s)).not.toThrow();
    }
  });
});

describe('deobfuscate: letters spaced out one by one', () => {
  it('joins letters written apart, words apart by two spaces, and counts each joined word', () => {
    const d = deobfuscate('T à i  k h o ả n  c ủ a  b ạ n  đ ã  b ị  k h ó a, vui lòng x á c  m i n h');
    expect(d.text).toBe('Tài khoản của bạn đã bị khóa, vui lòng xác minh');
    expect(d.count).toBe(9);
    expect(text('Tài khoản V I E T C O M B A N K')).toBe('Tài khoản VIETCOMBANK');
    expect(text('k h o a\u0309 n'.normalize('NFD'))).toBe('khoa\u0309n'.normalize('NFD'));
  });

  it('leaves single letters of ordinary writing alone: short runs, lists, initials', () => {
    for (const plain of ['ở ý kiến', 'phương án A B', 'các mục a, b, c', 'Phụ lục A. B. C', 'anh Nguyễn V. A. và chị B', 'x = a + b']) {
      expect(text(plain), plain).toBe(plain);
      expect(deobfuscate(plain).count, plain).toBe(0);
    }
  });
});

describe('hasSpacedLetters: the quick test for letters written one by one', () => {
  it('answers as the SPACED_QUICK pattern does, on random text of letters, marks, digits, spaces and astral letters', () => {
    // a small seeded generator: the same strings every run
    let seed = 0x2f6b1d;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const units = ['a', 'B', 'ệ', 'o', 'a ', 'ệ ', 'o\u0301 ', '𝐀 ', '\u0301', '\u0323', ' ', ' ', '  ', '1', '.', '-', '\n', '𝐀', '\u{1D165}', 'й', '_', '@'];
    let agree = 0;
    let spaced = 0;
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      const len = 1 + next(14);
      for (let k = 0; k < len; k++) s += units[next(units.length)];
      const expected = SPACED_QUICK.test(s);
      expect(hasSpacedLetters(s), JSON.stringify(s)).toBe(expected);
      agree++;
      if (expected) spaced++;
    }
    expect(agree).toBe(20_000);
    // the generator must produce both answers often enough for the comparison to mean something
    expect(spaced).toBeGreaterThan(500);
    expect(spaced).toBeLessThan(19_500);
  });

  it('finds spaced letters with diacritics written as combining marks and at the very start', () => {
    expect(hasSpacedLetters('T à i  k h o ả n')).toBe(true);
    expect(hasSpacedLetters('T\u0300 a\u0301 i k')).toBe(true);
    expect(hasSpacedLetters('a b c')).toBe(true);
    expect(hasSpacedLetters('ab c d')).toBe(false);
    expect(hasSpacedLetters('a b c1')).toBe(false);
    expect(hasSpacedLetters('Tài khoản bị khóa')).toBe(false);
  });
});
