import { describe, expect, it } from 'vitest';
import { qrPng } from '../../src/scan/qr/test-helpers.js';
import { hasBanner, viewDelivered } from '../support/delivered.js';
import { refOf } from '../support/gateway.js';
import { gatewayWithSink } from '../support/gateway-with-sink.js';
import { compose } from '../support/messages.js';
import { sendRaw } from '../support/send.js';

const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };
const WORDS = 'Kính gửi anh chị, gửi kèm mã QR đăng ký hội thảo chuyển đổi số cấp tỉnh vào sáng thứ năm tuần sau tại trung tâm hội nghị.';

/** A link carried only as a QR code picture, on the real mail path (SMTP in, real clamd, policy, act, sink). */
describe('QR-code links on the mail path', () => {
  const live = gatewayWithSink();

  it('delivers a message whose QR code links to an unknown site with a banner naming that site', async () => {
    const raw = await compose({ html: `<p>${WORDS}</p>`, attachments: [{ filename: 'dang-ky.png', content: await qrPng('https://dangky-hoithao.example/form'), contentType: 'image/png' }] });
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code).toBe(250);
    const got = live.sink.messages[before];
    expect(got).toBeDefined();
    const view = await viewDelivered(got!.raw);
    expect(hasBanner(view)).toBe(true);
    // the banner says it in Vietnamese (as HTML entities) and English, with the host defanged
    expect(view.html).toContain('m&#227; QR (d&#7851;n t&#7899;i dangky-hoithao[.]example)');
    expect(view.html).toContain('a link hidden in a QR code (leading to dangky-hoithao[.]example)');
    const rec = await live.gw.handle.db.messages.get(refOf(r.response));
    expect(rec?.hits.map((h) => h.rule)).toContain('qr-code-link');
    // the record (tracking, quarantine) lists the link the QR code carries, marked as such
    expect(rec?.urls).toContainEqual({ url: 'https://dangky-hoithao.example/form', host: 'dangky-hoithao.example', source: 'qr-code' });
  });

  it('holds a message whose QR code links to a blocked domain, and delivers nothing', async () => {
    const raw = await compose({ html: `<p>${WORDS}</p>`, attachments: [{ filename: 'ma.png', content: await qrPng('https://blocked.lachan.invalid/x'), contentType: 'image/png' }] });
    const before = live.sink.messages.length;
    const r = await sendRaw(live.gw.port, raw, envelope);
    expect(r.code).toBe(250);
    expect(live.sink.messages.length).toBe(before);
    const rec = await live.gw.handle.db.messages.get(refOf(r.response));
    expect(rec?.action).toBe('quarantine');
    expect(rec?.urls).toContainEqual({ url: 'https://blocked.lachan.invalid/x', host: 'blocked.lachan.invalid', source: 'qr-code' });
    expect(rec?.hits.flatMap((h) => h.findings.map((f) => f.kind))).toEqual(expect.arrayContaining(['url.listed', 'url.qr-code']));
  });
});
