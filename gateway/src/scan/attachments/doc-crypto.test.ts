import CFB from 'cfb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import type { Finding } from '../types.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { createClamdClient } from './clamd.js';
import { compoundFile, encryptPresentation, encryptWordStreams, wordDocumentStream, docMacroStreams } from './doc-crypto-builder.js';
import { decryptWord, wordLock } from './doc-crypto.js';
import { EncryptedDocuments } from './encrypted-office.js';
import { encryptOoxmlStreams } from './office-crypto-builder.js';
import { biff, exOleObjStg, record } from './lure-fixtures.js';
import { legacyLock } from './ole-crypto.js';
import { rc4PasswordKeys } from './office-rc4.js';
import { candidatesFromText } from './passwords.js';
import { decryptPresentation, presentationLock } from './ppt-crypto.js';
import { msoffcryptoDecrypt, walkWithPasswords } from './test-helpers.js';
import type { XlsEncryption } from './xls-crypto-builder.js';

/**
 * Word and PowerPoint 97–2003 files encrypted with RC4 / RC4 CryptoAPI: built by a test-only
 * encryptor (doc-crypto-builder.ts) checked against Debian's msoffcrypto-tool (the reference
 * decryptor), then opened by the walk with the message's passwords, and broken on purpose.
 */
beforeAll(() => ensureDebianPackages([{ pkg: 'python3-msoffcrypto-tool', file: '/usr/bin/msoffcrypto-tool' }]));

/** The root streams msoffcrypto-tool decrypts `file` to with `password`. */
function msoffcrypto(file: Buffer, password: string): (name: string) => Buffer {
  const cfb = CFB.read(msoffcryptoDecrypt(file, password), { type: 'buffer' });
  return (name) => {
    const entry = CFB.find(cfb, name);
    if (!entry?.content) throw new Error(`msoffcrypto-tool wrote no ${name} stream`);
    return Buffer.from(entry.content as Uint8Array);
  };
}

const DDE = Buffer.from('Kính gửi \x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/c calc" \x14 x\x15', 'latin1');
/** Text over several 512-byte blocks: a DDE field, EICAR (for ClamAV), filler. */
const wordText = () => Buffer.concat([DDE, Buffer.alloc(700, 0x61), p.EICAR, Buffer.alloc(900, 0x62)]);
/** The VBA storage of a .doc, under Macros/ (Word leaves it clear). */
const VBA = docMacroStreams;

function encryptedDoc(password: string, opts?: XlsEncryption, vba = true): Buffer {
  const sealed = encryptWordStreams(wordDocumentStream(wordText()), Buffer.alloc(1500, 0x33), Buffer.alloc(800, 0x44), password, opts);
  return compoundFile(sealed.streams, vba ? VBA() : {});
}

const clearDoc = (vba = true) => compoundFile({ WordDocument: wordDocumentStream(wordText()), '1Table': Buffer.alloc(1500, 0x33), Data: Buffer.alloc(800, 0x44) }, vba ? VBA() : {});

/** A presentation: a DocumentContainer, a slide, the VBA project in an ExOleObjStg, a text atom. */
const pptRecords = () => [
  record(0xf, 0, 0x03e8, Buffer.concat([record(1, 0, 0x03e9, Buffer.alloc(40)), record(0, 0, 0x0fa0, Buffer.alloc(600, 0x41))])),
  record(0xf, 0, 0x03ee, record(1, 0, 0x03ef, Buffer.alloc(24))),
  exOleObjStg(p.makeVbaStorage()),
];
const encryptedPpt = (password: string, keyBits?: number) => compoundFile(encryptPresentation(pptRecords(), password, keyBits ? { keyBits } : {}).streams);

const WORD_SCHEMES: [string, XlsEncryption][] = [
  ['RC4 CryptoAPI 128-bit', { scheme: 'cryptoapi' }],
  ['RC4 CryptoAPI 40-bit', { scheme: 'cryptoapi', keyBits: 40 }],
  ['RC4 (MD5)', { scheme: 'rc4' }],
];

describe('the encryptor against msoffcrypto-tool, and our readers', () => {
  for (const [name, opts] of WORD_SCHEMES) {
    it(`Word ${name}: msoffcrypto-tool and doc-crypto.ts get the same clear streams back`, () => {
      const word = wordDocumentStream(wordText());
      const sealed = encryptWordStreams(word, Buffer.alloc(1500, 0x33), Buffer.alloc(800, 0x44), 'Mk@2024', opts);
      expect(sealed.streams.WordDocument!.includes(DDE)).toBe(false);
      const file = compoundFile(sealed.streams);
      const ref = msoffcrypto(file, 'Mk@2024');
      expect(ref('WordDocument').equals(sealed.clear.WordDocument!)).toBe(true);
      expect(ref('Data').equals(sealed.clear.Data!)).toBe(true);
      // msoffcrypto-tool decrypts the Table stream's clear header too (garbage): the rest must match
      const headerBytes = sealed.streams.WordDocument!.readUInt32LE(14);
      expect(ref('1Table').subarray(headerBytes).equals(sealed.clear['1Table']!.subarray(headerBytes))).toBe(true);

      const lock = wordLock(sealed.streams.WordDocument!, (n) => sealed.streams[n]);
      if (!lock || 'error' in lock || !('headerBytes' in lock)) throw new Error(`not RC4-locked: ${JSON.stringify(lock)}`);
      expect(lock.name).toBe(`Word ${name.replace(' (MD5)', '')}`);
      expect(rc4PasswordKeys(lock.scheme, 'mk@2024')).toBeUndefined();
      const keys = rc4PasswordKeys(lock.scheme, 'Mk@2024')!;
      const ours = decryptWord(lock, keys, { word: sealed.streams.WordDocument!, table: sealed.streams['1Table']!, data: sealed.streams.Data! });
      for (const stream of ['WordDocument', '1Table', 'Data']) expect(ours[stream]!.equals(sealed.clear[stream]!), stream).toBe(true);
    });
  }

  for (const keyBits of [128, 40]) {
    it(`PowerPoint RC4 CryptoAPI ${keyBits}-bit: msoffcrypto-tool and ppt-crypto.ts decrypt every persist object alike`, () => {
      const sealed = encryptPresentation(pptRecords(), 'Mk@2024', { keyBits });
      const doc = sealed.streams['PowerPoint Document']!;
      expect(doc.includes(p.makeVbaStorage().subarray(0, 8))).toBe(false);
      const ref = msoffcrypto(compoundFile(sealed.streams), 'Mk@2024')('PowerPoint Document');
      const lock = presentationLock(sealed.streams['Current User'], doc);
      if (!lock || 'error' in lock) throw new Error(`not locked: ${JSON.stringify(lock)}`);
      expect(lock.name).toBe(`PowerPoint RC4 CryptoAPI ${keyBits}-bit`);
      expect(rc4PasswordKeys(lock.scheme, 'Mk@2025')).toBeUndefined();
      const ours = decryptPresentation(lock, rc4PasswordKeys(lock.scheme, 'Mk@2024')!, { currentUser: sealed.streams['Current User']!, doc })['PowerPoint Document']!;
      for (const [start, end] of sealed.objects) {
        expect(ref.subarray(start, end).equals(sealed.clearDoc.subarray(start, end))).toBe(true);
        expect(ours.subarray(start, end).equals(sealed.clearDoc.subarray(start, end))).toBe(true);
      }
      // the decrypted stream reads as a clear presentation: not locked any more
      const clear = decryptPresentation(lock, rc4PasswordKeys(lock.scheme, 'Mk@2024')!, { currentUser: sealed.streams['Current User']!, doc });
      expect(presentationLock(clear['Current User'], clear['PowerPoint Document']!)).toBeUndefined();
    });
  }
});

// ---- the walk ----

const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`).sort();
const encryptedOf = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.encrypted');
const others = (fs: Finding[]) => fs.filter((f) => f.kind !== 'attachment.encrypted' && f.kind !== 'attachment.virus').map((f) => ({ kind: f.kind, detail: f.detail, tags: f.tags }));

describe('the walk and encrypted .doc / .ppt', () => {
  it('opens a macro .doc with the password in the mail body: its macro, DDE field and (decrypted) EICAR are found as in the clear file', async () => {
    const clear = await walkWithPasswords(clearDoc(), 'Gửi anh.', 'cong-van.doc');
    expect(brief(clear)).toEqual([
      'attachment.exploit cong-van.doc dde,cmd,ole',
      'attachment.macro cong-van.doc vba,ole',
      'attachment.virus cong-van.doc Fake.EICAR',
    ]);
    for (const [name, opts] of WORD_SCHEMES) {
      const findings = await walkWithPasswords(encryptedDoc('Kt@2024', opts), 'Kính gửi anh,\nMật khẩu: Kt@2024\nTrân trọng', 'cong-van.doc');
      expect(encryptedOf(findings).map((f) => f.tags), name).toEqual([['office', 'opened', 'password-in-message', 'doc']]);
      expect(encryptedOf(findings)[0]!.detail, name).toContain(`(Word ${name.replace(' (MD5)', '')}) opened with a password given in the message ("Kt@2024")`);
      expect(others(findings), name).toEqual(others(clear));
      expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject), name).toEqual(['cong-van.doc → decrypted']);
    }
  });

  it('keeps a .doc locked with a wrong password: tagged not-opened, its DDE field and EICAR unseen (the clear VBA storage still reported)', async () => {
    const findings = await walkWithPasswords(encryptedDoc('khong-co-trong-thu'), 'Mật khẩu: 998877', 'cong-van.doc');
    expect(brief(findings)).toEqual([
      'attachment.encrypted cong-van.doc office,not-opened,password-in-message,doc',
      'attachment.macro cong-van.doc vba,ole',
    ]);
    expect(encryptedOf(findings)[0]!.detail).toMatch(/Word RC4 CryptoAPI 128-bit.*none of \d+ candidate passwords opens it/);
    // no password in the message: encrypted, nothing more said
    expect(brief(await walkWithPasswords(encryptedDoc('khong-co-trong-thu', undefined, false), 'Gửi anh.', 'cong-van.doc'))).toEqual([
      'attachment.encrypted cong-van.doc office,doc',
    ]);
  });

  it('does not try VelvetSweatshop on a Word document (Excel-only), but does try the common passwords', async () => {
    const velvet = await walkWithPasswords(encryptedDoc('VelvetSweatshop', undefined, false), '', 'cong-van.doc');
    expect(brief(velvet)).toEqual(['attachment.encrypted cong-van.doc office,doc']);
    const common = await walkWithPasswords(encryptedDoc('123456', { scheme: 'rc4' }, false), 'Gửi anh.', 'cong-van.doc');
    expect(encryptedOf(common).map((f) => f.tags)).toEqual([['office', 'opened', 'common-password', 'doc']]);
    expect(brief(common)).toContain('attachment.exploit cong-van.doc dde,cmd,ole');
  });

  it('opens an encrypted .ppt and finds the VBA project its encrypted ExOleObjStg holds; a wrong password finds nothing', async () => {
    const opened = await walkWithPasswords(encryptedPpt('Kt@2024'), 'Mật khẩu: Kt@2024', 'bao-cao.ppt');
    expect(brief(opened)).toEqual([
      'attachment.encrypted bao-cao.ppt office,opened,password-in-message,ppt',
      'attachment.macro bao-cao.ppt vba,ole,ppt',
    ]);
    expect(encryptedOf(opened)[0]!.detail).toContain('PowerPoint RC4 CryptoAPI 128-bit');
    const forty = await walkWithPasswords(encryptedPpt('2024', 40), '', 'bao-cao.pps');
    expect(brief(forty)).toContain('attachment.macro bao-cao.pps vba,ole,ppt');
    const locked = await walkWithPasswords(encryptedPpt('khong-dung'), 'Mật khẩu: Kt@2024', 'bao-cao.ppt');
    expect(brief(locked)).toEqual(['attachment.encrypted bao-cao.ppt office,not-opened,password-in-message,ppt']);
  });

  it('reports Excel 95 XOR and broken headers as encrypted and unsupported, and a Word XOR key no password gives as locked, without throwing', async () => {
    const word = wordDocumentStream(DDE);
    // Word XOR obfuscation (doc-xor.test.ts) with lKey 0: no candidate gives that key and verifier
    const xor = Buffer.from(word);
    xor.writeUInt16LE(xor.readUInt16LE(10) | 0x8100, 10);
    expect(brief(await walkWithPasswords(compoundFile({ WordDocument: xor, '1Table': Buffer.alloc(600) }), 'Mật khẩu: 1234', 'cong-van.doc'))).toEqual([
      'attachment.encrypted cong-van.doc office,not-opened,password-in-message,doc',
    ]);
    const sealed = encryptWordStreams(word, Buffer.alloc(600), undefined, 'x').streams;
    const badVersion = Buffer.from(sealed['1Table']!);
    badVersion.writeUInt16LE(9, 0);
    const noTable = { WordDocument: sealed.WordDocument!, '0Table': Buffer.alloc(600) };
    for (const streams of [{ ...sealed, '1Table': badVersion }, noTable]) {
      const findings = await walkWithPasswords(compoundFile(streams), '', 'cong-van.doc');
      expect(brief(findings)).toEqual(['attachment.encrypted cong-van.doc doc,unsupported']);
    }
    // Excel 95: a BIFF5 Book stream whose FILEPASS is a 2-byte key and a 2-byte verifier
    const book = Buffer.concat([biff(0x0809, Buffer.from([0, 5, 5, 0, 0, 0, 0, 0])), biff(0x002f, Buffer.from([0x34, 0x12, 0xcd, 0xab])), biff(0x000a)]);
    const xls = compoundFile({ Book: book });
    const findings = await walkWithPasswords(xls, 'Mật khẩu: 1234', 'bang-ke.xls');
    expect(brief(findings)).toEqual(['attachment.encrypted bang-ke.xls xls,unsupported']);
    // a presentation whose Current User stream is gone but whose EncryptedSummary says it is encrypted
    const ppt = encryptPresentation(pptRecords(), 'x').streams;
    const noUser = compoundFile({ 'PowerPoint Document': ppt['PowerPoint Document']!, EncryptedSummary: Buffer.alloc(300) });
    expect(brief(await walkWithPasswords(noUser, '', 'bao-cao.ppt'))).toEqual(['attachment.encrypted bao-cao.ppt ppt,unsupported']);
    // cut off: whatever is left is reported without a scanner error
    const file = encryptedPpt('2024');
    for (const cut of [700, file.length >> 1]) {
      const fs = await walkWithPasswords(file.subarray(0, cut), '', 'bao-cao.ppt');
      expect(fs.filter((f) => f.kind === 'scanner.error')).toEqual([]);
    }
  });

  it('counts its tries against the attachment\'s hash-round budget, and decrypts nothing past the bytes left', async () => {
    const docs = new EncryptedDocuments(() => candidatesFromText(''));
    const lock = legacyLock(CFB.read(encryptedDoc('khong-co', undefined, false), { type: 'buffer' }), encryptedDoc('khong-co', undefined, false));
    if (!lock || !('document' in lock)) throw new Error('not locked');
    // Standard-encrypted OOXML documents of the same attachment that no candidate opens spend it all
    const { info, pkg } = encryptOoxmlStreams(await p.makeZip({ 'a.txt': 'x' }), 'khong-co', { scheme: 'standard' });
    for (let i = 0; i < 16; i++) await docs.open({ info, package: pkg }, 1e9);
    const r = await docs.openRc4(lock.document, 1e9);
    expect(r.opened === false && r.reason).toBe('budget');
    expect(r.opened === false && r.detail).toMatch(/2 per try/);
    // a fresh budget tries the 8 common passwords, 2 rounds each (none opens it)
    const fresh = await new EncryptedDocuments(() => candidatesFromText('')).openRc4(lock.document, 1e9);
    expect(fresh.opened === false && fresh.detail).toMatch(/none of 8 candidate passwords/);
    const small = await walkWithPasswords(encryptedDoc('1234'), '', 'cong-van.doc', { archiveMaxTotalBytes: 1024 });
    expect(encryptedOf(small)[0]!.detail).toMatch(/decrypted document would be \d+ bytes, over the 1024 bytes left/);
    expect(small.filter((f) => f.kind === 'attachment.exploit')).toEqual([]);
  });
});

// ---- end to end: the shipped policy, a real clamd ----

const clamdUrl = inject('clamdUrl');

describe.skipIf(!clamdUrl)('a mail with an encrypted .doc, the shipped policy and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const client = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => client.close());
  const verdict = shippedPolicyVerdicts({ clamd: client });

  it('opens it with the password in the body; ClamAV finds the EICAR the encryption hid; the message is refused or held', async () => {
    const file = encryptedDoc('Kt@2024');
    expect((await client.scan(file)).infected).toBe(false);
    const mail = attachmentMail('cong-van.doc', 'application/msword', file).replace('Gửi anh hồ sơ tháng 3.', 'Gửi anh công văn. Mật khẩu: Kt@2024');
    const v = await verdict(mail);
    expect(v.kinds).toEqual(expect.arrayContaining(['attachment.encrypted', 'attachment.macro', 'attachment.exploit', 'attachment.virus']));
    expect(['reject', 'quarantine']).toContain(v.action);
  });

  it('holds the mail whose password does not open the .doc (encrypted-archive-password-in-message)', async () => {
    const mail = attachmentMail('cong-van.doc', 'application/msword', encryptedDoc('khac-9753', undefined, false)).replace('Gửi anh hồ sơ tháng 3.', 'Mật khẩu: Kt@2024');
    const v = await verdict(mail);
    expect(v.rules).toContain('encrypted-archive-password-in-message');
    expect(v.action).toBe('quarantine');
  });
});
