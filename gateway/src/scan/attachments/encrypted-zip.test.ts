import { spawnSync } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { AES_MAX_TRIES, EncryptedEntries, ZipMessageBudget, ZIPCRYPTO_MAX_TRIES } from './encrypted-zip.js';
import { candidatesFromText, COMMON_PASSWORDS } from './passwords.js';
import { aesCtrLittleEndian, aesInfo, crc32 } from './zip-crypto.js';
import { openZip } from './zip.js';
import type { ScanLimits } from '../../config/types.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { createLimiter } from '../../limiter.js';
import { makePolicy } from '../test-helpers.js';
import { hashIndex } from './hashes.js';
import { attachmentItem } from './index.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';
import { AttachmentWalk } from './walk.js';

/**
 * Encrypted zips made by the real tools — Info-ZIP `zip -P` (ZipCrypto) and 7-Zip (`-mem=AES256`,
 * `AES128`, ZipCrypto) — opened with candidate passwords, right and wrong, and broken on purpose.
 */
let dir: string;
const PAYLOAD = Buffer.from('Báo cáo tài chính quý 3.\n'.repeat(300));

beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'zip', file: '/usr/bin/zip' },
    { pkg: 'p7zip-full', file: '/usr/bin/7z' },
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-zippass-'));
  writeFileSync(path.join(dir, 'bao-cao.txt'), PAYLOAD);
  writeFileSync(path.join(dir, 'ghi-chu.txt'), 'ngắn');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[], input?: Buffer): void {
  const r = spawnSync(cmd, args, { cwd: dir, input, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString()}`);
}

/** `zip -P` (ZipCrypto), or `7z a -tzip -mem=…` (AES or ZipCrypto), of the given files. */
function build(tool: 'zip' | '7z', name: string, password: string, opts: { method?: string; files?: string[]; extra?: string[] } = {}): Buffer {
  const out = path.join(dir, name);
  rmSync(out, { force: true });
  const files = opts.files ?? ['bao-cao.txt', 'ghi-chu.txt'];
  if (tool === 'zip') run('zip', ['-q', '-P', password, out, ...files]);
  else run('7z', ['a', '-tzip', `-mem=${opts.method ?? 'AES256'}`, `-p${password}`, ...(opts.extra ?? []), out, ...files]);
  return readFileSync(out);
}

async function unlockAll(zipBytes: Buffer, text: string) {
  const zip = await openZip(zipBytes, 100);
  const candidates = candidatesFromText(text);
  const entries = new EncryptedEntries(() => candidates);
  const results = [];
  for (const entry of zip.entries) {
    expect(entry.encrypted).toBe(true);
    const r = await entries.unlock(zip, entry);
    results.push({ name: entry.name, result: r, observation: entries.observation(r) });
  }
  zip.close();
  return results;
}

describe('encrypted zip entries opened with the passwords a message gives', () => {
  it('opens ZipCrypto (zip -P) with the password from "Mật khẩu: …" and returns the exact bytes', async () => {
    const results = await unlockAll(build('zip', 'zc.zip', 'Xk9#vn'), 'Kính gửi anh,\nMật khẩu: Xk9#vn\nTrân trọng');
    expect(results.map((r) => r.result.opened)).toEqual([true, true]);
    const first = results[0]!.result;
    expect(first.opened && first.data.equals(PAYLOAD)).toBe(true);
    expect(first.opened && first.password).toBe('Xk9#vn');
    expect(results[0]!.observation.tags).toEqual(['zip', 'opened', 'password-in-message']);
  });

  for (const method of ['AES256', 'AES128', 'AES192'] as const) {
    it(`opens WinZip ${method} (7z -mem=${method}) with the right password and only that`, async () => {
      const bytes = build('7z', `${method}.zip`, 'MaGiaiNen2024', { method });
      const zip = await openZip(bytes, 10);
      const info = aesInfo(zip.entries[0]!.raw.extraFields);
      zip.close();
      expect(info?.keyBytes).toBe({ AES128: 16, AES192: 24, AES256: 32 }[method]);
      const ok = await unlockAll(bytes, 'Mã giải nén là MaGiaiNen2024.');
      expect(ok.map((r) => r.result.opened)).toEqual([true, true]);
      expect(ok[0]!.result.opened && ok[0]!.result.data.equals(PAYLOAD)).toBe(true);
      expect(ok[0]!.result.scheme).toBe(`AES-${info!.keyBytes * 8}`);

      const wrong = await unlockAll(bytes, 'Mã giải nén là MaGiaiNen2025.');
      expect(wrong.map((r) => r.result.opened)).toEqual([false, false]);
      expect(wrong[0]!.result.opened === false && wrong[0]!.result.reason).toBe('wrong-password');
      expect(wrong[0]!.observation.tags).toEqual(['zip', 'not-opened', 'password-in-message']);
    });
  }

  it('opens 7-Zip ZipCrypto and a streamed zip (data descriptor: the header byte is the time)', async () => {
    const seven = await unlockAll(build('7z', 'zc7.zip', 'abc123', { method: 'ZipCrypto' }), 'password: abc123');
    expect(seven.every((r) => r.result.opened)).toBe(true);
    // zip reading stdin writes sizes and CRC after the data (general-purpose bit 3)
    const out = path.join(dir, 'stream.zip');
    rmSync(out, { force: true });
    run('zip', ['-q', '-P', 'pw-2024', out, '-'], PAYLOAD);
    const bytes = readFileSync(out);
    const zip = await openZip(bytes, 10);
    expect(zip.entries[0]!.raw.generalPurposeBitFlag & 0x08).toBe(0x08);
    zip.close();
    const streamed = await unlockAll(bytes, 'The password is pw-2024');
    expect(streamed[0]!.result.opened && streamed[0]!.result.data.equals(PAYLOAD)).toBe(true);
  });

  it('keeps a zip locked when no candidate fits, and says whether the text gave a password', async () => {
    const bytes = build('zip', 'locked.zip', 'khong-co-trong-thu');
    const announced = await unlockAll(bytes, 'Mật khẩu: 998877');
    expect(announced[0]!.result.opened).toBe(false);
    expect(announced[0]!.observation.tags).toEqual(['zip', 'not-opened', 'password-in-message']);
    const silent = await unlockAll(bytes, 'Gửi anh tài liệu.');
    expect(silent[0]!.observation.tags).toEqual(['zip']);
    expect(silent[0]!.observation.detail).toContain(`none of ${COMMON_PASSWORDS.length} candidate passwords`);
  });

  it('opens with a common password when the text gives none, and tags it so', async () => {
    const results = await unlockAll(build('7z', 'infected.zip', 'infected'), 'Mẫu mã độc để phân tích.');
    expect(results[0]!.result.opened).toBe(true);
    expect(results[0]!.observation.tags).toEqual(['zip', 'opened', 'common-password']);
  });

  it('reports altered AES data as corrupt (authentication code), never as opened, never a throw', async () => {
    const bytes = Buffer.from(build('7z', 'alter.zip', 'Secret2024', { files: ['bao-cao.txt'] }));
    // flip a byte in the middle of the encrypted data (past the local header, salt and verifier)
    const zip = await openZip(bytes, 10);
    const raw = await zip.readRaw(zip.entries[0]!);
    zip.close();
    const at = bytes.indexOf(raw) + 16 + 2 + 20;
    bytes[at] = bytes[at]! ^ 0xff;
    const results = await unlockAll(bytes, 'password: Secret2024');
    expect(results[0]!.result.opened === false && results[0]!.result.reason).toBe('corrupt');
  });

  it('leaves compression methods it cannot inflate locked as unsupported', async () => {
    const bytes = build('7z', 'bzip2.zip', 'Secret2024', { files: ['bao-cao.txt'], extra: ['-mm=BZip2'] });
    const results = await unlockAll(bytes, 'password: Secret2024');
    expect(results[0]!.result.opened === false && results[0]!.result.reason).toBe('unsupported');
    expect(results[0]!.observation.tags).toContain('unsupported');
  });

  it('stops trying once the per-attachment budget of password checks is spent', async () => {
    const files = Array.from({ length: 12 }, (_, i) => `f${i}.txt`);
    for (const f of files) writeFileSync(path.join(dir, f), f);
    const bytes = build('zip', 'many.zip', 'not-a-candidate', { files });
    const zip = await openZip(bytes, 100);
    const candidates = { list: Array.from({ length: 20 }, (_, i) => `c${i}`), fromMessage: new Set<string>(), announced: false };
    const entries = new EncryptedEntries(() => candidates);
    const reasons: string[] = [];
    const rounds = Math.ceil(ZIPCRYPTO_MAX_TRIES / (zip.entries.length * 20)) + 1;
    for (let round = 0; round < rounds; round++) {
      for (const e of zip.entries) {
        const r = await entries.unlock(zip, e);
        if (!r.opened) reasons.push(r.reason);
      }
    }
    zip.close();
    expect(reasons).toContain('wrong-password');
    // every entry of the last round is refused without work; never more full tries than the budget allows
    expect(reasons.slice(-zip.entries.length).every((r) => r === 'budget')).toBe(true);
    expect(reasons.filter((r) => r === 'wrong-password').length).toBeLessThanOrEqual(ZIPCRYPTO_MAX_TRIES / 20);
  });
});

describe('the message budget of AES key derivations', () => {
  it('is shared by the attachments: a message of many locked AES zips derives at most twice an attachment\'s keys', async () => {
    const bytes = build('7z', 'aes-budget.zip', 'not-a-candidate', { method: 'AES256', files: ['bao-cao.txt'] });
    const candidates = { list: Array.from({ length: AES_MAX_TRIES }, (_, i) => `c${i}`), fromMessage: new Set<string>(), announced: false };
    const message = new ZipMessageBudget();
    const details: string[] = [];
    for (let attachment = 0; attachment < 3; attachment++) {
      const zip = await openZip(bytes, 10);
      const r = await new EncryptedEntries(() => candidates, message).unlock(zip, zip.entries[0]!);
      zip.close();
      details.push(r.opened ? 'opened' : `${r.reason}: ${r.detail}`);
    }
    // each of the first two spends its own AES_MAX_TRIES; the third finds the message's spent
    expect(details.slice(0, 2)).toEqual(Array(2).fill(`wrong-password: none of ${AES_MAX_TRIES} candidate passwords opens it`));
    expect(details[2]).toBe(`budget: AES password tries used up (${2 * AES_MAX_TRIES} per message)`);
    expect(message.aesTries).toBe(0);
  });
});

describe('encrypted entries past their declared size', () => {
  it('opens a zip made by our own ZipCrypto encryptor (payloads.mjs), and refuses one that inflates past its declared size', async () => {
    const data = Buffer.from('A'.repeat(50_000));
    const good = p.makeEncryptedZip('du-lieu.txt', data, 'Pw2024');
    const opened = await unlockAll(good, 'password: Pw2024');
    expect(opened[0]!.result.opened && opened[0]!.result.data.equals(data)).toBe(true);
    // declare 1000 bytes (local header offset 22, central directory offset 24 after its signature)
    const lying = Buffer.from(good);
    lying.writeUInt32LE(1000, 22);
    const central = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(1000, central + 24);
    const capped = await unlockAll(lying, 'password: Pw2024');
    expect(capped[0]!.result.opened === false && capped[0]!.result.reason).toBe('size');
  });
});

describe('the walk and encrypted entries', () => {
  async function walk(zip: Buffer, limits: Partial<ScanLimits> = {}) {
    let calls = 0;
    const w = new AttachmentWalk({
      limits: { ...DEFAULT_LIMITS, ...limits },
      hashes: hashIndex(makePolicy()),
      clamd: fakeClamd({ needles: { 'Fake.EICAR': p.EICAR } }),
      clamdLimit: createLimiter(2),
      passwords: () => {
        calls += 1;
        return candidatesFromText('Mật khẩu: Hs2024');
      },
    });
    await w.inspect(attachmentItem(makeAttachment('ho-so.zip', zip, { contentType: 'application/zip' })));
    await w.finish();
    return { findings: w.findings.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`).sort(), calls };
  }

  it('reads no text for a zip without encrypted entries', async () => {
    run('zip', ['-q', path.join(dir, 'plain.zip'), 'bao-cao.txt']);
    const { findings, calls } = await walk(readFileSync(path.join(dir, 'plain.zip')));
    expect(findings).toEqual([]);
    expect(calls).toBe(0);
  });

  it('walks the opened members with their path, nested archives included, reading the text once', async () => {
    const inner = p.makeEncryptedZip('eicar.com', p.EICAR, 'Hs2024');
    writeFileSync(path.join(dir, 'ben-trong.zip'), inner);
    const { findings, calls } = await walk(build('7z', 'outer.zip', 'Hs2024', { files: ['ben-trong.zip', 'ghi-chu.txt'] }));
    expect(findings).toEqual([
      'attachment.dangerous-type ho-so.zip → ben-trong.zip → eicar.com com',
      'attachment.encrypted ho-so.zip → ben-trong.zip zip,opened,password-in-message',
      'attachment.encrypted ho-so.zip → ben-trong.zip → eicar.com zip,opened,password-in-message',
      'attachment.encrypted ho-so.zip → ghi-chu.txt zip,opened,password-in-message',
      'attachment.virus ho-so.zip → ben-trong.zip → eicar.com Fake.EICAR',
    ]);
    expect(calls).toBe(1);
  });

  it('does not decrypt an entry past the ratio limit', async () => {
    writeFileSync(path.join(dir, 'zeros.txt'), Buffer.alloc(3 * 1024 * 1024));
    const { findings } = await walk(build('zip', 'zeros.zip', 'Hs2024', { files: ['zeros.txt'] }), { archiveMaxRatio: 10 });
    expect(findings).toEqual(['attachment.encrypted ho-so.zip → zeros.txt zip']);
  });
});

describe('zip-crypto primitives', () => {
  it('computes the zip CRC-32 (check value of "123456789")', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('counts the AES-CTR block counter little-endian from 1 (WinZip), unlike big-endian CTR past 256 blocks', () => {
    const key = Buffer.alloc(16, 7);
    const zeros = Buffer.alloc(16 * 300);
    const stream = aesCtrLittleEndian(key, zeros);
    // block i (0-based) is AES(key, counter i+1 little-endian): block 255 uses 0x0100 = [0x00, 0x01, ...]
    const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    const block = Buffer.alloc(16);
    block.writeUInt32LE(256, 0);
    expect(stream.subarray(255 * 16, 256 * 16)).toEqual(ecb.update(block));
    // decrypting is the same operation
    expect(aesCtrLittleEndian(key, aesCtrLittleEndian(key, PAYLOAD)).equals(PAYLOAD)).toBe(true);
  });
});
