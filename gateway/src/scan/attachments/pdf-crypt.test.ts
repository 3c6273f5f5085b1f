import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hash2B, openEncryption, rc4 } from './pdf-crypt.js';
import type { PdfDict, PdfValue } from './pdf-syntax.js';

/**
 * The password checks against encryption dictionaries written by other software: the values are
 * the test vectors of Mozilla's pdf.js (test/unit/crypto_spec.js, Apache-2.0), so a mistake made
 * the same way here and in our fixture builder (payloads.mjs) would still be caught.
 */
const u = (s: string) => unescape(s);
const str = (s: string): PdfValue => ({ t: 'str', s });
const num = (v: number): PdfValue => ({ t: 'num', v });
const dict = (o: Record<string, PdfValue>): PdfDict => ({ t: 'dict', m: new Map(Object.entries({ Filter: { t: 'name', v: 'Standard' }, ...o })) });
const hex = (s: string) => Buffer.from(s, 'hex');

const fileId1 = u('%F6%C6%AF%17%F3rR%8DRM%9A%80%D1%EF%DF%18');
const fileId2 = u('%3CL_%3AD%96%AF@%9A%9D%B3%3Cx%1Cv%AC');
/** RC4 128-bit, revision 3: user password "123456". */
const rc4R3 = dict({
  V: num(2),
  R: num(3),
  Length: num(128),
  P: num(-1028),
  O: str(u('%80%C3%04%96%91o%20sl%3A%E6%1B%13T%91%F2%0DV%12%E3%FF%5E%BB%E9VO%D8k%9A%CA%7C%5D')),
  U: str(u('j%0C%8D%3EY%19%00%BCjd%7D%91%BD%AA%00%18%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00')),
});
/** Revision 4: no user password. */
const blankR4 = dict({
  V: num(4),
  R: num(4),
  Length: num(128),
  P: num(-1084),
  O: str(u('sF%14v.y5%27%DB%97%0A5%22%B3%E1%D4%AD%BD%9B%3C%B4%A5%89u%15%B2Y%F1h%D9%E9%F4')),
  U: str(u('%93%04%89%A9%BF%8AE%A6%88%A2%DB%C2%A0%A8gn%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00')),
});
/** AES-256, revision 6: user password "user". */
const aesR6 = dict({
  V: num(5),
  R: num(6),
  Length: num(256),
  P: num(-1084),
  U: str(u('%5E%E6%CDK%A6c%FAL%DB%80%11U9%11%21%A4%96.g%B0%A0%9C%BB%E9%A6%DF%A3%FD%93%EB_%B8S%F5%92e%C6%F7%22%C6%BF%0B%10%5E%ED%D8%14%AF')),
  UE: str(u('y%D0%02%B5%E6Y%9C%3C%FD%8F%D4%1CT%B4%C4%B1%AD%80%DDk.%14%5E%BA%873_%18%14%DF%FE%24')),
});
/** AES-256, revision 6: no user password. */
const blankR6 = dict({
  V: num(5),
  R: num(6),
  Length: num(256),
  P: num(-1084),
  U: str(u('%1A%A9%DC%918%83%93k%29%5B%117%B16%DB%E8%8E%FE%28%E5%89%D4%0E%AD%12%3B%7DN_6fez%8BG%18%05YOh%7DZH%A3Z%87%17*')),
  UE: str(u('%A0%0AZU%27%1D%27%2C%0B%FE%0E%A2L%F9b%5E%A1%B9%D6v7b%B26%A9N%99%F1%A4Deq')),
});
/** AES-256, revision 5 (Adobe's extension level 3): no user password. */
const blankR5 = dict({
  V: num(5),
  R: num(5),
  Length: num(256),
  P: num(-1084),
  U: str(u('%83%D4zi%F1O0%961%12%CC%82%CB%CA%BF5y%FD%21%EB%E4%D1%B5%1D%D6%FA%14%F3%BE%8Fqs%EF%88%DE%E2%E8%DC%F55%E4%B8%16%C8%14%8De%1E')),
  UE: str(u('%81%F5%5D%B0%28%81%E4%7F_%7C%8F%85b%A0%7E%10%D0%88lx%7B%7EJ%5E%912%B6d%12%27%05%F6')),
});

describe('PDF encryption: does it open without a password?', () => {
  it('RC4 revision 3: opens with its user password only, so the empty one is refused', () => {
    expect(openEncryption(rc4R3, fileId1, '123456')).toMatchObject({ state: 'readable', method: 'RC4-128' });
    expect(openEncryption(rc4R3, fileId1)).toEqual({ state: 'password', method: 'RC4-128' });
    expect(openEncryption(rc4R3, fileId1, 'wrong').state).toBe('password');
    // the file id is part of the key: another file's id does not open it
    expect(openEncryption(rc4R3, fileId2, '123456').state).toBe('password');
  });

  it('revision 4 with no user password opens with the empty one', () => {
    expect(openEncryption(blankR4, fileId2).state).toBe('readable');
  });

  it('AES-256 revisions 5 and 6', () => {
    expect(openEncryption(aesR6, fileId1, 'user')).toMatchObject({ state: 'readable', method: 'AES-256' });
    expect(openEncryption(aesR6, fileId1)).toEqual({ state: 'password', method: 'AES-256' });
    expect(openEncryption(blankR6, fileId1).state).toBe('readable');
    expect(openEncryption(blankR5, fileId1).state).toBe('readable');
  });

  it('derives the AES-256 file key of revision 6 (and reads a string with it)', () => {
    // pdf.js: the file key of aesR6 for the password "user"
    const key = Buffer.from([42, 218, 213, 39, 73, 91, 72, 79, 67, 38, 248, 133, 18, 189, 61, 34, 107, 79, 29, 56, 59, 181, 213, 118, 113, 34, 65, 210, 87, 174, 22, 239]);
    const iv = Buffer.alloc(16, 7);
    const c = createCipheriv('aes-256-cbc', key, iv);
    const secret = Buffer.concat([iv, c.update('https://a.example/'), c.final()]).toString('latin1');
    const stdCF: PdfValue = { t: 'dict', m: new Map<string, PdfValue>([['CFM', { t: 'name', v: 'AESV3' }]]) };
    const filters: [string, PdfValue][] = [
      ['CF', { t: 'dict', m: new Map([['StdCF', stdCF]]) }],
      ['StrF', { t: 'name', v: 'StdCF' }],
    ];
    const opened = openEncryption({ t: 'dict', m: new Map([...aesR6.m, ...filters]) }, fileId1, 'user');
    expect(opened.state === 'readable' && opened.decryptString(secret, 12, 0)).toBe('https://a.example/');
    // without crypt filters (/StrF defaults to /Identity) strings are as written
    const plain = openEncryption(aesR6, fileId1, 'user');
    expect(plain.state === 'readable' && plain.decryptString('abc', 12, 0)).toBe('abc');
  });

  it('calls another security handler, an unknown scheme or a broken dictionary unsupported', () => {
    expect(openEncryption(dict({ Filter: { t: 'name', v: 'Adobe.PubSec' }, V: num(4), R: num(4) }), '')).toEqual({ state: 'unsupported', method: 'Adobe.PubSec' });
    expect(openEncryption(dict({ V: num(3), R: num(3) }), '').state).toBe('unsupported');
    expect(openEncryption(dict({ V: num(2), R: num(3), O: str('short'), U: str('') }), '').state).toBe('unsupported');
    expect(openEncryption(dict({ V: num(5), R: num(6), U: str('x'.repeat(20)) }), '').state).toBe('unsupported');
  });

  it('RC4 and the revision 6 hash match their published values', () => {
    // RC4 test vector (the one pdf.js and others use)
    expect(rc4(hex('0123456789abcdef'), hex('0123456789abcdef')).toString('hex')).toBe('75b7878099e0c596');
    expect(rc4(hex('ef012345'), Buffer.alloc(10)).toString('hex')).toBe('d6a141a7ec3c38dfbd61');
    // Algorithm 2.B of aesR6: the hash of "user" with the validation salt is the start of /U
    const U = Buffer.from((aesR6.m.get('U') as { s: string }).s, 'latin1');
    expect(hash2B(Buffer.from('user'), U.subarray(32, 40)).equals(U.subarray(0, 32))).toBe(true);
  });
});
