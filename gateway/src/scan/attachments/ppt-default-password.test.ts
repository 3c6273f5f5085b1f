import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { createLimiter } from '../../limiter.js';
import type { Finding } from '../types.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makePolicy } from '../test-helpers.js';
import { createClamdClient } from './clamd.js';
import { compoundFile, encryptPresentation } from './doc-crypto-builder.js';
import { POWERPOINT_DEFAULT_PASSWORD } from './encrypted-office.js';
import { hashIndex } from './hashes.js';
import { attachmentItem } from './index.js';
import { exOleObjStg, record } from './lure-fixtures.js';
import { candidatesFromText } from './passwords.js';
import { makeAttachment, msoffcryptoDecrypt, walkWithPasswords } from './test-helpers.js';
import { AttachmentWalk } from './walk.js';

/**
 * PowerPoint's built-in password "/01Hannes Ruescher/01" (MS-OFFCRYPTO 2.4.2.3): a .ppt encrypted
 * with it opens without a prompt, like a workbook encrypted with VelvetSweatshop in Excel. The walk
 * tries it first on an RC4 CryptoAPI presentation and reports it as VelvetSweatshop is reported
 * (tag default-password: rule office-default-password).
 */
beforeAll(() => ensureDebianPackages([{ pkg: 'python3-msoffcrypto-tool', file: '/usr/bin/msoffcrypto-tool' }]));

/** A presentation: a DocumentContainer, a slide, the VBA project in an ExOleObjStg; `text` in a text atom. */
const records = ({ vba = true, text = Buffer.alloc(600, 0x41) } = {}) => [
  record(0xf, 0, 0x03e8, Buffer.concat([record(1, 0, 0x03e9, Buffer.alloc(40)), record(0, 0, 0x0fa0, text)])),
  record(0xf, 0, 0x03ee, record(1, 0, 0x03ef, Buffer.alloc(24))),
  ...(vba ? [exOleObjStg(p.makeVbaStorage())] : []),
];
const ppt = (password: string, opts?: Parameters<typeof records>[0]) => compoundFile(encryptPresentation(records(opts), password).streams);
const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.subject} ${(f.tags ?? []).join(',')}`).sort();

describe('a .ppt encrypted with PowerPoint\'s default password', () => {
  it('is the password the reference decryptor opens the test file with', () => {
    expect(POWERPOINT_DEFAULT_PASSWORD).toBe('/01Hannes Ruescher/01');
    const file = ppt(POWERPOINT_DEFAULT_PASSWORD);
    expect(() => msoffcryptoDecrypt(file, POWERPOINT_DEFAULT_PASSWORD)).not.toThrow();
    expect(() => msoffcryptoDecrypt(file, 'VelvetSweatshop')).toThrow();
  });

  it('is opened without any password in the mail, tagged default-password, and its macros found', async () => {
    const findings = await walkWithPasswords(ppt(POWERPOINT_DEFAULT_PASSWORD), 'Gửi anh bài trình bày.', 'bao-cao.ppt');
    expect(brief(findings)).toEqual([
      'attachment.encrypted bao-cao.ppt office,default-password,opened,ppt',
      'attachment.macro bao-cao.ppt vba,ole,ppt',
    ]);
    const detail = findings.find((f) => f.kind === 'attachment.encrypted')!.detail;
    expect(detail).toContain('PowerPoint\'s default password "/01Hannes Ruescher/01"');
    // a .pps (slide show) the same
    expect(brief(await walkWithPasswords(ppt(POWERPOINT_DEFAULT_PASSWORD), '', 'trinh-chieu.pps'))).toContain('attachment.encrypted trinh-chieu.pps office,default-password,opened,ppt');
  });

  it('VelvetSweatshop is no default for a presentation (PowerPoint does not open it silently), nor a password the mail gives', async () => {
    expect(brief(await walkWithPasswords(ppt('VelvetSweatshop', { vba: false }), '', 'bao-cao.ppt'))).toEqual(['attachment.encrypted bao-cao.ppt office,ppt']);
    const given = await walkWithPasswords(ppt('Kt@2024', { vba: false }), 'Mật khẩu: Kt@2024', 'bao-cao.ppt');
    expect(brief(given)).toEqual(['attachment.encrypted bao-cao.ppt office,opened,password-in-message,ppt']);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('under the shipped policy, with the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());
  const verdict = shippedPolicyVerdicts({ clamd });
  const PPT = 'application/vnd.ms-powerpoint';

  it('quarantines a presentation opened with it even when nothing inside is reported, as a VelvetSweatshop workbook', async () => {
    const v = await verdict(attachmentMail('bao-cao.ppt', PPT, ppt(POWERPOINT_DEFAULT_PASSWORD, { vba: false })));
    expect(v.rules).toContain('office-default-password');
    expect(v.rules).not.toContain('office-macro');
    expect(v.action).toBe('quarantine');
    const macro = await verdict(attachmentMail('bao-cao.ppt', PPT, ppt(POWERPOINT_DEFAULT_PASSWORD)));
    expect(macro.rules).toEqual(expect.arrayContaining(['office-default-password', 'office-macro']));
  });

  it('ClamAV gets the presentation decrypted: EICAR hidden by the encryption is found', async () => {
    const file = ppt(POWERPOINT_DEFAULT_PASSWORD, { vba: false, text: Buffer.concat([Buffer.alloc(100, 0x41), p.EICAR, Buffer.alloc(100, 0x42)]) });
    expect(file.includes(p.EICAR)).toBe(false);
    const w = new AttachmentWalk({ limits: DEFAULT_LIMITS, hashes: hashIndex(makePolicy()), clamd, clamdLimit: createLimiter(2), passwords: () => candidatesFromText('') });
    await w.inspect(attachmentItem(makeAttachment('bao-cao.ppt', file)));
    await w.finish();
    expect(w.findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toEqual(['bao-cao.ppt → decrypted']);
  });
});
