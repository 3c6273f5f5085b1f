import { describe, expect, it } from 'vitest';
import { candidatesFromText, COMMON_PASSWORDS, MAX_CANDIDATES, MAX_PASSWORD_CHARS } from './passwords.js';

/** Password candidates from the subject and visible text, Vietnamese and other languages. */
const first = (text: string) => candidatesFromText(text).list[0];

describe('password candidates from the message text', () => {
  it.each([
    ['Mật khẩu: 2024', '2024'],
    ['MẬT KHẨU GIẢI NÉN: Hs@2024', 'Hs@2024'],
    ['Mat khau: abc123', 'abc123'],
    ['Mã giải nén là 556677.', '556677'],
    ['mk giải nén 8899', '8899'],
    ['password: abc123', 'abc123'],
    ['The password for the attached file is "Q3 report!"', 'Q3 report!'],
    ['pass 1234', '1234'],
    ['PWD=zx81', 'zx81'],
    ['Passwort: Rechnung7', 'Rechnung7'],
    ['Contraseña: factura-99', 'factura-99'],
    ['Le mot de passe est: 7Fj2k', '7Fj2k'],
    ['Mật khẩu giải nén\n\n  hs2024\n\nTrân trọng', 'hs2024'],
    ['Mật khẩu mở file:\nKT-2024', 'KT-2024'],
    ['Mật khẩu: “Tài liệu 7”', 'Tài liệu 7'],
    ['Mật khẩu: *Xy12*', 'Xy12'],
  ])('%j → %j', (text, expected) => {
    const c = candidatesFromText(text);
    expect(c.list[0]).toBe(expected);
    expect(c.fromMessage.has(expected)).toBe(true);
    expect(c.announced).toBe(true);
  });

  it('reads decomposed (NFD) Vietnamese the same as composed text', () => {
    expect(first('Mật khẩu: 2468'.normalize('NFD'))).toBe('2468');
  });

  it('keeps a word with its trailing punctuation too: "abc!" may be the password', () => {
    const c = candidatesFromText('Password: Tet2024!.');
    expect(c.list.slice(0, 2)).toEqual(['Tet2024', 'Tet2024!.']);
  });

  it('does not take an ordinary sentence about passwords as a password given', () => {
    for (const text of [
      'Mật khẩu sẽ được gửi qua tin nhắn SMS.',
      'Your password will be sent separately.',
      'Vui lòng đổi mật khẩu định kỳ.',
      'Mật khẩu là ngày sinh của quý khách.',
      'We never ask for your password by e-mail',
      'Passenger list and compass bypass',
    ]) {
      const c = candidatesFromText(text);
      expect(c.announced, text).toBe(false);
    }
    expect(candidatesFromText('Passenger list, compass, bypass').fromMessage.size).toBe(0);
  });

  it('always ends with the common passwords, unique, at most MAX_CANDIDATES of at most MAX_PASSWORD_CHARS', () => {
    expect(candidatesFromText('Không có gì.').list).toEqual(COMMON_PASSWORDS);
    const many = Array.from({ length: 100 }, (_, i) => `password: pw${i} ${'x'.repeat(i % 3 ? 5 : 100)}`).join('\n');
    const c = candidatesFromText(`${many}\npassword: 1234`);
    expect(c.list.length).toBe(MAX_CANDIDATES);
    expect(new Set(c.list).size).toBe(c.list.length);
    expect(c.list.every((p) => p.length <= MAX_PASSWORD_CHARS)).toBe(true);
    expect(c.list).toContain('infected');
  });

  it('stays linear on several MB of adversarial text', () => {
    const evil = `${'mật khẩu '.repeat(200_000)}${'password: '.repeat(100_000)}${'pass '.repeat(200_000)}`;
    const t0 = performance.now();
    const c = candidatesFromText(evil);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(c.list.length).toBeLessThanOrEqual(MAX_CANDIDATES);
  });
});
