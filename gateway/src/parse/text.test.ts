import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from './index.js';
import { elementStyle, isVisible } from './visible-text.js';

const mail = (name: string) => readFileSync(new URL(`../../../test-fixtures/mail/${name}`, import.meta.url));
const htmlMail = (body: string) =>
  Buffer.from(`From: a@sender.example\r\nSubject: t\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${body}\r\n`);

describe('charsets and text', () => {
  it('decodes windows-1258 Vietnamese (combining tone marks) in body and subject', async () => {
    const parsed = await parseMessage(mail('vi-windows-1258.eml'), DEFAULT_LIMITS);
    expect(parsed.text.normalize('NFC')).toContain('Đề nghị các phòng nộp báo cáo trước thứ Sáu.');
    expect(parsed.subject.normalize('NFC')).toBe('Thông báo');
    expect(parsed.problems).toEqual([]);
  });

  it('decodes UTF-8 quoted-printable and base64 bodies and encoded-word headers', async () => {
    const qp = await parseMessage(mail('vi-utf8-qp.eml'), DEFAULT_LIMITS);
    expect(qp.subject).toBe('Lịch họp giao ban tuần');
    expect(qp.text).toContain('Sở Thông tin và Truyền thông thông báo lịch họp');
    expect(qp.from).toEqual([{ name: 'Phòng Hành chính', address: 'hanhchinh@sotttt.lachan.test' }]);
    const b64 = await parseMessage(mail('vi-utf8-base64.eml'), DEFAULT_LIMITS);
    expect(b64.subject).toBe('Báo cáo tổng hợp quý I');
    expect(b64.visibleText).toContain('Xem thêm tại cổng thông tin của Sở.');
  });

  it('keeps decomposed (NFD) text as sent, for the content scanner to normalise', async () => {
    const parsed = await parseMessage(mail('vi-nfd.eml'), DEFAULT_LIMITS);
    expect(parsed.text).not.toBe(parsed.text.normalize('NFC'));
    expect(parsed.text.normalize('NFC')).toContain('đổi mật khẩu hộp thư công vụ');
  });

  it('lists headers with lower-case keys and decoded values, and reads the envelope headers', async () => {
    const parsed = await parseMessage(mail('vi-utf8-qp.eml'), DEFAULT_LIMITS);
    expect(parsed.headers.slice(0, 3)).toEqual([
      { key: 'from', value: 'Phòng Hành chính <hanhchinh@sotttt.lachan.test>' },
      { key: 'to', value: 'Cán bộ <canbo@lachan.test>' },
      { key: 'subject', value: 'Lịch họp giao ban tuần' },
    ]);
    expect(parsed.date?.toISOString()).toBe('2025-03-04T01:30:00.000Z');
    expect(parsed.messageId).toMatch(/^<.+@sotttt\.lachan\.test>$/);
  });

  it('computes size and SHA-256 of the raw bytes unless given', async () => {
    const raw = mail('en-newsletter.eml');
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    expect(parsed.size).toBe(raw.length);
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    const given = await parseMessage(raw, DEFAULT_LIMITS, { size: 1, sha256: 'abc' });
    expect([given.size, given.sha256]).toEqual([1, 'abc']);
  });

  it('keeps at most maxTextBytes of text', async () => {
    const raw = Buffer.from(`From: a@b.example\r\nSubject: t\r\n\r\n${'chữ '.repeat(1000)}\r\n`);
    const parsed = await parseMessage(raw, { ...DEFAULT_LIMITS, maxTextBytes: 100 });
    expect(Buffer.byteLength(parsed.text)).toBeLessThanOrEqual(100);
    expect(parsed.problems.map((p) => p.code)).toContain('text-too-long');
  });
});

describe('visible and hidden text', () => {
  it('sends CSS-hidden text to hiddenText and keeps the rest visible', async () => {
    const parsed = await parseMessage(mail('hidden-text.eml'), DEFAULT_LIMITS);
    expect(parsed.visibleText).toBe('Please find the invoice attached.\nRegards');
    for (const hidden of ['mật khẩu tài khoản ngân hàng', 'verify your account now', 'preheader filler text', 'white on white', 'transparent words']) {
      expect(parsed.hiddenText).toContain(hidden);
    }
  });

  it('leaves out script, style, head and template text entirely', async () => {
    const parsed = await parseMessage(
      htmlMail('<head><title>T</title><style>p{}</style></head><body><script>var a="x"</script><template>tpl</template><p>shown</p></body>'),
      DEFAULT_LIMITS,
    );
    expect(parsed.visibleText).toBe('shown');
    expect(parsed.hiddenText).toBe('');
  });

  it('does not hide text drawn on a background of its own colour set further down', async () => {
    const parsed = await parseMessage(
      htmlMail('<div style="color:#fff"><div style="background-color:#000">light on dark</div>white on white</div><td bgcolor="#003366"><font color="#ffffff">button</font></td>'),
      DEFAULT_LIMITS,
    );
    expect(parsed.visibleText).toContain('light on dark');
    expect(parsed.visibleText).toContain('button');
    expect(parsed.hiddenText).toBe('white on white');
  });

  it('recognises the usual hiding styles', () => {
    const root = { hidden: false };
    const hides = (style: string) => !isVisible(elementStyle({ style }, root));
    expect(hides('display: none !important')).toBe(true);
    expect(hides('visibility:hidden')).toBe(true);
    expect(hides('font-size:0')).toBe(true);
    expect(hides('font-size:1px')).toBe(true);
    expect(hides('opacity:0.0')).toBe(true);
    expect(hides('width:0;height:0;overflow:hidden')).toBe(true);
    expect(hides('mso-hide:all')).toBe(true);
    expect(hides('color:rgb(255,255,255)')).toBe(true);
    expect(hides('color:transparent')).toBe(true);
    expect(hides('font-size:12px;color:#333')).toBe(false);
    expect(hides('height:0')).toBe(false);
    expect(isVisible(elementStyle({ hidden: '' }, root))).toBe(false);
  });

  it('recognises text moved off the page or clipped to nothing', () => {
    const root = { hidden: false };
    const hides = (style: string) => !isVisible(elementStyle({ style }, root));
    expect(hides('position:absolute;left:-9999px')).toBe(true);
    expect(hides('position: fixed; top: -5000px')).toBe(true);
    expect(hides('position:absolute;left:470500px')).toBe(true);
    expect(hides('text-indent:-9999px')).toBe(true);
    expect(hides('margin-left:-2000px')).toBe(true);
    expect(hides('margin: 0 0 0 -100em')).toBe(true);
    expect(hides('margin:470500px 0')).toBe(true);
    expect(hides('position:absolute;clip:rect(0 0 0 0)')).toBe(true);
    expect(hides('clip-path: inset(50%)')).toBe(true);
    // ordinary layout is left alone
    expect(hides('position:absolute;left:20px;top:-10px')).toBe(false);
    expect(hides('position:relative;left:-9999px')).toBe(true);
    expect(hides('left:-9999px')).toBe(false); // not positioned: left does nothing
    expect(hides('margin:0 auto')).toBe(false);
    expect(hides('margin-left:-20px;text-indent:-1em')).toBe(false);
    expect(hides('clip:rect(0 0 0 0)')).toBe(false);
  });

  it('sends off-page text to hiddenText', async () => {
    const parsed = await parseMessage(
      htmlMail('<p>Kính gửi anh chị</p><div style="position:absolute;left:-9999px">xac minh tai khoan ngay</div><span style="margin-left:470500px">padding words</span>'),
      DEFAULT_LIMITS,
    );
    expect(parsed.visibleText).toBe('Kính gửi anh chị');
    expect(parsed.hiddenText).toContain('xac minh tai khoan ngay');
    expect(parsed.hiddenText).toContain('padding words');
  });
});
