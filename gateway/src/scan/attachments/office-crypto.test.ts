import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import type { ScanLimits } from '../../config/types.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { EncryptedDocuments, MESSAGE_OFFICE_MAX_ROUNDS, OFFICE_MAX_ROUNDS, RoundBudget } from './encrypted-office.js';
import { inspectOle } from './macros.js';
import { encryptOoxml, encryptOoxmlStreams, sealedContainer, type AgileOptions, type StandardOptions } from './office-crypto-builder.js';
import { decryptPackage, packageKey, parseEncryptionInfo } from './office-crypto.js';
import { candidatesFromText } from './passwords.js';
import { walkWithPasswords } from './test-helpers.js';

/**
 * Password-encrypted OOXML documents: built by a test-only encryptor that follows [MS-OFFCRYPTO]
 * and is checked against Debian's msoffcrypto-tool (the reference decryptor), then opened by the
 * walk with Excel's default password or the message's, and broken on purpose.
 */
let dir: string;
let policy: Policy;
const POLICY_DIR = new URL('../../../../policies', import.meta.url).pathname;

beforeAll(async () => {
  ensureDebianPackages([{ pkg: 'python3-msoffcrypto-tool', file: '/usr/bin/msoffcrypto-tool' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-officecrypt-'));
  policy = await loadPolicy(POLICY_DIR);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What msoffcrypto-tool decrypts `file` to with `password`. */
function msoffcrypto(file: Buffer, password: string): Buffer {
  const input = path.join(dir, 'in.bin');
  const output = path.join(dir, 'out.bin');
  rmSync(output, { force: true });
  writeFileSync(input, file);
  const r = spawnSync('msoffcrypto-tool', ['-p', password, input, output], { timeout: 60_000 });
  if (r.status !== 0) throw new Error(`msoffcrypto-tool: ${r.stderr?.toString()}`);
  return readFileSync(output);
}


const FAST: AgileOptions = { scheme: 'agile', spinCount: 1000 };

const walk = (file: Buffer, text: string, limits: Partial<ScanLimits> = {}, name = 'bang-ke.xlsx'): Promise<Finding[]> =>
  walkWithPasswords(file, text, name, limits);

const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`).sort();
const encryptedOf = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.encrypted');

describe('the test encryptor against msoffcrypto-tool', () => {
  // msoffcrypto-tool 5.0 uses the whole decrypted encryptedKeyValue as the key (no cut to keyBits),
  // so it cannot read AES-192 (24 bytes padded to 32): that case is checked by our reader alone
  const cases: [string, AgileOptions | StandardOptions, boolean][] = [
    ['Agile AES-256 SHA-512 (Office default)', { scheme: 'agile' }, true],
    ['Agile AES-128 SHA-1', { scheme: 'agile', hash: 'SHA1', keyBits: 128, spinCount: 5000 }, true],
    ['Agile AES-256 SHA-256', { scheme: 'agile', hash: 'SHA256', keyBits: 256, spinCount: 5000 }, true],
    ['Agile AES-192 SHA-384', { scheme: 'agile', hash: 'SHA384', keyBits: 192, spinCount: 5000 }, false],
    ['Standard AES-128', { scheme: 'standard' }, true],
    ['Standard AES-256', { scheme: 'standard', keyBits: 256 }, true],
  ];
  for (const [name, opts, reference] of cases) {
    it(`${name}: ${reference ? 'msoffcrypto-tool and ' : ''}our reader get the exact zip back`, async () => {
      // a zip over one 4096-byte segment, not a multiple of 16 bytes
      const zip = await p.makeZip({ '[Content_Types].xml': '<Types/>', 'word/media/noise.bin': randomBytes(13_001) }, { store: true });
      expect(zip.length).toBeGreaterThan(3 * 4096);
      expect(zip.length % 16).not.toBe(0);
      const file = encryptOoxml(zip, 'Mk@2024', opts);
      if (reference) expect(msoffcrypto(file, 'Mk@2024').equals(zip)).toBe(true);

      const sealed = inspectOle(file).sealed!;
      const scheme = parseEncryptionInfo(sealed.info);
      if ('error' in scheme) throw new Error(scheme.error);
      expect(scheme.type).toBe(opts.scheme);
      expect(await packageKey(scheme, 'Mk@2025')).toBeUndefined();
      const key = await packageKey(scheme, 'Mk@2024');
      expect(key).toBeDefined();
      const out = decryptPackage(scheme, key!, sealed.package, 10 * 1024 * 1024);
      expect(out.ok && out.data.equals(zip)).toBe(true);
      expect(out.ok && out.integrity).toBe(opts.scheme === 'agile' ? 'valid' : 'absent');
    });
  }
});

describe('the cost of a password try', () => {
  it('lets the event loop run while it spins 100,000 SHA-512 rounds', async () => {
    const { info } = encryptOoxmlStreams(Buffer.from('PK'), 'x', { scheme: 'agile' });
    const scheme = parseEncryptionInfo(info);
    if ('error' in scheme) throw new Error(scheme.error);
    expect(scheme.spinCount).toBe(100_000);
    let ran = 0;
    const tick = () => {
      ran += 1;
      if (ran < 1000) setImmediate(tick);
    };
    setImmediate(tick);
    expect(await packageKey(scheme, 'sai-mat-khau')).toBeUndefined();
    const seen = ran;
    ran = 1000; // stop ticking
    // a try that held the loop would resolve before the first tick
    expect(seen).toBeGreaterThanOrEqual(3);
  });
});

describe('the walk and password-encrypted Office documents', () => {
  it('opens a workbook encrypted with VelvetSweatshop (Office defaults) and finds its macros; the policy holds it', async () => {
    const findings = await walk(encryptOoxml(await o.makeMacroWorkbook(), 'VelvetSweatshop'), 'Gửi anh bảng kê.');
    expect(brief(findings)).toEqual([
      'attachment.encrypted bang-ke.xlsx office,default-password,opened',
      'attachment.macro bang-ke.xlsx → decrypted xlm,vba,xlsm,ooxml',
    ]);
    expect(encryptedOf(findings)[0]!.detail).toContain('Agile AES-256, SHA512');
    const verdict = decide(findings, policy);
    expect(verdict.action).toBe('quarantine');
    expect(verdict.hits.map((h) => h.rule)).toEqual(expect.arrayContaining(['office-default-password', 'office-macro']));
  });

  it('opens a document with the password the message gives, and clamd sees the decrypted parts', async () => {
    const docx = await p.makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>', 'word/embeddings/x.txt': p.EICAR }, { store: true });
    const findings = await walk(encryptOoxml(docx, 'Hs@2024', FAST), 'Kính gửi anh,\nMật khẩu: Hs@2024\nTrân trọng', {}, 'ho-so.docx');
    expect(brief(findings)).toEqual([
      'attachment.encrypted ho-so.docx office,opened,password-in-message',
      'attachment.virus ho-so.docx → decrypted Fake.EICAR',
      // a file in its embeddings folder is walked as a member too (ooxml-packages.ts)
      'attachment.virus ho-so.docx → decrypted → word/embeddings/x.txt Fake.EICAR',
    ]);
    expect(encryptedOf(findings)[0]!.detail).toContain('a password given in the message ("Hs@2024")');
    expect(decide(findings, policy).hits.map((h) => h.rule)).not.toContain('office-default-password');
  });

  it('opens a Standard-encrypted docm with a common password, tagged so', async () => {
    const findings = await walk(encryptOoxml(await p.makeWordDocument({ macros: true }), '123456', { scheme: 'standard' }), 'Gửi anh tài liệu.', {}, 'to-trinh.docm');
    expect(brief(findings)).toEqual([
      'attachment.encrypted to-trinh.docm office,opened,common-password',
      'attachment.macro to-trinh.docm → decrypted vba,docm,ooxml',
    ]);
  });

  it('keeps a document locked with a wrong password: the macros stay unseen and the message\'s password is flagged', async () => {
    const file = encryptOoxml(await p.makeWordDocument({ macros: true }), 'khong-co-trong-thu', FAST);
    const announced = await walk(file, 'Mật khẩu: 998877');
    expect(brief(announced)).toEqual(['attachment.encrypted bang-ke.xlsx office,not-opened,password-in-message']);
    expect(encryptedOf(announced)[0]!.detail).toMatch(/none of \d+ candidate passwords opens it/);
    expect(decide(announced, policy).hits.map((h) => h.rule)).toContain('encrypted-archive-password-in-message');
    // no password in the text: a warning as for any password-protected file, not a hold
    const silent = await walk(file, 'Gửi anh tài liệu.');
    expect(brief(silent)).toEqual(['attachment.encrypted bang-ke.xlsx office']);
    expect(decide(silent, policy).action).toBe('deliver');
  });

  it('spends at most its hash-round budget on one attachment (Office default spin count: a few tries)', async () => {
    const file = encryptOoxml(await p.makeZip({ '[Content_Types].xml': '<Types/>' }), 'not-any-candidate');
    const text = Array.from({ length: 12 }, (_, i) => `Mật khẩu: Thu${i}x2024`).join('\n');
    const started = Date.now();
    const findings = await walk(file, text);
    const elapsed = Date.now() - started;
    const detail = encryptedOf(findings)[0]!.detail;
    expect(detail).toContain(`${OFFICE_MAX_ROUNDS / 100_000} passwords tried, then the password tries for this attachment are used up`);
    // 8 tries of 100,000 SHA-512 rounds: well under the scan's time limits even on a slow box
    expect(elapsed).toBeLessThan(10_000);
    // a file asking for more rounds than the budget is not tried at all
    const greedy = encryptOoxmlStreams(await p.makeZip({ 'a.txt': 'x' }), 'VelvetSweatshop', FAST);
    const info = Buffer.from(greedy.info.toString('latin1').replace('spinCount="1000"', 'spinCount="5000000"'), 'latin1');
    const t2 = Date.now();
    const r = await new EncryptedDocuments(() => candidatesFromText('')).open({ info, package: greedy.pkg }, 1e9);
    expect(Date.now() - t2).toBeLessThan(1000);
    expect(r.opened === false && r.reason).toBe('budget');
  });

  it('shares a per-message budget between attachments: a message of many locked documents costs twice one attachment, not more', async () => {
    const sealed = encryptOoxmlStreams(await p.makeZip({ 'a.txt': 'x' }), 'not-any-candidate', { scheme: 'agile', spinCount: 100_000 });
    const message = new RoundBudget();
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      // one EncryptedDocuments per attachment (walk), the same message budget
      const r = await new EncryptedDocuments(() => candidatesFromText(''), message).open({ info: sealed.info, package: sealed.pkg }, 1e9);
      outcomes.push(r.opened ? 'opened' : r.detail);
    }
    const tries = OFFICE_MAX_ROUNDS / 100_000;
    expect(outcomes[0]).toContain(`${tries} passwords tried, then the password tries for this attachment are used up`);
    expect(outcomes[1]).toContain(`${tries} passwords tried, then the password tries for this attachment are used up`);
    expect(outcomes[2]).toContain('the password tries for this message are used up');
    expect(message.rounds).toBe(MESSAGE_OFFICE_MAX_ROUNDS - 2 * OFFICE_MAX_ROUNDS);
  });

  it('reports broken or unsupported encryption headers without throwing', async () => {
    const good = encryptOoxmlStreams(await p.makeWordDocument(), 'VelvetSweatshop', FAST);
    const xml = (edit: (s: string) => string) => Buffer.from(edit(good.info.toString('latin1')), 'latin1');
    // a Standard header naming RC4 (0x6801) instead of AES
    const standard = encryptOoxmlStreams(await p.makeWordDocument(), 'VelvetSweatshop', { scheme: 'standard' });
    const rc4Info = Buffer.from(standard.info);
    rc4Info.writeUInt32LE(0x6801, 12 + 8);
    const cases: [string, Buffer, Buffer, RegExp, string[]][] = [
      ['cut off', good.info.subarray(0, 5), good.pkg, /shorter than its version header/, ['office']],
      ['garbage XML', Buffer.concat([good.info.subarray(0, 8), Buffer.from('<encryption><nonsense')]), good.pkg, /no keyData/, ['office']],
      ['absurd spin count', xml((s) => s.replace('spinCount="1000"', 'spinCount="99999999999"')), good.pkg, /spin count .* out of range/, ['office']],
      ['bad base64', xml((s) => s.replace(/encryptedKeyValue="[^"]*"/, 'encryptedKeyValue="!!"')), good.pkg, /encryptedKeyValue missing/, ['office']],
      ['DES cipher', xml((s) => s.replaceAll('cipherAlgorithm="AES"', 'cipherAlgorithm="DES"')), good.pkg, /cipher "DES" is not supported/, ['office', 'unsupported']],
      ['unknown version', Buffer.concat([Buffer.from([9, 0, 9, 0]), good.info.subarray(4)]), good.pkg, /unknown EncryptionInfo version 9\.9/, ['office']],
      ['RC4 CryptoAPI', rc4Info, standard.pkg, /RC4 CryptoAPI encryption is not supported/, ['office', 'unsupported']],
      ['package shorter than it declares', good.info, good.pkg.subarray(0, 40), /declares \d+ bytes but holds 32/, ['office']],
      ['package without its size', good.info, good.pkg.subarray(0, 5), /shorter than its size field/, ['office']],
    ];
    for (const [name, info, pkg, detail, tags] of cases) {
      const findings = await walk(sealedContainer(info, pkg), 'Gửi anh.');
      const enc = encryptedOf(findings);
      expect(enc, name).toHaveLength(1);
      expect(enc[0]!.detail, name).toMatch(detail);
      expect(enc[0]!.tags, name).toEqual(tags);
      expect(findings.filter((f) => f.kind === 'scanner.error'), name).toEqual([]);
    }
  });

  it('does not decrypt past the bytes the walk may still inspect', async () => {
    const big = await p.makeZip({ '[Content_Types].xml': '<Types/>', 'word/media/a.bin': Buffer.alloc(64 * 1024, 7) }, { store: true });
    const findings = await walk(encryptOoxml(big, 'VelvetSweatshop', FAST), '', { archiveMaxTotalBytes: 16 * 1024 });
    expect(brief(findings)).toEqual(['attachment.encrypted bang-ke.xlsx office']);
    expect(encryptedOf(findings)[0]!.detail).toMatch(/decrypted document would be \d+ bytes, over the 16384 bytes left/);
  });

  it('still inspects a document whose integrity code does not match, and says so', async () => {
    const { info, pkg } = encryptOoxmlStreams(await p.makeWordDocument({ macros: true }), 'VelvetSweatshop', FAST);
    // bytes after the last block: the data decrypts the same, the HMAC over the stream no longer matches
    const findings = await walk(sealedContainer(info, Buffer.concat([pkg, Buffer.alloc(16, 1)])), '');
    expect(brief(findings)).toContain('attachment.macro bang-ke.xlsx → decrypted vba,docm,ooxml');
    expect(encryptedOf(findings)[0]!.detail).toContain('integrity code does not match');
  });

  it('leaves a legacy OLE document without EncryptedPackage as before', async () => {
    const findings = await walk(p.makeOleDocWithMacros(), 'Mật khẩu: 1234', {}, 'cu.doc');
    expect(brief(findings)).toEqual(['attachment.macro cu.doc vba,ole']);
  });
});
