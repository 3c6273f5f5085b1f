import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { releaseMessage } from '../../parse/index.js';
import { evaluate, type Evaluation } from '../../pipeline/evaluate.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { spooledFromBuffer } from '../../smtp/spool.js';
import { fakeClamd } from '../attachments/test-helpers.js';
import { authScanner } from '../auth/index.js';
import { DEFAULT_SCANNERS } from '../index.js';
import { stayedLocked } from './passwords.js';
import { useOcr } from './tesseract.js';
import { ensureOcrPackages, pictureRenderer, testMail, type PictureRenderer, type TestPart } from '../../../test/support/pictures.js';

/**
 * Passwords given only in a picture: whole messages (parser, every scanner but sender
 * authentication, the shipped policy; a fake clamd) with an encrypted zip or 7z made by the real
 * tools and its password only in a PNG drawn by chromium, read by the real tesseract.
 */
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));
let policy: Policy;
let renderer: PictureRenderer;
let dir: string;
const done: Evaluation[] = [];
const PE = p.makePe() as Buffer;

beforeAll(async () => {
  ensureOcrPackages();
  ensureDebianPackages([
    { pkg: 'zip', file: '/usr/bin/zip' },
    { pkg: 'p7zip-full', file: '/usr/bin/7z' },
  ]);
  policy = await loadPolicy(POLICY_DIR);
  renderer = await pictureRenderer();
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-ocrpass-'));
}, 120_000);
afterAll(async () => {
  useOcr({});
  for (const e of done) await releaseMessage(e.parsed);
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `files` encrypted with `password`: a zip by `zip -P` (ZipCrypto), or a 7z by 7-Zip (AES-256). */
function encrypted(files: Record<string, Buffer>, password: string, tool: 'zip' | '7z' = 'zip'): Buffer {
  const work = mkdtempSync(path.join(dir, 'a-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(work, name), data);
  const out = tool === 'zip' ? 'out.zip' : 'out.7z';
  const args = tool === 'zip' ? ['-q', '-P', password, out, ...Object.keys(files)] : ['a', '-t7z', `-p${password}`, out, ...Object.keys(files)];
  const r = spawnSync(tool === 'zip' ? 'zip' : '7z', args, { cwd: work, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${tool}: ${r.stderr?.toString()}`);
  return readFileSync(path.join(work, out));
}

const TEXT = 'Kính gửi anh,\nGửi anh hóa đơn tháng 10 đính kèm, mật khẩu trong ảnh.\nTrân trọng';

async function scan(raw: Buffer) {
  const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
  const e = await evaluate(spooledFromBuffer(raw), { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), scanners });
  done.push(e);
  return {
    action: e.verdict.action,
    stripped: e.verdict.strip,
    encrypted: e.findings.filter((f) => f.kind === 'attachment.encrypted'),
    dangerous: e.findings.filter((f) => f.kind === 'attachment.dangerous-type').map((f) => f.subject),
    errors: e.findings.filter((f) => f.kind === 'scanner.error'),
    callback: e.findings.filter((f) => f.kind === 'content.callback-scam'),
    findings: e.findings.map((f) => `${f.kind} ${f.subject ?? ''} [${(f.tags ?? []).join(',')}]`).sort(),
  };
}

function zipMail(archive: Buffer, picture: TestPart, name = 'hoa-don.zip'): Buffer {
  return testMail({ subject: 'Hóa đơn tháng 10', text: TEXT, parts: [{ type: 'application/zip', name, data: archive }, picture] });
}

describe('an encrypted archive whose password is only in a picture', () => {
  it('opens a zip with the password read in an attached PNG and finds the program inside (named .pdf)', async () => {
    useOcr({});
    const png = await renderer.png('Mật khẩu giải nén: <b>x7Kq4821</b>');
    const v = await scan(zipMail(encrypted({ 'hoa-don.pdf': PE }, 'x7Kq4821'), { type: 'image/png', name: 'mat-khau.png', data: png }));
    expect(v.dangerous).toContain('hoa-don.zip → hoa-don.pdf');
    // a program behind the lock the picture's password opens: dangerous-inside (encrypted-archive-dangerous-inside holds it)
    expect(v.encrypted.map((f) => f.tags)).toEqual([['zip', 'opened', 'password-in-message', 'password-in-picture', 'dangerous-inside']]);
    expect(v.encrypted[0]!.detail).toMatch(/opened with a password shown in a picture of the message \("x7Kq4821"\)/);
    expect(v.errors).toEqual([]);
    expect(v.action).toBe('quarantine');
  }, 60_000);

  it('opens a 7z with the password shown in an inline picture of the HTML body ("pass giải nén: …")', async () => {
    useOcr({});
    const png = await renderer.png('Tài liệu mật, pass giải nén: Tl2024bm');
    const archive = encrypted({ 'tai-lieu.pdf': PE }, 'Tl2024bm', '7z');
    const raw = testMail({
      subject: 'Tài liệu',
      html: '<p>Gửi anh tài liệu.</p><img src="cid:pw1">',
      parts: [
        { type: 'image/png', name: 'pw.png', data: png, disposition: 'inline', cid: 'pw1' },
        { type: 'application/x-7z-compressed', name: 'tai-lieu.7z', data: archive },
      ],
    });
    const v = await scan(raw);
    expect(v.dangerous).toContain('tai-lieu.7z → tai-lieu.pdf');
    expect(v.encrypted.every((f) => f.tags?.includes('password-in-picture') && f.tags.includes('opened'))).toBe(true);
  }, 60_000);

  it('reads for its text a PDF in a zip that only the picture\'s password opens (a callback notice: content.callback-scam, tag in-pdf)', async () => {
    useOcr({});
    const notice = textPdf([['Norton LifeLock - Invoice QX-20261124', 'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.', 'If you did not authorize this transaction, call +1 (808) 555-0147 to cancel and get a refund.']]);
    const png = await renderer.png('Mật khẩu giải nén: <b>x7Kq4821</b>');
    const raw = zipMail(encrypted({ 'hoa-don.pdf': notice }, 'x7Kq4821'), { type: 'image/png', name: 'mat-khau.png', data: png });
    const v = await scan(raw);
    expect(v.encrypted.map((f) => f.tags)).toEqual([['zip', 'opened', 'password-in-message', 'password-in-picture']]);
    expect(v.callback.map((f) => [f.tags?.includes('in-pdf'), f.detail.endsWith('(hoa-don.zip → hoa-don.pdf)')])).toEqual([[true, true]]);
    // without OCR the zip stays locked and its PDF unread
    useOcr({ enabled: false });
    expect((await scan(raw)).callback).toEqual([]);
    useOcr({});
  }, 60_000);

  it('holds the zip as one whose given password does not open it when the picture gives a wrong password', async () => {
    const png = await renderer.png('Mật khẩu giải nén: <b>Sai9999zz</b>');
    const raw = zipMail(encrypted({ 'hoa-don.pdf': PE }, 'x7Kq4821'), { type: 'image/png', name: 'mat-khau.png', data: png });
    useOcr({ enabled: false });
    const without = await scan(raw);
    expect(without.encrypted.some((f) => f.tags?.includes('not-opened'))).toBe(false);
    useOcr({});
    const v = await scan(raw);
    expect(v.dangerous).not.toContain('hoa-don.zip → hoa-don.pdf');
    expect(stayedLocked(v.encrypted)).toBe(true);
    expect(v.encrypted.some((f) => f.tags?.includes('opened'))).toBe(false);
    expect(v.encrypted.map((f) => f.tags)).toContainEqual(['zip', 'not-opened', 'password-in-message', 'password-in-picture']);
    expect(v.encrypted.find((f) => f.tags?.includes('not-opened'))!.detail).toMatch(/the message gives a password \(in a picture\), but/);
    // held like a message whose text gives a wrong password (encrypted-archive-password-in-message)
    expect(v.action).toBe('quarantine');
  }, 60_000);

  it('leaves the zip locked as today when the picture shows no password', async () => {
    useOcr({});
    const photo = await renderer.png('<div style="width:560px;height:180px;background:linear-gradient(90deg,#2a6,#fc3,#36c);border-radius:40px"></div>');
    const raw = zipMail(encrypted({ 'hoa-don.pdf': PE }, 'x7Kq4821'), { type: 'image/png', name: 'anh.png', data: photo });
    const v = await scan(raw);
    useOcr({ enabled: false });
    const without = await scan(raw);
    expect(v.findings).toEqual(without.findings);
    expect(v.encrypted.some((f) => f.tags?.includes('opened'))).toBe(false);
  }, 60_000);

  it('scans on without OCR when the tesseract binary does not exist', async () => {
    useOcr({ binary: path.join(dir, 'no-such-tesseract') });
    const png = await renderer.png('Mật khẩu giải nén: <b>x7Kq4821</b>');
    const v = await scan(zipMail(encrypted({ 'hoa-don.pdf': PE }, 'x7Kq4821'), { type: 'image/png', name: 'mat-khau.png', data: png }));
    expect(v.errors).toEqual([]);
    expect(v.action).not.toBe('tempfail');
    expect(v.encrypted.length).toBeGreaterThan(0);
    expect(v.encrypted.some((f) => f.tags?.includes('opened'))).toBe(false);
  }, 60_000);
});
