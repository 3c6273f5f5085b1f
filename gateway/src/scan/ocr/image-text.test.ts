import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { ocrVariants } from './passwords.js';
import { useOcr } from './tesseract.js';
import { ensureOcrPackages, pictureRenderer, testMail, type PictureRenderer } from '../../../test/support/pictures.js';

/**
 * Lure text shown only as a picture: whole messages (parser, every scanner but sender
 * authentication, the shipped policy) whose body is one picture drawn by chromium, read by the
 * real tesseract; what content.image-text says and what the policy makes of it.
 */
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));
let policy: Policy;
let renderer: PictureRenderer;
const done: Evaluation[] = [];

beforeAll(async () => {
  ensureOcrPackages();
  policy = await loadPolicy(POLICY_DIR);
  renderer = await pictureRenderer();
}, 120_000);
afterAll(async () => {
  useOcr({});
  for (const e of done) await releaseMessage(e.parsed);
  await renderer?.close();
});

async function scan(raw: Buffer) {
  const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
  const e = await evaluate(spooledFromBuffer(raw), { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), scanners });
  done.push(e);
  return {
    action: e.verdict.action,
    warning: e.verdict.warning,
    rules: e.verdict.hits.map((h) => h.rule),
    imageText: e.findings.filter((f) => f.kind === 'content.image-text'),
    errors: e.findings.filter((f) => f.kind === 'scanner.error'),
  };
}

/** An HTML body that is one inline picture. */
function pictureMail(subject: string, png: Buffer, opts: { words?: string } = {}): Buffer {
  return testMail({
    subject,
    html: `<div>${opts.words ?? ''}<img src="cid:banner1" alt=""></div>`,
    parts: [{ type: 'image/png', name: 'banner.png', data: png, disposition: 'inline', cid: 'banner1' }],
  });
}

// no contact given: a scam phrase only, so a warning (with a Zalo number it is a prize offer moving
// the reader to a private chat, held as the easy-job offer below is)
const PRIZE = 'Chúc mừng bạn đã trúng thưởng 50.000.000 đồng từ chương trình tri ân khách hàng! Giải thưởng sẽ được trao trong tuần này.';
const JOB = 'Tuyển cộng tác viên làm việc tại nhà, thu nhập 500.000 đồng/ngày, không cần kinh nghiệm. Liên hệ ngay qua Zalo 0912 345 678.';

describe('text shown only in a picture', () => {
  it('reports the scam phrases of an image-only prize message and warns', async () => {
    useOcr({});
    const png = await renderer.png(PRIZE, { width: 700, height: 260 });
    const v = await scan(pictureMail('Thông báo', png));
    expect(v.imageText).toHaveLength(1);
    const f = v.imageText[0]!;
    expect(f.tags).toEqual(expect.arrayContaining(['phrase', 'phrases_scam']));
    expect(f.detail).toMatch(/trúng thưởng/);
    expect(f.detail).toMatch(/text shown only in a picture \(banner\.png\)/);
    expect(v.rules).toContain('image-text-scam');
    expect(v.warning).toBe(true);
    expect(v.errors).toEqual([]);
  }, 60_000);

  it('holds an easy-job offer drawn in a picture that moves the reader to Zalo, as the same text would be', async () => {
    useOcr({});
    const png = await renderer.png(JOB, { width: 700, height: 260 });
    const v = await scan(pictureMail('Cơ hội việc làm', png));
    expect(v.imageText[0]?.tags).toEqual(expect.arrayContaining(['scam-offer', 'job', 'messaging-app']));
    expect(v.rules).toContain('image-text-scam-private-chat');
    expect(v.action).toBe('quarantine');
    // the same words in the body: the content scanner's own rule holds it too
    const text = await scan(testMail({ subject: 'Cơ hội việc làm', text: JOB }));
    expect(text.rules).toContain('scam-offer-private-chat');
    expect(text.action).toBe('quarantine');
  }, 60_000);

  it('holds a fake renewal notice drawn in a picture, from free mail, that asks to call a number to cancel (content.callback-scam, in-picture)', async () => {
    useOcr({});
    const notice =
      'Your subscription has been renewed and $499.99 has been charged to your account today. ' +
      'If you did not authorize this transaction, call our billing team at +1 (808) 555-0199 to cancel and get a refund.';
    const png = await renderer.png(notice, { width: 760, height: 260 });
    const raw = testMail({
      subject: 'Invoice INV-88412',
      from: 'Billing Department <billing.dept8841@gmail.com>',
      html: '<div><img src="cid:invoice1" alt=""></div>',
      parts: [{ type: 'image/png', name: 'invoice.png', data: png, disposition: 'inline', cid: 'invoice1' }],
    });
    const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
    const e = await evaluate(spooledFromBuffer(raw), { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger(), scanners });
    done.push(e);
    const callback = e.findings.find((f) => f.kind === 'content.callback-scam');
    expect(callback?.tags).toEqual(expect.arrayContaining(['amount', 'call-to-cancel', 'phone', 'in-picture', 'freemail']));
    expect(e.verdict.hits.map((h) => h.rule)).toContain('callback-scam-impostor');
    expect(e.verdict.action).toBe('quarantine');
  }, 60_000);

  it('says nothing about a photo without text', async () => {
    useOcr({});
    const photo = await renderer.png('<div style="width:600px;height:200px;background:radial-gradient(circle,#fd5,#3a7 60%,#147);border-radius:30px"></div>', { width: 660, height: 260 });
    const v = await scan(pictureMail('Ảnh chuyến đi', photo));
    expect(v.imageText).toEqual([]);
    expect(v.errors).toEqual([]);
  }, 60_000);

  it('does not read the pictures of a message that says something in words', async () => {
    useOcr({});
    const png = await renderer.png(PRIZE, { width: 700, height: 260 });
    const words = 'Kính gửi các anh chị, phòng tổ chức gửi lại hình ảnh buổi tổng kết cuối năm vừa qua để mọi người lưu làm kỷ niệm. Trân trọng.';
    const v = await scan(pictureMail('Ảnh tổng kết', png, { words }));
    expect(v.imageText).toEqual([]);
  }, 60_000);

  it('scans on without the finding when the tesseract binary does not exist', async () => {
    useOcr({ binary: '/nonexistent/tesseract' });
    const png = await renderer.png(PRIZE, { width: 700, height: 260 });
    const v = await scan(pictureMail('Thông báo', png));
    expect(v.imageText).toEqual([]);
    expect(v.errors).toEqual([]);
    expect(v.action).not.toBe('tempfail');
  }, 60_000);
});

describe('other readings of a password read by OCR', () => {
  it('swaps the look-alike letters OCR confuses, one kind at a time', () => {
    expect(ocrVariants('TI2024bm')).toEqual(['Tl2024bm', 'T12024bm', 'TI2O24bm']);
    expect(ocrVariants('abc')).toEqual([]);
  });
});
