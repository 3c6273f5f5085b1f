import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allReasons } from '../act/reasons.js';
import { unstrippableIds } from '../act/strip.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { silentLogger } from '../log.js';
import { parseMessage, releaseMessage } from '../parse/index.js';
import type { ParsedMessage } from '../parse/types.js';
import { decide } from '../policy/engine.js';
import { loadPolicy } from '../policy/loader.js';
import type { Policy, Rule } from '../policy/types.js';
import { authScanner } from './auth/index.js';
import { DEFAULT_SCANNERS, runScanners } from './index.js';
import type { ClamdClient } from './attachments/clamd.js';
import type { Finding } from './types.js';

/**
 * A link inside a forwarded message: the real parser, the scanners (not sender authentication: no
 * DNS here) and the shipped policy. The URL finding names the forwarded message (Finding.part), the
 * banner says where the link is, and a strip rule still cannot remove the forwarded message for it.
 */
/** The files here carry no code; a clean answer keeps clamd (not this test's subject) out of the verdict. */
const cleanClamd: ClamdClient = {
  address: 'fake://clean',
  scan: () => Promise.resolve({ infected: false }),
  ping: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
const policyDir = fileURLToPath(new URL('../../../policies', import.meta.url));
let shipped: Policy;
const parsed: ParsedMessage[] = [];
beforeAll(async () => {
  shipped = await loadPolicy(policyDir);
});
afterEach(async () => {
  for (const m of parsed.splice(0)) await releaseMessage(m);
});

async function scan(raw: string, policy = shipped): Promise<{ message: ParsedMessage; findings: Finding[] }> {
  const message = await parseMessage(Buffer.from(raw, 'utf8'), DEFAULT_LIMITS);
  parsed.push(message);
  const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
  const findings = await runScanners(message, { policy, limits: DEFAULT_LIMITS, clamd: cleanClamd, log: silentLogger() }, scanners);
  return { message, findings };
}

/** A colleague's note (a1: a text file) and a forwarded message (a2) whose link imitates a gov.vn portal. */
function forwardedMail(): string {
  const b = '----=_lachan_fwd';
  return [
    'From: Tran Van Binh <binh.tv@lachan.test>',
    'To: an.nguyen@lachan.test',
    'Subject: Fwd: Xac thuc tai khoan dich vu cong',
    'Date: Mon, 4 Nov 2024 08:00:00 +0700',
    'Message-ID: <fwd@lachan.test>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Anh xem giúp thư này có phải lừa đảo không.',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8; name="ghi-chu.txt"',
    'Content-Disposition: attachment; filename="ghi-chu.txt"',
    '',
    'Ghi chú: thư nhận lúc 7 giờ sáng.',
    `--${b}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: attachment; filename="thu-goc.eml"',
    '',
    'From: Cong dich vu cong <thongbao@dvc-thongbao.example>',
    'To: binh.tv@lachan.test',
    'Subject: Xac thuc tai khoan',
    'Date: Sun, 3 Nov 2024 20:00:00 +0700',
    'Message-ID: <orig@dvc-thongbao.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Tài khoản dịch vụ công của bạn cần xác thực lại.</p><p><a href="https://dichvucong.gov.vn-xacthuc.com/dang-nhap">Xác thực tại đây</a></p>',
    `--${b}--`,
    '',
  ].join('\r\n');
}

describe('a lookalike gov.vn link inside a forwarded message', () => {
  it('is reported with the forwarded message a2 as its part, and no attachment to strip', async () => {
    const { message, findings } = await scan(forwardedMail());
    expect(message.attachments.find((a) => a.id === 'a2')?.contentType).toBe('message/rfc822');
    const lookalike = findings.find((f) => f.kind === 'url.lookalike');
    expect(lookalike).toMatchObject({ subject: 'https://dichvucong.gov.vn-xacthuc.com/dang-nhap', part: { id: 'a2', kind: 'forwarded-message' } });
    expect(lookalike?.attachment).toBeUndefined();
    // the body's own link-free text gives no part to anything
    for (const f of findings.filter((x) => x.part)) expect(f.part?.id).toBe('a2');
  });

  it('gets a banner reason saying the link is in the forwarded message, Vietnamese and English', async () => {
    const { message, findings } = await scan(forwardedMail());
    const v = decide(findings, shipped, { unstrippable: unstrippableIds(message.attachments) });
    expect(v.hits.some((h) => h.findings.some((f) => f.kind === 'url.lookalike'))).toBe(true);
    expect(allReasons(v, 'vi')).toContain('Liên kết tới dichvucong[.]gov[.]vn-xacthuc[.]com, tên miền giả dạng một tên miền tin cậy (trong thư chuyển tiếp)');
    expect(allReasons(v, 'en')).toContain('A link goes to dichvucong[.]gov[.]vn-xacthuc[.]com, a domain imitating a trusted one (in the forwarded message)');
    expect(v.strip).not.toContain('a2');
  });

  it('is quarantined, not stripped as attachment a2, by a strip rule on lookalike links', async () => {
    const strip: Rule = {
      id: 'strip-lookalike-links',
      description: 'strip lookalike links',
      match: { any: [{ kind: ['url.lookalike'] }], minCount: 1 },
      action: 'strip',
      category: 'phishing',
      mode: 'enforce',
      source: { file: 'policy.yaml', line: 1 },
    };
    const policy: Policy = { ...shipped, rules: [strip] };
    const { message, findings } = await scan(forwardedMail(), policy);
    const v = decide(findings, policy, { unstrippable: unstrippableIds(message.attachments) });
    expect(v).toMatchObject({ action: 'quarantine', strip: [] });
    expect(v.hits).toEqual([expect.objectContaining({ rule: 'strip-lookalike-links', action: 'quarantine' })]);
    expect(v.hits[0]!.description).toContain('cannot strip');
  });
});
