import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { releaseMessage } from '../../parse/index.js';
import { evaluate, type Evaluation } from '../../pipeline/evaluate.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { spooledFromBuffer } from '../../smtp/spool.js';
import { authScanner } from '../auth/index.js';
import { DEFAULT_SCANNERS } from '../index.js';
import { createClamdClient } from './clamd.js';

/**
 * Whole messages with an encrypted zip and its password in the subject or text, through evaluate
 * (parser, every scanner but sender authentication, the shipped policy) and the real clamd: what
 * opening the archive finds, and what the policy makes of it. The zips are made by `zip -P` and 7-Zip
 * (and one 7z, by 7-Zip).
 */
const clamdUrl = inject('clamdUrl');
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

describe.skipIf(!clamdUrl)('encrypted zips with the password in the message, real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  let policy: Policy;
  let dir: string;
  const done: Evaluation[] = [];

  beforeAll(async () => {
    ensureDebianPackages([
      { pkg: 'zip', file: '/usr/bin/zip' },
      { pkg: 'p7zip-full', file: '/usr/bin/7z' },
    ]);
    policy = await loadPolicy(POLICY_DIR);
    dir = mkdtempSync(path.join(tmpdir(), 'lachan-zipmsg-'));
  });
  afterAll(async () => {
    for (const e of done) await releaseMessage(e.parsed);
    await clamd.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A zip of `files` encrypted with `password`: ZipCrypto by `zip -P`, or AES-256 by 7-Zip. */
  function encryptedZip(files: Record<string, Buffer | string>, password: string, tool: 'zip' | '7z' = 'zip'): Buffer {
    const work = mkdtempSync(path.join(dir, 'z-'));
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(work, name), data);
    const args = tool === 'zip' ? ['-q', '-P', password, 'out.zip', ...Object.keys(files)] : ['a', '-tzip', '-mem=AES256', `-p${password}`, 'out.zip', ...Object.keys(files)];
    const r = spawnSync(tool === 'zip' ? 'zip' : '7z', args, { cwd: work, timeout: 30_000 });
    if (r.status !== 0) throw new Error(`${tool}: ${r.stderr?.toString()}`);
    return readFileSync(path.join(work, 'out.zip'));
  }

  function mail(subject: string, body: { text?: string; html?: string }, zipName: string, zip: Buffer, type = 'application/zip'): Buffer {
    const b = '----=_lachan_zippass';
    const part = body.html
      ? ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(body.html).toString('base64')]
      : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(body.text ?? '').toString('base64')];
    return Buffer.from(
      [
        'From: Phong Ke toan <ke.toan@sender.example>',
        'To: nhan.vien@lachan.test',
        `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
        'Date: Mon, 4 Nov 2024 08:00:00 +0700',
        'Message-ID: <zippass@sender.example>',
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${b}"`,
        '',
        `--${b}`,
        ...part,
        `--${b}`,
        `Content-Type: ${type}; name="${zipName}"`,
        `Content-Disposition: attachment; filename="${zipName}"`,
        'Content-Transfer-Encoding: base64',
        '',
        zip.toString('base64').replace(/.{76}/g, '$&\r\n'),
        `--${b}--`,
        '',
      ].join('\r\n'),
    );
  }

  async function verdict(raw: Buffer) {
    const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
    const e = await evaluate(spooledFromBuffer(raw), { policy, limits: DEFAULT_LIMITS, clamd, log: silentLogger(), scanners });
    done.push(e);
    const encrypted = e.findings.filter((f) => f.kind === 'attachment.encrypted');
    return {
      action: e.verdict.action,
      warning: e.verdict.warning,
      rules: e.verdict.hits.map((h) => h.rule),
      virus: e.findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject),
      encryptedTags: encrypted.map((f) => f.tags),
      kinds: [...new Set(e.findings.map((f) => f.kind))].sort(),
    };
  }

  it('finds EICAR inside a ZipCrypto zip whose password is in the text, and refuses the message', async () => {
    const zip = encryptedZip({ 'hoa-don.txt': p.EICAR }, 'Hs@2024');
    const v = await verdict(mail('Hóa đơn tháng 10', { text: 'Kính gửi anh,\nFile hóa đơn đính kèm.\nMật khẩu giải nén: Hs@2024\nTrân trọng' }, 'hoa-don.zip', zip));
    expect(v.virus).toContain('hoa-don.zip → hoa-don.txt');
    expect(v.action).toBe('reject');
    expect(v.rules).toContain('malware');
    expect(v.encryptedTags).toEqual([['zip', 'opened', 'password-in-message']]);
  });

  it('finds EICAR inside an AES-256 zip whose password is only in the subject', async () => {
    const zip = encryptedZip({ 'bang-ke.txt': p.EICAR }, 'Bk778899', '7z');
    const v = await verdict(mail('Bảng kê - pass: Bk778899', { text: 'Gửi anh bảng kê.' }, 'bang-ke.zip', zip));
    expect(v.virus).toContain('bang-ke.zip → bang-ke.txt');
    expect(v.action).toBe('reject');
  });

  it('holds a locked zip with a script inside, the password given in bold HTML (the malspam form)', async () => {
    const zip = encryptedZip({ 'invoice.js': 'WScript.Echo("x");' }, 'Ab12cd', '7z');
    const html = '<p>Dear customer,</p><p>Your invoice is attached. <b>Password:</b> <b>Ab12cd</b></p>';
    const v = await verdict(mail('Invoice', { html }, 'invoice.zip', zip));
    expect(v.kinds).toContain('attachment.dangerous-type');
    expect(v.action).toBe('quarantine');
    expect(v.rules).toEqual(expect.arrayContaining(['dangerous-attachment', 'encrypted-archive-dangerous-inside']));
    expect(v.encryptedTags).toEqual([['zip', 'opened', 'password-in-message', 'dangerous-inside']]);
  });

  it('delivers a clean document opened with the given password, with a warning', async () => {
    const zip = encryptedZip({ 'bao-cao.txt': 'Báo cáo quý 3: số liệu tổng hợp.\n' }, '2024');
    const v = await verdict(mail('Báo cáo quý 3', { text: 'Gửi chị báo cáo, mật khẩu là 2024.' }, 'bao-cao.zip', zip));
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(true);
    expect(v.rules).toEqual(expect.arrayContaining(['encrypted-attachment']));
    expect(v.rules).not.toContain('encrypted-archive-password-in-message');
    expect(v.encryptedTags).toEqual([['zip', 'opened', 'password-in-message']]);
  });

  it('holds an archive the message gives a password for that does not open it', async () => {
    const zip = encryptedZip({ 'tai-lieu.doc': 'không phải tài liệu' }, 'mat-khau-khac-9');
    const v = await verdict(mail('Tài liệu', { text: 'Mật khẩu: Tl2024' }, 'tai-lieu.zip', zip));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('encrypted-archive-password-in-message');
    expect(v.encryptedTags).toEqual([['zip', 'not-opened', 'password-in-message']]);
  });

  it('finds EICAR and a program inside a 7z with encrypted names, the password in the text', async () => {
    const work = mkdtempSync(path.join(dir, '7z-'));
    writeFileSync(path.join(work, 'hoa-don.txt'), p.EICAR);
    writeFileSync(path.join(work, 'xem-hoa-don.exe'), p.makePe());
    const r = spawnSync('7z', ['a', '-t7z', '-p2468', '-mhe=on', 'out.7z', 'hoa-don.txt', 'xem-hoa-don.exe'], { cwd: work, timeout: 30_000 });
    if (r.status !== 0) throw new Error(`7z: ${r.stderr?.toString()}`);
    const archive = readFileSync(path.join(work, 'out.7z'));
    const v = await verdict(mail('Hóa đơn tháng 10', { text: 'Kính gửi anh,\nMật khẩu: 2468' }, 'hoa-don.7z', archive, 'application/x-7z-compressed'));
    expect(v.virus).toContain('hoa-don.7z → hoa-don.txt');
    expect(v.kinds).toContain('attachment.dangerous-type');
    expect(v.action).toBe('reject');
    // the lock on the program's entry says a program was inside it; the text file's lock does not
    expect(v.encryptedTags).toEqual([['7z', 'opened', 'password-in-message'], ['7z', 'opened', 'password-in-message', 'dangerous-inside']]);
  });

  it('only warns for a locked archive when the message gives no password (sent separately)', async () => {
    const zip = encryptedZip({ 'sao-ke.txt': 'sao kê' }, 'gui-rieng-qua-sms-7');
    const v = await verdict(mail('Sao kê', { text: 'Mật khẩu sẽ được gửi qua tin nhắn SMS.' }, 'sao-ke.zip', zip));
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(true);
    expect(v.rules).not.toContain('encrypted-archive-password-in-message');
    expect(v.encryptedTags).toEqual([['zip']]);
  });
});
