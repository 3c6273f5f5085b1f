import { randomBytes } from 'node:crypto';
import CFB from 'cfb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import type { Finding } from '../types.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { createClamdClient } from './clamd.js';
import { EncryptedDocuments } from './encrypted-office.js';
import { biff } from './lure-fixtures.js';
import { xorKey, xorPasswordArray, xorPasswordBytes, xorVerifier } from './office-xor.js';
import { candidatesFromText } from './passwords.js';
import { fakeClamd, msoffcryptoDecrypt, walkWithPasswords } from './test-helpers.js';
import { xlsFile } from './xls-crypto-builder.js';
import { decryptWorkbookXor, workbookLock, type LockedWorkbook } from './xls-crypto.js';
import { lfsrKey, rotationVerifier, xorObfuscateWorkbookStream } from './office-xor-builder.js';

/**
 * Legacy workbooks "encrypted" with XOR obfuscation (FILEPASS wEncryptionType 0): built by a
 * test-only obfuscator written in another formulation of the algorithm (office-xor-builder.ts), opened
 * by the walk with Excel's default password "VelvetSweatshop" or the message's, and broken on purpose.
 */
beforeAll(() => ensureDebianPackages([{ pkg: 'python3-msoffcrypto-tool', file: '/usr/bin/msoffcrypto-tool' }]));

const u16 = (...vs: number[]) => Buffer.concat(vs.map((v) => Buffer.from([v & 0xff, (v >> 8) & 0xff])));
const bof = (dt: number) => biff(0x0809, u16(0x0600, dt, 0x0dbb, 0x07cc, 0, 0, 0, 0));
const eof = biff(0x000a);

/** The Workbook stream of a fixture builder's .xls (payloads.mjs makeXls). */
function workbookOf(file: Buffer): Buffer {
  const entry = CFB.find(CFB.read(file, { type: 'buffer' }), 'Workbook');
  if (!entry?.content) throw new Error('no Workbook stream');
  return Buffer.from(entry.content as Uint8Array);
}

/**
 * makeXls's workbook with a very hidden macro sheet and Auto_Open, then a worksheet substream with
 * records of odd sizes (each record's XOR index starts elsewhere in the array), EICAR in a cell.
 */
function macroWorkbook(): Buffer {
  const globals = workbookOf(p.makeXls({ macroSheet: 'very-hidden' }));
  const sheet = [bof(0x0010), biff(0x0201, randomBytes(37)), biff(0x0204, Buffer.concat([Buffer.alloc(8), p.EICAR])), biff(0x00e1, u16(1200)), biff(0x0201, randomBytes(1201)), eof];
  return Buffer.concat([globals, ...sheet]);
}

const obfuscatedXls = (password: string, clear = macroWorkbook()) => xlsFile(xorObfuscateWorkbookStream(clear, password).stream);
const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`).sort();
const encryptedOf = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.encrypted');
const others = (fs: Finding[]) => fs.filter((f) => f.kind !== 'attachment.encrypted').map((f) => ({ kind: f.kind, detail: f.detail, tags: f.tags }));
const walk = (file: Buffer, text: string) => walkWithPasswords(file, text, 'bang-ke.xls');

describe('XOR obfuscation keys (office-xor.ts)', () => {
  it('gives the verifier Excel stores for "VelvetSweatshop" (0x9A0A, as msoffcrypto-tool\'s own test reads it from a real file)', () => {
    expect(xorVerifier(xorPasswordBytes('VelvetSweatshop')!)).toBe(0x9a0a);
  });

  it('agrees with the builder\'s other formulation (LFSR key, rotated verifier) for every length from 1 to 15', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#!~ ';
    for (let n = 0; n < 300; n++) {
      const length = (n % 15) + 1;
      const password = Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
      const pw = xorPasswordBytes(password)!;
      expect([xorKey(pw), xorVerifier(pw)], password).toEqual([lfsrKey(password), rotationVerifier(password)]);
    }
  });

  it('reads a password as Office does: 15 characters at most, a character\'s low byte or else its high byte', () => {
    expect(xorPasswordBytes('')).toBeUndefined();
    expect(xorPasswordBytes('0123456789abcdefXYZ')).toEqual(xorPasswordBytes('0123456789abcde'));
    expect(xorPasswordBytes('Mật\u0100')).toEqual([0x4d, 0xad, 0x74, 0x01]);
  });
});

describe('XOR-obfuscated workbooks (xls-crypto.ts)', () => {
  it('gets the clear stream back from the test obfuscator, lbPlyPos and the clear records untouched', () => {
    for (const password of ['VelvetSweatshop', 'Kt@2024', 'a', '123456789012345']) {
      const clear = macroWorkbook();
      const sealed = xorObfuscateWorkbookStream(clear, password);
      expect(sealed.stream.includes(Buffer.from('Macro1', 'latin1')), password).toBe(false);
      expect(sealed.stream.includes(p.EICAR), password).toBe(false);
      const lock = workbookLock(sealed.stream);
      if ('error' in lock) throw new Error(lock.error);
      expect(lock.name).toBe('Excel XOR obfuscation');
      if (lock.scheme.type !== 'xor') throw new Error('not XOR');
      expect(xorPasswordArray(lock.scheme, 'Sai-mat-khau'), password).toBeUndefined();
      const array = xorPasswordArray(lock.scheme, password);
      expect(array, password).toBeDefined();
      expect(decryptWorkbookXor(lock, array!).equals(sealed.clear), password).toBe(true);
    }
  });

  it('deobfuscates a stream cut off in the middle of a record as far as it goes', () => {
    const sealed = xorObfuscateWorkbookStream(macroWorkbook(), 'VelvetSweatshop');
    const lock = workbookLock(sealed.stream.subarray(0, 250)) as LockedWorkbook;
    if (lock.scheme.type !== 'xor') throw new Error('not XOR');
    expect(decryptWorkbookXor(lock, xorPasswordArray(lock.scheme, 'VelvetSweatshop')!).equals(sealed.clear.subarray(0, 250))).toBe(true);
  });

  it('matches msoffcrypto-tool where it reads XOR obfuscation, and reads what it refuses', () => {
    const password = 'VelvetSweatshop';
    const sealed = xorObfuscateWorkbookStream(macroWorkbook(), password);
    // our own reading of the file as sent: the clear workbook back
    const lock = workbookLock(sealed.stream) as LockedWorkbook;
    expect(lock.scheme.type).toBe('xor');
    if (lock.scheme.type !== 'xor') return;
    expect(decryptWorkbookXor(lock, xorPasswordArray(lock.scheme, password)!).equals(sealed.clear)).toBe(true);
    let file: Buffer | undefined;
    let refused = '';
    try {
      file = msoffcryptoDecrypt(xlsFile(sealed.stream), password);
    } catch (err) {
      refused = String(err);
    }
    if (file) {
      // a msoffcrypto-tool with XOR support (upstream after 5.0) must give the same clear workbook
      expect(workbookOf(file).equals(sealed.clear)).toBe(true);
    } else {
      // Debian's msoffcrypto-tool (5.0.0 in bookworm) refuses XOR with exactly this, and nothing else
      // may go wrong: a file it could not even open as a workbook would be our builder's fault
      expect(refused).toContain('Unsupported encryption method');
    }
  });
});

describe('the walk and XOR-obfuscated workbooks', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { 'Fake.EICAR': p.EICAR } }) });

  it('opens a VelvetSweatshop .xls, reports its macro sheet as in the clear one, and the shipped policy holds it', async () => {
    const clearBook = macroWorkbook();
    const clear = await walk(xlsFile(clearBook), 'Gửi anh bảng kê.');
    expect(brief(clear)).toContain('attachment.macro bang-ke.xls xlm,hidden,very-hidden,auto-open,ole,xls');
    const findings = await walk(obfuscatedXls('VelvetSweatshop', clearBook), 'Gửi anh bảng kê.');
    expect(encryptedOf(findings).map((f) => f.tags)).toEqual([['office', 'default-password', 'opened', 'xls']]);
    expect(encryptedOf(findings)[0]!.detail).toContain('(Excel XOR obfuscation) opened with Excel\'s default password "VelvetSweatshop"');
    // the same macro finding; EICAR is found in the deobfuscated copy ('→ decrypted'), not in the file as sent
    expect(others(findings).filter((f) => f.kind !== 'attachment.virus')).toEqual(others(clear).filter((f) => f.kind !== 'attachment.virus'));
    expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toEqual(['bang-ke.xls → decrypted']);
    // (without EICAR, which alone would have it rejected)
    const v = await verdict(attachmentMail('bang-ke.xls', 'application/vnd.ms-excel', obfuscatedXls('VelvetSweatshop', workbookOf(p.makeXls({ macroSheet: 'very-hidden' })))));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toEqual(expect.arrayContaining(['office-default-password', 'office-macro']));
  });

  it('opens an .xls with the password the message gives, and finds the macro sheet', async () => {
    const given = await walk(obfuscatedXls('Kt@2024'), 'Kính gửi anh,\nMật khẩu: Kt@2024\nTrân trọng');
    expect(encryptedOf(given).map((f) => f.tags)).toEqual([['office', 'opened', 'password-in-message', 'xls']]);
    expect(encryptedOf(given)[0]!.detail).toContain('a password given in the message ("Kt@2024")');
    expect(brief(given)).toContain('attachment.macro bang-ke.xls xlm,hidden,very-hidden,auto-open,ole,xls');
  });

  it('keeps an .xls locked with a wrong password: its macro sheet and EICAR unseen, the message\'s password flagged', async () => {
    const file = obfuscatedXls('khong-co-thu');
    const announced = await walk(file, 'Mật khẩu: 998877');
    expect(brief(announced)).toEqual(['attachment.encrypted bang-ke.xls office,not-opened,password-in-message,xls']);
    expect(encryptedOf(announced)[0]!.detail).toMatch(/Excel XOR obfuscation.*none of \d+ candidate passwords opens it/);
    expect(brief(await walk(file, 'Gửi anh tài liệu.'))).toEqual(['attachment.encrypted bang-ke.xls office,xls']);
  });

  it('never throws on a broken XOR FILEPASS or a cut-off stream', async () => {
    const good = xorObfuscateWorkbookStream(macroWorkbook(), 'VelvetSweatshop').stream;
    const bofEnd = 4 + good.readUInt16LE(2);
    const withFilePass = (data: Buffer) => Buffer.concat([good.subarray(0, bofEnd), biff(0x002f, data), good.subarray(bofEnd + 10)]);
    const broken: [string, Buffer][] = [
      ['type only', withFilePass(u16(0))],
      ['cut inside the key', withFilePass(Buffer.from([0, 0, 0x12]))],
      ['runs past the end', Buffer.concat([good.subarray(0, bofEnd), u16(0x002f, 200), u16(0, 1, 2)])],
    ];
    for (const [name, stream] of broken) {
      expect('error' in workbookLock(stream), name).toBe(true);
      const findings = await walk(xlsFile(stream), 'Mật khẩu: 1234');
      expect(findings.filter((f) => f.kind === 'scanner.error'), name).toEqual([]);
      expect(brief(findings), name).toEqual(name === 'runs past the end' ? ['attachment.uninspectable bang-ke.xls xls'] : ['attachment.encrypted bang-ke.xls xls,unsupported']);
    }
    // a key that does not go with the verifier: no password opens it
    const mismatched = Buffer.from(good);
    mismatched.writeUInt16LE(good.readUInt16LE(bofEnd + 6) ^ 1, bofEnd + 6);
    expect(brief(await walk(xlsFile(mismatched), ''))).toEqual(['attachment.encrypted bang-ke.xls office,xls']);
    for (const cut of [bofEnd + 9, bofEnd + 12, 100, 333, good.length - 1]) {
      const findings = await walk(xlsFile(good.subarray(0, cut)), '');
      expect(findings.filter((f) => f.kind === 'scanner.error'), String(cut)).toEqual([]);
    }
  });

  it('counts each try against the attachment\'s budget (1 round, no hash)', async () => {
    const lock = workbookLock(xorObfuscateWorkbookStream(macroWorkbook(), 'khong-co').stream) as LockedWorkbook;
    expect(lock.rounds).toBe(1);
    const r = await new EncryptedDocuments(() => candidatesFromText('')).openWorkbook(lock, 1e9);
    expect(r.opened === false && r.detail).toMatch(/none of 9 candidate passwords/);
    const small = await new EncryptedDocuments(() => candidatesFromText('')).openWorkbook(lock, 100);
    expect(small.opened === false && small.reason).toBe('size');
  });
});

// ---- end to end: the shipped policy, a real clamd ----

const clamdUrl = inject('clamdUrl');

describe.skipIf(!clamdUrl)('a mail with an XOR-obfuscated .xls, the shipped policy and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const client = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => client.close());
  const verdict = shippedPolicyVerdicts({ clamd: client });

  it('opens a VelvetSweatshop .xls; ClamAV finds the EICAR the obfuscation hid; the message is refused or held', async () => {
    const file = obfuscatedXls('VelvetSweatshop');
    expect((await client.scan(file)).infected).toBe(false);
    const v = await verdict(attachmentMail('bang-ke.xls', 'application/vnd.ms-excel', file));
    expect(v.kinds).toEqual(expect.arrayContaining(['attachment.encrypted', 'attachment.macro', 'attachment.virus']));
    expect(v.rules).toContain('office-default-password');
    expect(['reject', 'quarantine']).toContain(v.action);
  });
});
