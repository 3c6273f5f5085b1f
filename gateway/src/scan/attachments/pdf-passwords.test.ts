import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { inspectLargePdf, inspectPdf, pdfObservations, PdfTryBudget, PDF_MAX_BYTES, PDF_MESSAGE_MAX_TRIES, type PdfLimits } from './pdf.js';
import { candidatesFromText } from './passwords.js';
import { fakeClamd, walkWithPasswords } from './test-helpers.js';

/**
 * PDFs that need a password get the message's passwords and the common ones (pdf.ts), reported as
 * zip, 7z and Office files are (passwords.ts openedBy / notOpened). The PDFs are built by our fixture
 * builder (payloads.mjs, checked against pdf.js's vectors in pdf-crypt.test.ts) and by qpdf.
 */

const LIMITS: PdfLimits = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const LURE = 'https://dichvucong.gov-vn.com/dang-nhap';
const withText = (text: string, budget?: PdfTryBudget): PdfLimits => ({ ...LIMITS, passwords: () => candidatesFromText(text), ...(budget && { passwordTries: budget }) });
const inspect = (pdf: Buffer, text: string, budget?: PdfTryBudget) => inspectPdf(pdf, withText(text, budget));

/** A link in a string of a plain object and one in a compressed object stream, with an automatic script. */
const lockedPdf = (password: string, revision: 3 | 4 | 6 = 6) =>
  p.makeEncryptedPdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
      (str) => `<< /A << /S /URI /URI ${str(LURE)} >> >>`,
      (_, stream) =>
        stream('<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>', deflateSync('5 0 << /A << /S /URI /URI (https://in-stream.example/) >> /OpenAction << /S /JavaScript /JS (x) >> >>')),
    ],
    { revision, userPassword: password },
  );

describe('PDFs locked with a password', () => {
  it.each([3, 4, 6] as const)('revision %i: opened with the password the message gives, then read like a clear PDF', async (revision) => {
    const pdf = lockedPdf('Kt@2024', revision);
    const r = await inspect(pdf, 'Kính gửi anh,\nMật khẩu: Kt@2024\nTrân trọng');
    expect(r.uris).toEqual([LURE, 'https://in-stream.example/']);
    expect(r.active).toEqual(['javascript', 'auto-action']);
    expect(r.streamsSkipped).toBe(0);
    const observations = pdfObservations(r);
    expect(observations.map((o) => [o.kind, o.tags])).toEqual([
      ['attachment.pdf-active', ['javascript', 'auto-action', 'javascript-on-open', 'encrypted']],
      ['attachment.encrypted', ['pdf', 'opened', 'password-in-message']],
    ]);
    expect(observations[1]!.detail).toBe(`PDF needs a password to open (${{ 3: 'RC4-128', 4: 'AES-128', 6: 'AES-256' }[revision]}), opened with a password given in the message ("Kt@2024"): checked like any other`);
    expect(observations[0]!.detail).toContain('opened with a password given in the message');
  });

  it('opens one locked with a common password the message does not give (tag common-password)', async () => {
    const r = await inspect(lockedPdf('123456'), 'Gửi anh hồ sơ tháng 3.');
    expect(r.uris).toContain(LURE);
    expect(pdfObservations(r).find((o) => o.kind === 'attachment.encrypted')?.tags).toEqual(['pdf', 'opened', 'common-password']);
  });

  it('keeps one locked when the message gives a wrong password: not-opened, password-in-message, links unseen', async () => {
    const r = await inspect(lockedPdf('khong-co-trong-thu'), 'Mật khẩu: 998877');
    expect(r).toMatchObject({ uris: [], streamsSkipped: 1, encryption: { state: 'password' } });
    const encrypted = pdfObservations(r).find((o) => o.kind === 'attachment.encrypted')!;
    expect(encrypted.tags).toEqual(['pdf', 'password', 'not-opened', 'password-in-message']);
    expect(encrypted.detail).toMatch(/^PDF needs a password to open \(AES-256\); the message gives a password, but none of \d+ candidate passwords opens it: /);
  });

  it('reports one the message gives no password for as before (pdf, password), after trying the common ones', async () => {
    const r = await inspect(lockedPdf('khong-co-trong-thu'), 'Gửi anh hồ sơ tháng 3.');
    expect(r.uris).toEqual([]);
    expect(pdfObservations(r).find((o) => o.kind === 'attachment.encrypted')?.tags).toEqual(['pdf', 'password']);
    // and with no candidates at all (a caller without the message), exactly as before
    const none = await inspectPdf(lockedPdf('khong-co-trong-thu'), LIMITS);
    expect(none.encryption).toEqual({ state: 'password', method: 'AES-256' });
    expect(pdfObservations(none).find((o) => o.kind === 'attachment.encrypted')).toEqual({
      kind: 'attachment.encrypted',
      detail: 'PDF needs a password to open (AES-256): its links and compressed objects cannot be checked',
      tags: ['pdf', 'password'],
    });
  });

  it('tries nothing on a clear or permissions-only PDF', async () => {
    const budget = new PdfTryBudget();
    const permissions = await inspect(p.makePermissionsOnlyPdf('https://dichvucong.gov.vn/', { revision: 6 }), 'Mật khẩu: 1234', budget);
    expect(permissions.encryption).toEqual({ state: 'readable', method: 'AES-256' });
    expect(pdfObservations(permissions)).toEqual([]);
    await inspect(p.makeJavaScriptPdf(), 'Mật khẩu: 1234', budget);
    expect(budget.left).toBe(PDF_MESSAGE_MAX_TRIES);
  });

  it("bounds the tries by the message's budget: a PDF still locked when it runs out is not opened", async () => {
    const budget = new PdfTryBudget();
    budget.left = 2;
    // the message's password is tried first, so it still opens within two tries
    expect((await inspect(lockedPdf('Kt@2024'), 'Mật khẩu: Kt@2024', budget)).uris).toContain(LURE);
    expect(budget.left).toBe(1);
    const r = await inspect(lockedPdf('123456'), 'Mật khẩu: Kt@2024', budget);
    expect(r.uris).toEqual([]);
    const encrypted = pdfObservations(r).find((o) => o.kind === 'attachment.encrypted')!;
    expect(encrypted.tags).toEqual(['pdf', 'password', 'not-opened', 'password-in-message']);
    expect(encrypted.detail).toContain("the message's password tries ran out after 1");
    expect(budget.left).toBe(0);
  });

  it('reads a big PDF (window by window) with the password too', async () => {
    const picture = randomBytes(PDF_MAX_BYTES + 1024 * 1024);
    const pdf = p.makeEncryptedPdf(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [] /Count 0 >>',
        (_, stream) => stream('<< /Type /XObject /Subtype /Image >>', picture),
        (str) => `<< /A << /S /URI /URI ${str(LURE)} >> >>`,
      ],
      { revision: 6, userPassword: 'Kt@2024' },
    );
    expect(pdf.length).toBeGreaterThan(PDF_MAX_BYTES);
    const opened = await inspectLargePdf(pdf, pdf.length, withText('Mật khẩu: Kt@2024'));
    expect(opened.uris).toEqual([LURE]);
    expect(pdfObservations(opened).map((o) => o.tags)).toEqual([['pdf', 'opened', 'password-in-message']]);
    const locked = await inspectLargePdf(pdf, pdf.length, withText('Mật khẩu: sai-roi'));
    expect(locked.uris).toEqual([]);
    expect(pdfObservations(locked).map((o) => o.tags)).toEqual([['pdf', 'password', 'not-opened', 'password-in-message']]);
  });
});

describe('PDFs encrypted by qpdf', () => {
  let dir: string;
  beforeAll(() => {
    ensureDebianPackages([{ pkg: 'qpdf', file: '/usr/bin/qpdf' }]);
    dir = mkdtempSync(path.join(tmpdir(), 'lachan-pdf-pw-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plain = () =>
    p.pdfFromObjects([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>',
      `<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A << /S /URI /URI (${LURE}) >> >>`,
    ]);
  /** qpdf's encryption of `plain()` (links in compressed object streams, as PDF 1.5 writers do). */
  const qpdf = (user: string, args: string[]): Buffer => {
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    writeFileSync(input, plain());
    const r = spawnSync('qpdf', ['--allow-weak-crypto', '--object-streams=generate', '--encrypt', user, 'chu-so-huu', ...args, '--', input, output], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(output);
  };

  it.each([
    ['RC4-128', ['128', '--use-aes=n']],
    ['AES-128', ['128', '--use-aes=y']],
    ['AES-256', ['256']],
  ])('%s: opened with the message\'s password, its link found; a wrong one leaves it locked', async (method, args) => {
    const pdf = qpdf('Hs#2025', args);
    expect(pdf.includes('gov-vn')).toBe(false);
    const opened = await inspect(pdf, 'Anh mở tệp đính kèm, password is "Hs#2025"');
    expect(opened.encryption).toMatchObject({ state: 'readable', method });
    expect(opened.uris).toEqual([LURE]);
    const locked = await inspect(pdf, 'Mật khẩu: Hs#2024');
    expect(locked.uris).toEqual([]);
    expect(pdfObservations(locked).map((o) => o.tags)).toEqual([['pdf', 'password', 'not-opened', 'password-in-message']]);
  });
});

describe('locked PDFs in the walk and under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd() });
  const mail = (pdf: Buffer, text: string) => attachmentMail('thong-bao.pdf', 'application/pdf', pdf).replace('Gửi anh hồ sơ tháng 3.', text);

  it('the walk opens it and keeps its links for the URL checks', async () => {
    const findings = await walkWithPasswords(lockedPdf('Kt@2024'), 'Mật khẩu: Kt@2024', 'thong-bao.pdf');
    expect(findings.find((f) => f.kind === 'attachment.encrypted')?.tags).toEqual(['pdf', 'opened', 'password-in-message']);
  });

  it('holds a locked PDF whose phishing link the given password reveals; without it only warns; with a wrong one holds it unopened', async () => {
    const pdf = lockedPdf('Kt@2024');
    const given = await verdict(mail(pdf, 'Kính gửi anh,\nMật khẩu: Kt@2024\nTrân trọng'));
    expect(given.kinds).toContain('url.lookalike');
    expect(given.rules).toContain('lookalike-link');
    expect(given.rules).not.toContain('encrypted-archive-password-in-message');
    expect(given.action).toBe('quarantine');

    const silent = await verdict(mail(pdf, 'Gửi anh tài liệu.'));
    expect(silent.kinds).not.toContain('url.lookalike');
    expect(silent.rules).toContain('encrypted-attachment');
    expect(silent.rules).not.toContain('encrypted-archive-password-in-message');

    const wrong = await verdict(mail(pdf, 'Mật khẩu: 998877'));
    expect(wrong.kinds).not.toContain('url.lookalike');
    expect(wrong.rules).toContain('encrypted-archive-password-in-message');
    expect(wrong.action).toBe('quarantine');
  });
});
