import { randomBytes } from 'node:crypto';
import CFB from 'cfb';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import type { ScanLimits } from '../../config/types.js';
import type { Finding } from '../types.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { EncryptedDocuments } from './encrypted-office.js';
import { biff } from './lure-fixtures.js';
import { encryptOoxmlStreams } from './office-crypto-builder.js';
import { candidatesFromText } from './passwords.js';
import { fakeClamd, msoffcryptoDecrypt, walkWithPasswords } from './test-helpers.js';
import { encryptWorkbookStream, xlsFile, type XlsEncryption } from './xls-crypto-builder.js';
import { rc4 } from './pdf-crypt.js';
import { decryptWorkbook, workbookKey, workbookLock, type LockedWorkbook } from './xls-crypto.js';

/**
 * Legacy workbooks encrypted with RC4 or RC4 CryptoAPI (a FILEPASS record): built by a test-only
 * encryptor checked against Debian's msoffcrypto-tool (the reference decryptor), then opened by the
 * walk with Excel's default password "VelvetSweatshop" or the message's, and broken on purpose.
 */
beforeAll(() => ensureDebianPackages([{ pkg: 'python3-msoffcrypto-tool', file: '/usr/bin/msoffcrypto-tool' }]));

/** The Workbook stream msoffcrypto-tool decrypts `file` to with `password`. */
function msoffcryptoWorkbook(file: Buffer, password: string): Buffer {
  const entry = CFB.find(CFB.read(msoffcryptoDecrypt(file, password), { type: 'buffer' }), 'Workbook');
  if (!entry?.content) throw new Error('msoffcrypto-tool wrote no Workbook stream');
  return Buffer.from(entry.content as Uint8Array);
}

// ---- a workbook with everything the .xls checks look for, over several 1024-byte blocks ----

const u16 = (...vs: number[]) => Buffer.concat(vs.map((v) => Buffer.from([v & 0xff, (v >> 8) & 0xff])));
const latin = (s: string) => Buffer.from(s, 'latin1');
const bof = (dt: number) => biff(0x0809, u16(0x0600, dt, 0x0dbb, 0x07cc, 0, 0, 0, 0));
const eof = biff(0x000a);
/** BOUNDSHEET: lbPlyPos (left clear by the encryption), state, type, 8-bit name. */
const sheet = (name: string, type: number, state: number, lbPlyPos: number) =>
  biff(0x0085, Buffer.concat([u16(lbPlyPos & 0xffff, lbPlyPos >>> 16), Buffer.from([state, type, name.length, 0]), latin(name)]));
/** The built-in Auto_Open name (LBL, fBuiltin, one character: code 0x01). */
const autoOpen = biff(0x0018, Buffer.concat([u16(0x20), Buffer.from([0, 1]), u16(0), Buffer.alloc(8), Buffer.from([0, 0x01])]));
const supbookSelf = biff(0x01ae, u16(1, 0x0401));
const ddeSupbook = biff(0x01ae, Buffer.concat([u16(0, 11), Buffer.from([0]), latin('cmd\u0003/c calc')]));
const externName = biff(0x0023, Buffer.concat([u16(0x0002), Buffer.alloc(4), Buffer.from([2, 0]), latin('A0')]));
const externSheet = biff(0x0017, Buffer.concat([u16(2), u16(0, 0, 0), u16(1, 0xfffe, 0xfffe)]));
const nameX = Buffer.concat([Buffer.from([0x59]), u16(1, 1, 0)]);
const formula = biff(0x0006, Buffer.concat([u16(0, 0, 15), Buffer.alloc(8), u16(0), Buffer.alloc(4), u16(nameX.length), nameX]));

/**
 * A BIFF8 Workbook stream (no FILEPASS): clear-by-spec records (INTERFACEHDR), BOUNDSHEETs, a very
 * hidden macro sheet with Auto_Open (when `macro`), a DDE link used by a cell formula, a SST continued
 * in a CONTINUE record, filler over several blocks.
 */
function workbookStream(macro = true): Buffer {
  const globals = [
    bof(0x0005),
    biff(0x00e1, u16(1200)), // INTERFACEHDR
    biff(0x005c, Buffer.concat([latin('Ke toan'), Buffer.alloc(105, 0x20)])), // WRITEACCESS
    biff(0x0042, u16(1200)),
    sheet('Sheet1', 0, 0, 0x1234),
    ...(macro ? [sheet('Macro1', 1, 2, 0x5678), autoOpen] : []),
    supbookSelf,
    ddeSupbook,
    externName,
    externSheet,
    biff(0x00fc, randomBytes(1500)), // SST ...
    biff(0x003c, randomBytes(900)), // ... and its CONTINUE
    eof,
  ];
  const sheets = [bof(0x0010), formula, biff(0x0201, randomBytes(1200)), biff(0x0201, randomBytes(1000)), eof, ...(macro ? [bof(0x0040), eof] : [])];
  return Buffer.concat([...globals, ...sheets]);
}

const SCHEMES: [string, XlsEncryption][] = [
  ['RC4 CryptoAPI 128-bit', { scheme: 'cryptoapi' }],
  ['RC4 CryptoAPI 40-bit', { scheme: 'cryptoapi', keyBits: 40 }],
  ['RC4 CryptoAPI 56-bit, version 4.2', { scheme: 'cryptoapi', keyBits: 56, version: 4 }],
  ['RC4 (MD5, Excel 97-2003)', { scheme: 'rc4' }],
];

describe('RC4 for legacy workbooks (xls-crypto.ts)', () => {
  it('gives the textbook RC4 test vectors', () => {
    expect(rc4(latin('Key'), latin('Plaintext')).toString('hex')).toBe('bbf316e8d940af0ad3');
    expect(rc4(latin('Wiki'), latin('pedia')).toString('hex')).toBe('1021bf0420');
    expect(rc4(latin('Secret'), latin('Attack at dawn')).toString('hex')).toBe('45a01f645fc35b383552544b9bf5');
  });

  for (const [name, opts] of SCHEMES) {
    it(`${name}: msoffcrypto-tool and our reader get the same clear stream back from the test encryptor`, () => {
      const clear = workbookStream();
      const sealed = encryptWorkbookStream(clear, 'Mk@2024', opts);
      expect(sealed.stream.length).toBeGreaterThan(4 * 1024);
      // encrypted: the sheet names are gone, the record headers and lbPlyPos are not
      expect(sealed.stream.includes(latin('Macro1'))).toBe(false);
      expect(sealed.stream.includes(Buffer.concat([u16(0x0085, 14), u16(0x5678, 0)]))).toBe(true);
      expect(msoffcryptoWorkbook(xlsFile(sealed.stream), 'Mk@2024').equals(sealed.clear)).toBe(true);
      const lock = workbookLock(sealed.stream);
      if ('error' in lock) throw new Error(lock.error);
      expect(workbookKey(lock, 'mk@2024')).toBeUndefined();
      const keys = workbookKey(lock, 'Mk@2024');
      expect(keys).toBeDefined();
      expect(decryptWorkbook(lock, keys!).equals(sealed.clear)).toBe(true);
    });
  }

  it('decrypts a stream cut off in the middle of a record as far as it goes', () => {
    const sealed = encryptWorkbookStream(workbookStream(), 'VelvetSweatshop');
    const cut = sealed.stream.subarray(0, 2500);
    const lock = workbookLock(cut) as LockedWorkbook;
    expect(decryptWorkbook(lock, workbookKey(lock, 'VelvetSweatshop')!).equals(sealed.clear.subarray(0, 2500))).toBe(true);
  });
});

// ---- the walk ----

const walk = (file: Buffer, text: string, limits: Partial<ScanLimits> = {}, name = 'bang-ke.xls'): Promise<Finding[]> =>
  walkWithPasswords(file, text, name, limits);

const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`).sort();
const encryptedOf = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.encrypted');
const others = (fs: Finding[]) => fs.filter((f) => f.kind !== 'attachment.encrypted').map((f) => ({ kind: f.kind, detail: f.detail, tags: f.tags }));
const encryptedXls = (password: string, opts?: XlsEncryption, streams: Record<string, Buffer> = {}) =>
  xlsFile(encryptWorkbookStream(workbookStream(), password, opts).stream, streams);

describe('the walk and encrypted legacy workbooks', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { 'Fake.EICAR': p.EICAR } }) });

  it('opens a VelvetSweatshop .xls and reports its XLM macro sheet, Auto_Open and DDE exactly as in the clear one; the shipped policy holds it', async () => {
    const clear = await walk(xlsFile(workbookStream()), 'Gửi anh bảng kê.');
    expect(brief(clear)).toEqual([
      'attachment.exploit bang-ke.xls dde,cmd,ole,xls',
      'attachment.macro bang-ke.xls xlm,hidden,very-hidden,auto-open,ole,xls',
    ]);
    for (const [name, opts] of SCHEMES) {
      const findings = await walk(encryptedXls('VelvetSweatshop', opts), 'Gửi anh bảng kê.');
      expect(encryptedOf(findings).map((f) => f.tags), name).toEqual([['office', 'default-password', 'opened', 'xls']]);
      expect(encryptedOf(findings)[0]!.detail, name).toContain('Excel\'s default password "VelvetSweatshop"');
      expect(others(findings), name).toEqual(others(clear));
    }
    const v = await verdict(attachmentMail('bang-ke.xls', 'application/vnd.ms-excel', encryptedXls('VelvetSweatshop')));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toEqual(expect.arrayContaining(['office-default-password', 'office-macro']));
  });

  it('sends ClamAV the workbook decrypted, so a signature hidden by the encryption is found', async () => {
    // EICAR in a cell's record after FILEPASS: encrypted in the file, clear in the workbook Excel reads
    const book = Buffer.concat([bof(0x0005), sheet('Sheet1', 0, 0, 0x100), biff(0x0204, Buffer.concat([Buffer.alloc(8), p.EICAR])), eof]);
    const file = xlsFile(encryptWorkbookStream(book, 'VelvetSweatshop').stream);
    expect(file.includes(p.EICAR)).toBe(false);
    const findings = await walk(file, 'Gửi anh bảng kê.');
    expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toEqual(['bang-ke.xls → decrypted']);
    // a workbook that stays locked has no decrypted copy to scan
    const locked = await walk(xlsFile(encryptWorkbookStream(book, 'Khac-9753').stream), 'Gửi anh bảng kê.');
    expect(locked.filter((f) => f.kind === 'attachment.virus')).toEqual([]);
  });

  it('quarantines a VelvetSweatshop .xls under the shipped policy even when nothing inside is reported', async () => {
    const plain = Buffer.concat([bof(0x0005), sheet('Sheet1', 0, 0, 0x100), eof]);
    const v = await verdict(attachmentMail('bang-ke.xls', 'application/vnd.ms-excel', xlsFile(encryptWorkbookStream(plain, 'VelvetSweatshop').stream)));
    expect(v.rules).toContain('office-default-password');
    expect(v.rules).not.toContain('office-macro');
    expect(v.action).toBe('quarantine');
  });

  it('opens an .xls with the password the message gives, or a common one, and still finds the macro sheet', async () => {
    const given = await walk(encryptedXls('Kt@2024'), 'Kính gửi anh,\nMật khẩu: Kt@2024\nTrân trọng');
    expect(encryptedOf(given).map((f) => f.tags)).toEqual([['office', 'opened', 'password-in-message', 'xls']]);
    expect(encryptedOf(given)[0]!.detail).toContain('a password given in the message ("Kt@2024")');
    expect(brief(given)).toContain('attachment.macro bang-ke.xls xlm,hidden,very-hidden,auto-open,ole,xls');
    const common = await walk(encryptedXls('123456', { scheme: 'rc4' }), 'Gửi anh.');
    expect(encryptedOf(common).map((f) => f.tags)).toEqual([['office', 'opened', 'common-password', 'xls']]);
    expect(brief(common)).toContain('attachment.macro bang-ke.xls xlm,hidden,very-hidden,auto-open,ole,xls');
  });

  it('keeps an .xls locked with a wrong password: its macro sheet unseen, the message\'s password flagged', async () => {
    const file = encryptedXls('khong-co-trong-thu');
    const announced = await walk(file, 'Mật khẩu: 998877');
    expect(brief(announced)).toEqual(['attachment.encrypted bang-ke.xls office,not-opened,password-in-message,xls']);
    expect(encryptedOf(announced)[0]!.detail).toMatch(/Excel RC4 CryptoAPI 128-bit.*none of \d+ candidate passwords opens it/);
    const v = await verdict(attachmentMail('bang-ke.xls', 'application/vnd.ms-excel', file).replace('Gửi anh hồ sơ tháng 3.', 'Mật khẩu: 998877'));
    expect(v.rules).toContain('encrypted-archive-password-in-message');
    expect(v.action).toBe('quarantine');
    const silent = await walk(file, 'Gửi anh tài liệu.');
    expect(brief(silent)).toEqual(['attachment.encrypted bang-ke.xls office,xls']);
  });

  it('still reports the VBA project of an encrypted .xls (its storages are not encrypted), opened or not', async () => {
    const vba = { '/_VBA_PROJECT_CUR/VBA/_VBA_PROJECT': Buffer.from([0xcc, 0x61, 0xff, 0xff]) };
    expect(brief(await walk(encryptedXls('VelvetSweatshop', undefined, vba), ''))).toContain('attachment.macro bang-ke.xls vba,ole,xls');
    expect(brief(await walk(encryptedXls('khong-mo-duoc', undefined, vba), ''))).toEqual([
      'attachment.encrypted bang-ke.xls office,xls',
      'attachment.macro bang-ke.xls vba,ole,xls',
    ]);
  });

  it('reports broken FILEPASS records as unsupported, and an XOR FILEPASS no password opens as locked, without throwing', async () => {
    const good = encryptWorkbookStream(workbookStream(), 'VelvetSweatshop').stream;
    const filePassSize = good.readUInt16LE(20 + 2);
    const edit = (at: number, bytes: Buffer) => {
      const s = Buffer.from(good);
      bytes.copy(s, 20 + 4 + at);
      return s;
    };
    // XOR obfuscation (xls-xor.test.ts) whose key and verifier no candidate gives: locked, as an RC4 one
    const xor = Buffer.concat([bof(0x0005), biff(0x002f, u16(0, 0x1234, 0xabcd)), sheet('Macro1', 1, 2, 0), eof]);
    expect(brief(await walk(xlsFile(xor), 'Mật khẩu: 1234'))).toEqual(['attachment.encrypted bang-ke.xls office,not-opened,password-in-message,xls']);
    const cases: [string, Buffer][] = [
      ['unknown encryption type', edit(0, u16(7))],
      ['unknown version', edit(2, u16(9, 9))],
      ['header size past the record', edit(10, u16(0xffff, 0))],
      ['salt of 8 bytes', edit(filePassSize - 60, u16(8, 0))],
      ['AES named in an RC4 header', edit(14 + 8, u16(0x660e, 0))],
      ['key size of 200 bits', edit(14 + 16, u16(200, 0))],
    ];
    // cut inside FILEPASS: the workbook reader already says the stream is cut short (uninspectable)
    expect(workbookLock(good.subarray(0, 20 + 4 + 30))).toEqual({ error: 'the FILEPASS record runs past the end of the stream' });
    for (const [name, stream] of cases) {
      expect('error' in workbookLock(stream), name).toBe(true);
      const findings = await walk(xlsFile(stream), 'Mật khẩu: 1234');
      expect(encryptedOf(findings).map((f) => [f.detail, f.tags]), name).toEqual([
        ['encrypted Excel workbook: its sheets and macros cannot be checked', ['xls', 'unsupported']],
      ]);
      expect(findings.filter((f) => f.kind === 'scanner.error'), name).toEqual([]);
    }
    // a damaged verifier: no password opens it
    const bad = edit(filePassSize - 1, Buffer.from([good[20 + 4 + filePassSize - 1]! ^ 0xff]));
    expect(brief(await walk(xlsFile(bad), ''))).toEqual(['attachment.encrypted bang-ke.xls office,xls']);
  });

  it('reads what a cut-off encrypted stream holds (macro sheet, DDE link) and says the rest is missing', async () => {
    const sealed = encryptWorkbookStream(workbookStream(), 'VelvetSweatshop').stream;
    const findings = await walk(xlsFile(sealed.subarray(0, 600)), '');
    expect(brief(findings)).toEqual([
      'attachment.encrypted bang-ke.xls office,default-password,opened,xls',
      'attachment.exploit bang-ke.xls dde,cmd,ole,xls',
      'attachment.macro bang-ke.xls xlm,hidden,very-hidden,auto-open,ole,xls',
      'attachment.uninspectable bang-ke.xls xls',
    ]);
  });

  it('does not decrypt a stream past the bytes the walk may still inspect', async () => {
    const findings = await walk(encryptedXls('VelvetSweatshop'), '', { archiveMaxTotalBytes: 1024 });
    expect(brief(findings)).toEqual(['attachment.encrypted bang-ke.xls office,xls']);
    expect(encryptedOf(findings)[0]!.detail).toMatch(/decrypted workbook would be \d+ bytes, over the 1024 bytes left/);
  });

  it('counts its password tries against the attachment\'s hash-round budget', async () => {
    const docs = new EncryptedDocuments(() => candidatesFromText(''));
    // Standard-encrypted OOXML documents of the same attachment that no candidate opens (50,000 rounds a try) spend it all
    const { info, pkg } = encryptOoxmlStreams(await p.makeZip({ 'a.txt': 'x' }), 'khong-co', { scheme: 'standard' });
    // (OFFICE_MAX_ROUNDS is 16 such tries exactly: nothing is left for even an RC4 try)
    const reasons: (string | false)[] = [];
    while (reasons.length < 20 && !reasons.includes('budget')) {
      const r = await docs.open({ info, package: pkg }, 1e9);
      reasons.push(r.opened === false && r.reason);
    }
    expect(reasons.at(-1)).toBe('budget');
    const lock = workbookLock(encryptWorkbookStream(workbookStream(), 'VelvetSweatshop').stream) as LockedWorkbook;
    const r = await docs.openWorkbook(lock, 1e9);
    expect(r.opened === false && r.reason).toBe('budget');
    expect(r.opened === false && r.detail).toMatch(/2 per try/);
    // a fresh budget opens it
    expect((await new EncryptedDocuments(() => candidatesFromText('')).openWorkbook(lock, 1e9)).opened).toBe(true);
  });
});
