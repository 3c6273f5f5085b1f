import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { Finding } from '../types.js';
import { compoundFile, wordDocumentStream, docMacroStreams } from './doc-crypto-builder.js';
import { deobfuscateWord, wordLock } from './doc-crypto.js';
import { xorObfuscateWordStreams } from './office-xor-builder.js';
import { xorPasswordArray } from './office-xor.js';
import { walkWithPasswords } from './test-helpers.js';

/**
 * Word 97–2003 documents "encrypted" with XOR obfuscation (FibBase fEncrypted and fObfuscated, the
 * key and verifier in lKey): built by the test-only obfuscator of office-xor-builder.ts (another
 * formulation of the algorithm than office-xor.ts; Debian's msoffcrypto-tool reads no XOR .doc),
 * opened by the walk with the message's password, and broken on purpose.
 */

const DDE = Buffer.from('Kính gửi \x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/c calc" \x14 x\x15', 'latin1');
/** Text over several 16-byte rounds of the array: a DDE field, EICAR (for ClamAV), filler, zeros, random bytes. */
const wordText = () => Buffer.concat([DDE, Buffer.alloc(300, 0x61), p.EICAR, Buffer.alloc(200), randomBytes(500)]);
/** The VBA storage of a .doc, under Macros/ (Word leaves it clear). */
const VBA = docMacroStreams;
const clearStreams = () => ({ word: wordDocumentStream(wordText()), table: Buffer.concat([Buffer.alloc(300, 0x33), randomBytes(300)]), data: randomBytes(400) });
const obfuscatedDoc = (password: string) => {
  const { word, table, data } = clearStreams();
  return compoundFile(xorObfuscateWordStreams(word, table, data, password).streams, VBA());
};

const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`).sort();
const encryptedOf = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.encrypted');
const others = (fs: Finding[]) => fs.filter((f) => f.kind !== 'attachment.encrypted' && f.kind !== 'attachment.virus').map((f) => ({ kind: f.kind, detail: f.detail, tags: f.tags }));
const walk = (file: Buffer, text: string) => walkWithPasswords(file, text, 'cong-van.doc');

describe('XOR-obfuscated Word documents (doc-crypto.ts)', () => {
  it('gets the clear streams back from the test obfuscator, FibBase saying it is no longer encrypted', () => {
    for (const password of ['Kt@2024', 'x', '123456789012345']) {
      const { word, table, data } = clearStreams();
      const sealed = xorObfuscateWordStreams(word, table, data, password);
      expect(sealed.streams.WordDocument!.includes(p.EICAR), password).toBe(false);
      const lock = wordLock(sealed.streams.WordDocument!, (n) => sealed.streams[n]);
      if (!lock || 'error' in lock || 'headerBytes' in lock) throw new Error(`not XOR-locked: ${JSON.stringify(lock)}`);
      expect(lock.name).toBe('Word XOR obfuscation');
      expect(xorPasswordArray(lock.scheme, 'Sai-mat-khau')).toBeUndefined();
      const array = xorPasswordArray(lock.scheme, password);
      expect(array, password).toBeDefined();
      const ours = deobfuscateWord(lock, array!, { word: sealed.streams.WordDocument!, table: sealed.streams['1Table']!, data: sealed.streams.Data! });
      for (const stream of ['WordDocument', '1Table', 'Data']) expect(ours[stream]!.equals(sealed.clear[stream]!), `${password} ${stream}`).toBe(true);
      expect(wordLock(ours.WordDocument!, (n) => ours[n])).toBeUndefined();
    }
  });
});

describe('the walk and XOR-obfuscated .doc', () => {
  it('opens a macro .doc with the password in the mail body: its macro, DDE field and (deobfuscated) EICAR found as in the clear file', async () => {
    const { word, table, data } = clearStreams();
    const clear = await walk(compoundFile({ WordDocument: word, '1Table': table, Data: data }, VBA()), 'Gửi anh.');
    expect(brief(clear)).toEqual(['attachment.exploit cong-van.doc dde,cmd,ole', 'attachment.macro cong-van.doc vba,ole', 'attachment.virus cong-van.doc Fake.EICAR']);
    const findings = await walk(obfuscatedDoc('Kt@2024'), 'Kính gửi anh,\nMật khẩu: Kt@2024\nTrân trọng');
    expect(encryptedOf(findings).map((f) => f.tags)).toEqual([['office', 'opened', 'password-in-message', 'doc']]);
    expect(encryptedOf(findings)[0]!.detail).toContain('(Word XOR obfuscation) opened with a password given in the message ("Kt@2024")');
    expect(others(findings)).toEqual(others(clear));
    expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toEqual(['cong-van.doc → decrypted']);
  });

  it('keeps a .doc locked with a wrong password (Word has no default password): its DDE field and EICAR unseen', async () => {
    const findings = await walk(obfuscatedDoc('khong-co-thu'), 'Mật khẩu: 998877');
    expect(brief(findings)).toEqual(['attachment.encrypted cong-van.doc office,not-opened,password-in-message,doc', 'attachment.macro cong-van.doc vba,ole']);
    expect(encryptedOf(findings)[0]!.detail).toMatch(/Word XOR obfuscation.*none of \d+ candidate passwords opens it/);
    expect(brief(await walk(obfuscatedDoc('VelvetSweatshop'), 'Gửi anh.'))).toEqual(['attachment.encrypted cong-van.doc office,doc', 'attachment.macro cong-van.doc vba,ole']);
  });

  it('reports Word 95 XOR and a missing Table stream as unsupported, and never throws on a cut-off stream', async () => {
    const { word, table, data } = clearStreams();
    const sealed = xorObfuscateWordStreams(word, table, data, 'Kt@2024').streams;
    const word95 = Buffer.from(sealed.WordDocument!);
    word95.writeUInt16LE(0x0065, 2);
    const cases: Record<string, Buffer>[] = [{ ...sealed, WordDocument: word95 }, { WordDocument: sealed.WordDocument!, Data: sealed.Data! }];
    for (const streams of cases) {
      expect(brief(await walk(compoundFile(streams), 'Mật khẩu: Kt@2024'))).toEqual(['attachment.encrypted cong-van.doc doc,unsupported']);
    }
    for (const cut of [70, 100, 1030, sealed.WordDocument!.length - 1]) {
      const streams = { ...sealed, WordDocument: sealed.WordDocument!.subarray(0, cut) };
      const findings = await walk(compoundFile(streams), 'Mật khẩu: Kt@2024');
      expect(findings.filter((f) => f.kind === 'scanner.error'), String(cut)).toEqual([]);
      expect(encryptedOf(findings).map((f) => f.tags), String(cut)).toEqual([['office', 'opened', 'password-in-message', 'doc']]);
    }
  });
});
