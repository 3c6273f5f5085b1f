import { describe, expect, inject, it } from 'vitest';
import type { ScanLine } from '../cli/scan.js';
import { shippedFolderScans } from './shipped-engine.js';

/**
 * Negated lures are not lures (content/negation.ts), under the shipped policy and the same
 * evaluate() as the SMTP path (`lachan scan`). test-fixtures/negated-notices (built by its
 * generate.mjs) holds genuine bank, e-wallet, tax, BHXH and English service notices whose security
 * footers say the opposite of a lure ("KHÔNG BAO GIỜ yêu cầu ... xác thực tài khoản", "khong gui link
 * yeu cau ... cap nhat sinh trac hoc", "we will never ask you to verify your account"): ham-*.eml
 * are delivered with no banner and no hold. Their phishing counterparts, phish-*.eml (the negation
 * taken out, a look-alike or foreign link; "đừng chia sẻ đường link này", "don't miss", "quá hạn
 * không thanh toán sẽ bị khóa" left in), are warned or held, AND still carry the content findings
 * listed in STILL_READ: the negation reader must not have hidden them.
 */
const { files: FILES, lines } = shippedFolderScans('negated-notices', () => inject('clamdUrl'));

/** Genuine notices still warned, with why: move one out when a change fixes it. */
const KNOWN_WARNED: Record<string, string> = {
  'ham-en-cloud-quoted-lure':
    '"if a message claims your account will be suspended, do not click": the lure is quoted under a condition, not negated; the phrase and the lure (with "sign in to the dashboard") are still read',
  'ham-vi-dien-tu-thanh-toan':
    '"vui lòng gọi ngay tổng đài 1900 ..." in a short receipt with a link is read as the call to action of an advertising SMS (content.sms-ad, sms.ts): not a negation matter; its negated footer no longer counts',
};

/** Content findings each phishing counterpart must still carry: [kind, subject (phrase) or undefined]. */
const STILL_READ: Record<string, Array<[string, string?]>> = {
  'phish-vcb-xac-thuc-tai-khoan': [['content.lure'], ['content.phrase', 'xác thực tài khoản'], ['content.phrase', 'cập nhật sinh trắc học']],
  'phish-bidv-khong-dau': [['content.lure'], ['content.phrase', 'xác thực tài khoản'], ['content.phrase', 'cập nhật sinh trắc học']],
  'phish-bidv-dung-chia-se-link': [['content.lure'], ['content.phrase', 'xác thực tài khoản']],
  'phish-vi-dien-tu-khong-thanh-toan': [['content.lure'], ['content.phrase', 'xác minh tài khoản']],
  'phish-thue-hoan-thue': [['content.lure'], ['content.phrase', 'cập nhật thông tin định danh'], ['content.phrase', 'nhận hoàn thuế']],
  'phish-bhxh-vssid': [['content.lure'], ['content.phrase', 'cập nhật thông tin định danh']],
  'phish-en-cloud-verify': [['content.lure'], ['content.phrase', 'verify your account']],
  'phish-en-wallet-dont-miss': [['content.lure'], ['content.phrase', 'connect your wallet']],
};

const why = (line: ScanLine) => JSON.stringify(line.findings.filter((f) => f.rule && f.rule !== 'external-sender').map((f) => [f.rule, f.kind, f.subject]));

describe('negated lures in genuine notices, and their phishing counterparts (test-fixtures/negated-notices), under the shipped policy', () => {
  it('has genuine notices and phishing counterparts', () => {
    expect(FILES.filter((f) => f.startsWith('ham-')).length).toBeGreaterThanOrEqual(8);
    expect(FILES.filter((f) => f.startsWith('phish-')).length).toBeGreaterThanOrEqual(8);
  });

  it('delivers every genuine notice without a banner and without a hold, but the known warned ones, which are never held', () => {
    const wrong: string[] = [];
    for (const name of Object.keys(KNOWN_WARNED)) expect(lines.has(name), name).toBe(true);
    for (const [name, line] of lines) {
      if (!name.startsWith('ham-')) continue;
      expect(line.error, name).toBeUndefined();
      const want = name in KNOWN_WARNED ? 'warned' : 'clean';
      const got = line.action !== 'deliver' ? 'held' : line.warning ? 'warned' : 'clean';
      if (got !== want) wrong.push(`${name}: got ${got} (${line.action}), want ${want}; ${why(line)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('does not count the negated footers of the genuine notices as scam or phishing phrases', () => {
    const counted: string[] = [];
    for (const [name, line] of lines) {
      if (!name.startsWith('ham-') || name in KNOWN_WARNED) continue;
      for (const f of line.findings) if (f.kind === 'content.phrase' || f.kind === 'content.lure') counted.push(`${name}: ${f.kind} ${f.subject}`);
    }
    expect(counted).toEqual([]);
  });

  it('warns on or holds every phishing counterpart', () => {
    const missed: string[] = [];
    for (const [name, line] of lines) {
      if (!name.startsWith('phish-')) continue;
      if (line.action === 'deliver' && !line.warning) missed.push(`${name}: delivered clean; ${why(line)}`);
    }
    expect(missed).toEqual([]);
  });

  it('still reads the lure and the phrases of every phishing counterpart (the negation reader hides none)', () => {
    expect(Object.keys(STILL_READ).sort()).toEqual(FILES.filter((f) => f.startsWith('phish-')).map((f) => f.replace(/\.eml$/, '')));
    const lost: string[] = [];
    for (const [name, wanted] of Object.entries(STILL_READ)) {
      const line = lines.get(name)!;
      for (const [kind, subject] of wanted) {
        if (!line.findings.some((f) => f.kind === kind && (subject === undefined || f.subject === subject))) lost.push(`${name}: no ${kind} ${subject ?? ''}`);
      }
    }
    expect(lost).toEqual([]);
  });
});
