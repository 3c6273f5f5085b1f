import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { extractArchive, pickEntries } from './archive-listing.js';
import { headerKdfCost, kdfCost, MESSAGE_SEVENZIP_MAX_TRIES, SEVENZIP_MAX_TRIES, TryBudget } from './archive-passwords.js';
import { attachmentsScanner } from './index.js';
import { makeRar5 } from './rar-builder.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/**
 * Password-protected 7z archives (encrypted entries, and encrypted names: -mhe=on) opened with the
 * password the message gives, their entries walked like any other; a wrong password, a budget
 * spent, a hostile key cost. The archives are made by Debian's 7z (p7zip-full). RAR cannot be made
 * here (no `rar`); 7-Zip opens RAR 3–5 the same way (archive-listing.ts), and rar-builder.ts's
 * encrypted RARs (their data not really encrypted) stay locked.
 */
const SIG = 'Fake.EICAR';
let dir: string;
beforeAll(() => {
  ensureDebianPackages([{ pkg: 'p7zip-full', file: '/usr/bin/7z' }]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-7zpass-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function make7z(files: Record<string, Buffer | string>, args: string[]): Buffer {
  const work = mkdtempSync(path.join(dir, 'a-'));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
    writeFileSync(path.join(work, name), data);
  }
  const r = spawnSync('/usr/bin/7z', ['a', '-t7z', '-bd', ...args, 'out.7z', ...Object.keys(files)], { cwd: work, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`7z: ${r.stdout?.toString()} ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, 'out.7z'));
}

/**
 * The same 7z with its AES key derivation set to 2^`power` rounds: the 7zAES coder's first
 * property byte in the plain header (-mhc=off) or in the encoded header's streams info (-mhe=on),
 * and both header CRCs made right again.
 */
function withCycles(archive: Buffer, power: number): Buffer {
  const out = Buffer.from(archive);
  const start = 32 + Number(out.readBigUInt64LE(12));
  const header = out.subarray(start, start + Number(out.readBigUInt64LE(20)));
  let patched = 0;
  for (let i = header.indexOf(Buffer.from([0x24, 0x06, 0xf1, 0x07, 0x01])); i >= 0; i = header.indexOf(Buffer.from([0x24, 0x06, 0xf1, 0x07, 0x01]), i + 1)) {
    header[i + 6] = (header[i + 6]! & 0xc0) | power;
    patched += 1;
  }
  if (patched === 0) throw new Error('no 7zAES coder in the plain header');
  out.writeUInt32LE(crc32(header) >>> 0, 28);
  out.writeUInt32LE(crc32(out.subarray(12, 32)) >>> 0, 8);
  return out;
}

async function scan(name: string, data: Buffer, text?: string): Promise<Finding[]> {
  const att = makeAttachment(name, data, { contentType: 'application/x-7z-compressed', id: 'a1' });
  const message = makeMessage({ attachments: [att], ...(text ? { text } : {}) });
  return attachmentsScanner.scan(message, makeContext(makePolicy(), { clamd: fakeClamd({ needles: { [SIG]: p.EICAR } }), limits: {} }));
}
const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);
const PROGRAM = p.makePe();
const GIVEN = 'Gửi anh hồ sơ, Mật khẩu: 2468';

describe('7z archives opened with the password the message gives', () => {
  it('opens encrypted entries and finds the program inside by name and by true type, and EICAR', async () => {
    const archive = make7z({ 'setup.exe': PROGRAM, 'hoa-don.pdf': PROGRAM, 'eicar.txt': p.EICAR }, ['-p2468']);
    const findings = await scan('ho-so.7z', archive, GIVEN);
    expect(of(findings, 'attachment.dangerous-type').map((f) => f.subject).sort()).toEqual(['ho-so.7z → hoa-don.pdf', 'ho-so.7z → setup.exe']);
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toEqual(['ho-so.7z → eicar.txt']);
    // (the two entries that are programs: the lock hid them, bundle-signs.ts)
    const opened = ['7z', 'opened', 'password-in-message'];
    expect(of(findings, 'attachment.encrypted').map((f) => [f.subject, f.tags]).sort()).toEqual([
      ['ho-so.7z → eicar.txt', opened],
      ['ho-so.7z → hoa-don.pdf', [...opened, 'dangerous-inside']],
      ['ho-so.7z → setup.exe', [...opened, 'dangerous-inside']],
    ]);
    expect(of(findings, 'attachment.encrypted')[0]!.detail).toContain('"2468"');
    expect(of(findings, 'attachment.uninspectable')).toEqual([]);
  });

  it('opens a 7z whose names are encrypted (-mhe=on) and walks what it holds', async () => {
    const archive = make7z({ 'tai-lieu/chay.exe': PROGRAM, 'tai-lieu/ghi-chu.txt': 'xin chào' }, ['-p2468', '-mhe=on']);
    const findings = await scan('tai-lieu.7z', archive, GIVEN);
    expect(of(findings, 'attachment.dangerous-type').map((f) => f.subject)).toEqual(['tai-lieu.7z → tai-lieu/chay.exe']);
    expect(of(findings, 'attachment.encrypted').map((f) => [f.subject, f.tags])).toEqual([
      ['tai-lieu.7z → tai-lieu/chay.exe', ['7z', 'opened', 'password-in-message', 'dangerous-inside']],
      ['tai-lieu.7z → tai-lieu/ghi-chu.txt', ['7z', 'opened', 'password-in-message']],
    ]);
    expect(of(findings, 'attachment.uninspectable')).toEqual([]);
  });

  it('opens with a common password, tagged so', async () => {
    const findings = await scan('a.7z', make7z({ 'a.exe': PROGRAM }, ['-pinfected', '-mhe=on']));
    expect(of(findings, 'attachment.encrypted').map((f) => f.tags)).toEqual([['7z', 'opened', 'common-password']]);
    expect(of(findings, 'attachment.dangerous-type').map((f) => f.subject)).toEqual(['a.7z → a.exe']);
  });

  it('leaves it locked with a wrong password: not opened, names checked, uninspectable', async () => {
    const entries = await scan('ho-so.7z', make7z({ 'setup.exe': PROGRAM }, ['-pKhac-9753']), GIVEN);
    expect(of(entries, 'attachment.encrypted').map((f) => [f.subject, f.tags])).toEqual([['ho-so.7z → setup.exe', ['7z', 'not-opened', 'password-in-message']]]);
    expect(of(entries, 'attachment.encrypted')[0]!.detail).toMatch(/none of \d+ candidate passwords opens it/);
    expect(of(entries, 'attachment.dangerous-type').map((f) => f.subject)).toEqual(['ho-so.7z → setup.exe']);
    expect(of(entries, 'attachment.uninspectable').map((f) => f.tags)).toEqual([['7z', 'encrypted-entries']]);
    const hidden = await scan('ho-so.7z', make7z({ 'setup.exe': PROGRAM }, ['-pKhac-9753', '-mhe=on']), GIVEN);
    expect(hidden.map((f) => [f.kind, f.tags])).toEqual([
      ['attachment.encrypted', ['7z', 'encrypted-headers', 'not-opened', 'password-in-message']],
      ['attachment.uninspectable', ['7z', 'encrypted-headers']],
    ]);
  });

  it('without a password in the message, reports as before (the common ones tried, none opens it)', async () => {
    const findings = await scan('ho-so.7z', make7z({ 'bao-cao.docx': 'khoa' }, ['-pKhac-9753']));
    expect(findings.map((f) => [f.kind, f.subject, f.tags])).toEqual([
      ['attachment.encrypted', 'ho-so.7z → bao-cao.docx', ['7z']],
      ['attachment.uninspectable', 'ho-so.7z', ['7z', 'encrypted-entries']],
    ]);
  });

  it('never derives a key whose cost is past the budget (a hostile 2^24 count), and says why', async () => {
    for (const args of [['-p2468', '-mhc=off'], ['-p2468', '-mhe=on']]) {
      const archive = withCycles(make7z({ 'setup.exe': PROGRAM }, args), 24);
      const started = performance.now();
      const findings = await scan('ho-so.7z', archive, GIVEN);
      expect(performance.now() - started, args.join(' ')).toBeLessThan(1000);
      const [locked] = of(findings, 'attachment.encrypted');
      expect(locked!.tags, args.join(' ')).toContain('not-opened');
      expect(locked!.detail).toContain('costs more than the attachment\'s budget');
    }
  });

  it('stops at the budget: many wrong candidates on a costlier key (2^21: 4 tries each)', async () => {
    const archive = withCycles(make7z({ 'setup.exe': PROGRAM }, ['-p2468', '-mhc=off']), 21);
    const wrong = Array.from({ length: 12 }, (_, i) => `mật khẩu: Sai-${i}x`).join('\n');
    const findings = await scan('ho-so.7z', archive, wrong);
    const [locked] = of(findings, 'attachment.encrypted');
    expect(locked!.tags).toEqual(['7z', 'not-opened', 'password-in-message']);
    expect(locked!.detail).toContain(`password tries used up after ${SEVENZIP_MAX_TRIES / 4} of`);
    // at the default count (1 each) the same 20 candidates are all tried
    const plain = await scan('ho-so.7z', make7z({ 'setup.exe': PROGRAM }, ['-p2468']), wrong);
    expect(of(plain, 'attachment.encrypted')[0]!.detail).toContain('none of 20 candidate passwords opens it');
  });
});

describe('password tries per message', () => {
  it('takes every try from the attachment and from the message: past the message budget, nothing more is tried', () => {
    const message = new TryBudget(MESSAGE_SEVENZIP_MAX_TRIES);
    const a = new TryBudget(SEVENZIP_MAX_TRIES, message);
    const b = new TryBudget(SEVENZIP_MAX_TRIES, message);
    const c = new TryBudget(SEVENZIP_MAX_TRIES, message);
    expect(a.spend(SEVENZIP_MAX_TRIES)).toBe(true);
    expect(a.spend(1)).toBe(false);
    expect(b.remaining).toBe(SEVENZIP_MAX_TRIES);
    expect(b.spend(MESSAGE_SEVENZIP_MAX_TRIES - SEVENZIP_MAX_TRIES)).toBe(true);
    expect([message.remaining, c.remaining]).toEqual([0, 0]);
    expect(c.spend(0.5)).toBe(false);
  });

  it('a message of several locked 7z files with wrong passwords stops at the message budget', async () => {
    // 2^21 rounds: 4 tries' worth each; 12 wrong candidates from the text and the common ones
    // three different archives (one attached three times is walked once: duplicates.ts)
    const archive = (i: number) => withCycles(make7z({ [`setup-${i}.exe`]: PROGRAM }, ['-p2468', '-mhc=off']), 21);
    const wrong = Array.from({ length: 12 }, (_, i) => `mật khẩu: Sai-${i}x`).join('\n');
    const atts = [1, 2, 3].map((i) => makeAttachment(`ho-so-${i}.7z`, archive(i), { contentType: 'application/x-7z-compressed', id: `a${i}` }));
    const message = makeMessage({ attachments: atts, text: wrong });
    const findings = await attachmentsScanner.scan(message, makeContext(makePolicy(), { clamd: fakeClamd({ needles: {} }), limits: {} }));
    const tried = of(findings, 'attachment.encrypted').map((f) => Number(/after (\d+) of/.exec(f.detail)?.[1] ?? /none of (\d+)/.exec(f.detail)?.[1] ?? 0));
    expect(tried).toHaveLength(3);
    // each attachment alone could try 6; the three together no more than the message's 48 / 4 = 12
    expect(tried.reduce((a, b) => a + b, 0)).toBe(MESSAGE_SEVENZIP_MAX_TRIES / 4);
    expect(of(findings, 'attachment.encrypted').every((f) => f.tags?.includes('not-opened'))).toBe(true);
  }, 60_000);
});

describe('the cost of a password try, read before trying', () => {
  it('reads the key derivation count from 7-Zip\'s method and from the unencrypted headers', () => {
    expect([kdfCost('LZMA2:12 7zAES:19'), kdfCost('LZMA2:12 7zAES:22'), kdfCost('v6:m0:128K AES:15:1'), kdfCost('m0:16')]).toEqual([1, 8, 0.5, 0.5]);
    const hidden = make7z({ 'a.txt': 'x' }, ['-p2468', '-mhe=on']);
    expect([headerKdfCost(hidden), headerKdfCost(withCycles(hidden, 24))]).toEqual([1, 32]);
    // rar-builder's archive encryption header: KDF count 15
    const rar = makeRar5([], { encryptedHeaders: true });
    expect(headerKdfCost(rar)).toBe(0.5);
    expect(headerKdfCost(Buffer.from('not an archive'))).toBe(Infinity);
  });

  it('spends one budget across tries: past it, no more 7-Zip runs', async () => {
    const archive = make7z({ 'a.txt': 'x' }, ['-pDung-1357']);
    const pick = (l: Parameters<typeof pickEntries>[0], o: { encrypted: boolean }) => pickEntries(l, { ratioBytes: 1e6, budget: 1e6 }, new Map(), o);
    const budget = new TryBudget();
    const many = Array.from({ length: 40 }, (_, i) => `sai-${i}`);
    const first = await extractArchive(archive, 10, (l, o) => pick(l.entries, o), { candidates: () => many, budget });
    expect(first.unlock).toMatchObject({ opened: false, reason: 'budget', detail: `password tries used up after ${SEVENZIP_MAX_TRIES} of 40 candidates (${SEVENZIP_MAX_TRIES} per attachment)` });
    // the next archive of the same attachment gets nothing more, even with the right password
    const second = await extractArchive(archive, 10, (l, o) => pick(l.entries, o), { candidates: () => ['Dung-1357'], budget });
    expect(second.unlock).toMatchObject({ opened: false, reason: 'budget' });
    const fresh = await extractArchive(archive, 10, (l, o) => pick(l.entries, o), { candidates: () => ['', 'Dung-1357'], budget: new TryBudget() });
    expect(fresh.unlock).toEqual({ opened: true, password: 'Dung-1357' });
    expect([...fresh.extraction!.files.values()].map(String)).toEqual(['x']);
  });
});

describe('passwords as 7-Zip gets them', () => {
  it('takes a password with spaces, quotes and Vietnamese letters as one argument', async () => {
    const password = 'mở cửa "24" \'x\'';
    const archive = make7z({ 'a.txt': 'x' }, [`-p${password}`, '-mhe=on']);
    const pick = (l: Parameters<typeof pickEntries>[0], o: { encrypted: boolean }) => pickEntries(l, { ratioBytes: 1e6, budget: 1e6 }, new Map(), o);
    const r = await extractArchive(archive, 10, (l, o) => pick(l.entries, o), { candidates: () => ['mở cửa', password], budget: new TryBudget() });
    expect(r.unlock).toEqual({ opened: true, password });
    expect([...r.extraction!.files.values()].map(String)).toEqual(['x']);
  });
});

describe('a password-protected 7z in a whole message, under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { [SIG]: p.EICAR } }) });
  const mail = (text: string, archive: Buffer) => {
    const b = '----=_lachan_7zpass';
    return [
      'From: Phong Ke toan <ke.toan@sender.example>',
      'To: nhan.vien@lachan.test',
      'Subject: =?UTF-8?B?' + Buffer.from('Hóa đơn tháng 10').toString('base64') + '?=',
      'Date: Mon, 4 Nov 2024 08:00:00 +0700',
      'Message-ID: <7zpass@sender.example>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(text).toString('base64'),
      `--${b}`,
      'Content-Type: application/x-7z-compressed; name="hoa-don.7z"',
      'Content-Disposition: attachment; filename="hoa-don.7z"',
      'Content-Transfer-Encoding: base64',
      '',
      archive.toString('base64').replace(/.{76}/g, '$&\r\n'),
      `--${b}--`,
      '',
    ].join('\r\n');
  };

  it('refuses a message whose 7z (names encrypted) holds EICAR, the password in the text', async () => {
    const v = await verdict(mail('Kính gửi anh,\nMật khẩu: 2468\nTrân trọng', make7z({ 'hoa-don.txt': p.EICAR }, ['-p2468', '-mhe=on'])));
    expect(v.action).toBe('reject');
    expect(v.rules).toContain('malware');
    expect(v.rules).not.toContain('encrypted-archive-password-in-message');
  });

  it('holds one the given password does not open, and only warns for a clean one it opens', async () => {
    const locked = await verdict(mail('Mật khẩu: 2468', make7z({ 'hoa-don.txt': 'hóa đơn' }, ['-pKhac-9753'])));
    expect(locked.action).toBe('quarantine');
    expect(locked.rules).toContain('encrypted-archive-password-in-message');
    const clean = await verdict(mail('Mật khẩu: 2468', make7z({ 'hoa-don.txt': 'hóa đơn' }, ['-p2468'])));
    expect([clean.action, clean.warning]).toEqual(['deliver', true]);
    expect(clean.rules).toContain('encrypted-attachment');
    expect(clean.rules).not.toContain('encrypted-archive-password-in-message');
  });
});
