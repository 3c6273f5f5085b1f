import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClamdClient } from '../attachments/clamd.js';
import { shippedPolicyVerdicts, singlePartMail } from '../shipped-verdict.js';
import * as payloads from '../../../../test-fixtures/attachments/payloads.mjs';
import * as office from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { pdfWithImage, photoLike, qrPixels, qrPng, toJpeg } from './test-helpers.js';

/**
 * Whole messages carrying a link as a QR code, through the real parser, every scanner but sender
 * authentication and the shipped policy. Messages whose picture is a data: URL in the HTML have no
 * attachment, so no clamd is needed; those with attachments use the suite's real clamd.
 */
const verdict = shippedPolicyVerdicts();

const HEAD = { From: 'Quan tri he thong <admin@mail-notice.example>', To: 'an.nguyen@lachan.test', Date: 'Mon, 4 Nov 2024 08:00:00 +0700', 'Message-ID': '<qr@x.example>' };

const htmlMail = (subject: string, html: string): string => singlePartMail({ ...HEAD, Subject: subject }, html, 'text/html');

function b64(data: Buffer): string {
  return data.toString('base64').replace(/.{76}/g, '$&\r\n');
}

/** multipart/mixed: a related HTML body with inline pictures (cid:), then attachments. */
function mimeMail(subject: string, html: string, inline: { cid: string; png: Buffer }[], attachments: { name: string; type: string; data: Buffer }[]): string {
  const lines = [...Object.entries({ ...HEAD, Subject: subject }).map(([k, v]) => `${k}: ${v}`), 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="MIX"', ''];
  lines.push('--MIX', 'Content-Type: multipart/related; boundary="REL"', '', '--REL', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', html, '');
  for (const i of inline) {
    lines.push('--REL', 'Content-Type: image/png', 'Content-Transfer-Encoding: base64', `Content-ID: <${i.cid}>`, 'Content-Disposition: inline', '', b64(i.png), '');
  }
  lines.push('--REL--', '');
  for (const a of attachments) {
    lines.push('--MIX', `Content-Type: ${a.type}; name="${a.name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${a.name}"`, '', b64(a.data), '');
  }
  lines.push('--MIX--', '');
  return lines.join('\r\n');
}

async function dataImg(link: string): Promise<string> {
  return `<img src="data:image/png;base64,${(await qrPng(link)).toString('base64')}" width="240">`;
}

const WORDS = '<p>Kính gửi anh chị, gửi kèm mã QR của chương trình hội thảo chuyển đổi số cấp tỉnh tổ chức tại trung tâm hội nghị vào sáng thứ năm tuần sau.</p>';

describe('links carried as QR codes, through the scanners and the shipped policy', () => {
  it('checks the QR link against the block lists: a blocked host is held, and the reason names it', async () => {
    const v = await verdict(htmlMail('Xác minh hộp thư', `${await dataImg('https://blocked.lachan.invalid/mail/login')}`));
    const listed = v.findings.find((f) => f.kind === 'url.listed' && f.list === 'blocked_domains');
    expect(listed?.detail).toContain('QR code');
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(expect.arrayContaining(['body-image', 'only-link', 'blocked.lachan.invalid']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('blocked-link');
    expect(v.reasons.join('\n')).toMatch(/mã QR \(dẫn tới blocked\[\.\]lachan\[\.\]invalid\)/);
  });

  it('warns about a QR link alone, naming its host in Vietnamese and English', async () => {
    const v = await verdict(htmlMail('Hội thảo', `${WORDS}${await dataImg('https://hoithao-so.example/dangky')}<p>Trang sự kiện: <a href="https://hoithao-so.example">hoithao-so.example</a></p>`));
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(['body-image', 'hoithao-so.example']); // the body has a link of its own: not only-link
    expect(v).toMatchObject({ action: 'deliver', warning: true });
    expect(v.rules).toContain('qr-code-link');
    expect(v.reasons.join('\n')).toMatch(/mã QR.*hoithao-so\[\.\]example/);
    expect(v.reasonsEn.join('\n')).toMatch(/QR code.*hoithao-so\[\.\]example/);
  });

  it('holds a QR link together with a lure', async () => {
    const v = await verdict(
      htmlMail(
        'Mật khẩu sắp hết hạn',
        '<p>Mật khẩu hộp thư của bạn sẽ hết hạn trong 24 giờ. Tài khoản sẽ bị khóa nếu không xác minh.</p><p>Quét mã QR dưới đây bằng điện thoại để xác minh ngay.</p>' +
          (await dataImg('https://mail-verify-portal.example/x')),
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.lure', 'url.qr-code']));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('two-strong-signals');
  });

  it('holds a body that is only a QR picture (image-only + QR link)', async () => {
    const v = await verdict(htmlMail('Thông báo', await dataImg('https://hopthu-capnhat.example/')));
    expect(v.kinds).toEqual(expect.arrayContaining(['content.image-only', 'url.qr-code']));
    expect(v.action).toBe('quarantine');
  });

  it('reports nothing for a payment QR code, a photo, or a message without pictures', async () => {
    const vietqr = '00020101021238570010A00000072701270006970436011312345678901230208QRIBFTTA53037045802VN6304ABCD';
    const photo = toJpeg(photoLike(300, 200));
    const v1 = await verdict(htmlMail('Thanh toán', `${WORDS}${await dataImg(vietqr)}`));
    const v2 = await verdict(htmlMail('Ảnh', `${WORDS}<img src="data:image/jpeg;base64,${photo.toString('base64')}">`));
    const v3 = await verdict(htmlMail('Chữ', WORDS));
    for (const v of [v1, v2, v3]) expect(v.kinds).not.toContain('url.qr-code');
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('QR links in inline pictures, attached pictures and PDFs, with the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('reads a cid: inline picture as a body picture', async () => {
    const raw = mimeMail('Xác minh', `${WORDS}<img src="cid:qr1@x">`, [{ cid: 'qr1@x', png: await qrPng('https://blocked.lachan.invalid/a') }], []);
    const v = await verdict(raw, clamd);
    expect(v.findings.find((f) => f.kind === 'url.qr-code')?.tags).toEqual(expect.arrayContaining(['body-image', 'only-link']));
    expect(v.kinds).toContain('url.listed');
  });

  it('reads an attached JPEG and a picture in an attached PDF', async () => {
    const px = await qrPixels('https://pdf-qr.example/verify');
    const pdf = pdfWithImage(`/Width ${px.width} /Height ${px.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode`, toJpeg(px));
    const jpg = toJpeg(await qrPixels('https://jpeg-qr.example/'));
    const raw = mimeMail('Hồ sơ', WORDS, [], [
      { name: 'thongbao.pdf', type: 'application/pdf', data: pdf },
      { name: 'ma.jpg', type: 'image/jpeg', data: jpg },
    ]);
    const v = await verdict(raw, clamd);
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(expect.arrayContaining(['attachment', 'pdf', 'pdf-qr.example', 'jpeg-qr.example']));
    expect(v.kinds.filter((k) => k === 'url.qr-code')).toHaveLength(1);
  });

  it('reads a picture inside a zip', async () => {
    const zip: Buffer = await payloads.makeZip({ 'tai-lieu/ma-qr.png': await qrPng('https://zip-qr.example/login') });
    const v = await verdict(mimeMail('Tài liệu', WORDS, [], [{ name: 'tailieu.zip', type: 'application/zip', data: zip }]), clamd);
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(expect.arrayContaining(['attachment', 'zip-qr.example']));
    expect(qr?.detail).toContain('tailieu.zip → tai-lieu/ma-qr.png');
  });

  it('reads a picture inside an attached Word document', async () => {
    const docx: Buffer = await office.makeDocx({ files: { 'word/media/image1.png': await qrPng('https://docx-qr.example/dang-nhap') } });
    const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const v = await verdict(mimeMail('Kế hoạch', WORDS, [], [{ name: 'ke-hoach.docx', type, data: docx }]), clamd);
    const qr = v.findings.find((f) => f.kind === 'url.qr-code');
    expect(qr?.tags).toEqual(expect.arrayContaining(['office', 'only-link', 'docx-qr.example']));
    expect(qr?.urls).toEqual(['https://docx-qr.example/dang-nhap']);
    expect(qr?.detail).toContain('a picture in an Office document, ke-hoach.docx → word/media/image1.png');
    expect(v.rules).toContain('qr-code-link');
  });
});
