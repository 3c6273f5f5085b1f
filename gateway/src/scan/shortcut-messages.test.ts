import { afterAll, describe, expect, inject, it } from 'vitest';
import { makeZip } from '../../../test-fixtures/attachments/payloads.mjs';
import { createClamdClient } from './attachments/clamd.js';
import { binaryWebloc } from './attachments/plist-builder.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { attachmentMail, attachmentsMail, shippedPolicyVerdicts, type ShippedVerdict } from './shipped-verdict.js';

/**
 * Attachments that are only a link (.url, .website, .webloc, .desktop; scan/attachments/shortcuts.ts)
 * through the real parser, the scanners and the shipped policy: the address inside goes through
 * every URL check, a shortcut to a web site from outside is warned at least and held with another
 * sign, a copy of one is judged like the first, and ordinary attachments that carry links (an
 * invitation, a contact card, a text file, a newsletter) stay clean.
 */
const clamdUrl = inject('clamdUrl');
const clamd = clamdUrl ? createClamdClient(clamdUrl, { timeoutMs: 20_000 }) : fakeClamd();
afterAll(() => clamd.close());
const verdict = shippedPolicyVerdicts({ clamd });

const FROM = 'Van phong So <vanphong@so-ngoai.example>';
const internetShortcut = (url: string) => Buffer.from(`[InternetShortcut]\r\nURL=${url}\r\nIconIndex=0\r\n`);
const shortcutOf = (v: ShippedVerdict) => v.findings.filter((f) => f.kind === 'attachment.shortcut');
const HOLD = ['quarantine', 'reject'];

/** A message with several attachments: [name, type, bytes]. */
function mailWith(files: [string, string, Buffer][], text = 'Gửi anh chị tài liệu.'): string {
  return attachmentsMail(files, { from: FROM, subject: 'Tai lieu', text });
}

describe('link-file attachments under the shipped policy', () => {
  it('a .url to a host on the block list: the URL rules see its address, the message is held', async () => {
    const v = await verdict(attachmentMail('Cong van 123.url', 'application/internet-shortcut', internetShortcut('https://blocked.lachan.invalid/cong-van'), { from: FROM }));
    expect(v.kinds).toContain('url.listed');
    expect(v.rules).toContain('blocked-link');
    expect(v.findings.find((f) => f.kind === 'url.listed')?.detail).toContain('(link in shortcut Cong van 123.url)');
    expect(shortcutOf(v)[0]).toMatchObject({ tags: ['url', 'web', 'flagged-target'], urls: ['https://blocked.lachan.invalid/cong-van'] });
    expect(HOLD).toContain(v.action);
  });

  it('a binary .webloc to a look-alike of gov.vn is held', async () => {
    const v = await verdict(attachmentMail('Thong bao thue.webloc', 'application/octet-stream', binaryWebloc('https://thuedientu.gov-vn.com/tra-cuu'), { from: FROM }));
    expect(v.kinds).toContain('url.lookalike');
    expect(shortcutOf(v)[0]?.tags).toEqual(['webloc', 'web', 'flagged-target']);
    expect(HOLD).toContain(v.action);
    expect(v.reasonsEn.join(' ')).toContain('shortcut to a web site');
  });

  it('a .desktop link to an ordinary-looking site from outside is warned at least', async () => {
    const desktop = Buffer.from('[Desktop Entry]\nType=Link\nName=Ke hoach\nURL=https://kehoach-so.example/xem\nIcon=text-html\n');
    const v = await verdict(attachmentMail('Ke hoach.desktop', 'application/x-desktop', desktop, { from: FROM }));
    expect(shortcutOf(v)[0]?.tags).toEqual(['desktop', 'web']);
    expect(v.rules).toContain('web-shortcut-attachment');
    expect(v.action === 'deliver' ? v.warning : true).toBe(true);
    expect(v.action).not.toBe('tag');
  });

  it('a .url inside a zip, to a raw IP: its address is checked and the message held', async () => {
    const zip = await makeZip({ 'ho-so/Tra cuu.url': internetShortcut('http://198.51.100.23/dang-nhap') });
    const v = await verdict(attachmentMail('ho-so.zip', 'application/zip', zip, { from: FROM }));
    expect(v.kinds).toContain('url.ip-host');
    expect(shortcutOf(v)[0]).toMatchObject({ subject: 'ho-so.zip → ho-so/Tra cuu.url', tags: ['url', 'web', 'flagged-target'] });
    expect(v.rules).toContain('web-shortcut-flagged-target');
    expect(HOLD).toContain(v.action);
  });

  it('a shortcut with a phishing phrase in the text is held (phrase-with-sender-or-link-sign)', async () => {
    const webloc = binaryWebloc('https://xac-minh.example/tai-khoan');
    const plain = await verdict(attachmentMail('Xac minh.webloc', 'application/octet-stream', webloc, { from: FROM }));
    expect(plain.action).not.toBe('quarantine');
    const v = await verdict(attachmentMail('Xac minh.webloc', 'application/octet-stream', webloc, { from: FROM, text: 'Tài khoản của bạn sẽ bị khóa, vui lòng xác minh tài khoản trong 24 giờ.' }));
    expect(v.kinds).toContain('content.phrase');
    expect(v.action).toBe('quarantine');
  });

  it('a copy of a .url is judged like the first: its target tags, its shortcut finding, its address checks', async () => {
    const search = internetShortcut('search-ms:query=hoadon&crumb=location:\\\\198.51.100.9@SSL\\DavWWWRoot');
    const web = internetShortcut('https://198.51.100.40/hoa-don');
    const v = await verdict(
      mailWith([
        ['Hoa don.url', 'application/internet-shortcut', search],
        ['Hoa don (1).url', 'application/internet-shortcut', search],
        ['Tra cuu.url', 'application/internet-shortcut', web],
        ['Tra cuu (1).url', 'application/internet-shortcut', web],
      ]),
    );
    const dangerous = v.findings.filter((f) => f.kind === 'attachment.dangerous-type');
    expect(dangerous.map((f) => [f.subject, f.tags?.includes('search-ms') ?? false])).toEqual([
      ['Hoa don.url', true],
      ['Hoa don (1).url', true],
      ['Tra cuu.url', false],
      ['Tra cuu (1).url', false],
    ]);
    expect(shortcutOf(v).map((f) => [f.subject, f.tags])).toEqual([
      ['Tra cuu.url', ['url', 'web', 'flagged-target']],
      ['Tra cuu (1).url', ['url', 'web', 'flagged-target']],
    ]);
    expect(v.findings.filter((f) => f.kind === 'url.ip-host').map((f) => f.detail.replace(/.*\(link in /, ''))).toEqual(['shortcut Tra cuu.url)', 'shortcut Tra cuu (1).url)']);
    expect(HOLD).toContain(v.action);
  });
});

describe('small HTML attachments that only redirect', () => {
  const refresh = (url: string) => Buffer.from(`<html><head><meta http-equiv="refresh" content="0; url=${url}"></head><body>Dang chuyen trang...</body></html>`);

  it('a script redirect to a gov.vn look-alike: the address goes through the URL checks and the message is held', async () => {
    const html = Buffer.from('<html><head><script>window.location.replace("https://dichvucong.gov-vn.com/dang-nhap?ma=7");</script></head><body></body></html>');
    const v = await verdict(attachmentMail('Ho so.html', 'text/html', html, { from: FROM }));
    expect(v.findings.filter((f) => f.kind === 'url.lookalike').map((f) => f.detail)).toEqual([expect.stringContaining('(link in document Ho so.html)')]);
    expect(v.findings.find((f) => f.kind === 'attachment.html-loader')?.urls).toEqual(['https://dichvucong.gov-vn.com/dang-nhap?ma=7']);
    expect(HOLD).toContain(v.action);
  });

  it('a meta refresh inside a zip is checked; one in an HTML attachment the parser reads is checked once', async () => {
    const zip = await makeZip({ 'Thong bao.htm': refresh('https://thongbao.gov-vn.com/xem') });
    const inZip = await verdict(attachmentMail('thong-bao.zip', 'application/zip', zip, { from: FROM }));
    expect(inZip.findings.filter((f) => f.kind === 'url.lookalike').map((f) => f.detail)).toEqual([expect.stringContaining('(link in document thong-bao.zip → Thong bao.htm)')]);
    expect(HOLD).toContain(inZip.action);
    const attached = await verdict(attachmentMail('Thong bao.htm', 'text/html', refresh('https://thongbao.gov-vn.com/xem'), { from: FROM }));
    expect(attached.findings.filter((f) => f.kind === 'url.lookalike')).toHaveLength(1);
  });
});

describe('ordinary attachments carrying links stay clean', () => {
  const clean = (v: ShippedVerdict) => {
    expect(shortcutOf(v)).toEqual([]);
    expect(v.warning).toBe(false);
    expect(['deliver', 'tag']).toContain(v.action);
  };

  it('a meeting invitation (.ics) with a link', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//So Noi vu//Lich hop//VI',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:hop-2024-11-05@so-ngoai.example',
      'DTSTAMP:20241104T010000Z',
      'DTSTART:20241105T020000Z',
      'DTEND:20241105T030000Z',
      'SUMMARY:Hop giao ban',
      'URL:https://so-ngoai.example/lich-hop/2024-11-05',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    clean(await verdict(attachmentMail('hop-giao-ban.ics', 'text/calendar', Buffer.from(ics), { from: FROM })));
  });

  it('a contact card (.vcf) with a web site', async () => {
    const vcf = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nguyen Van An\r\nORG:So Noi vu\r\nEMAIL:an.nguyen@so-ngoai.example\r\nURL:https://so-ngoai.example/\r\nEND:VCARD\r\n';
    clean(await verdict(attachmentMail('Nguyen Van An.vcf', 'text/vcard', Buffer.from(vcf), { from: FROM })));
  });

  it('a text file holding a URL', async () => {
    clean(await verdict(attachmentMail('ghi-chu.txt', 'text/plain', Buffer.from('Tai lieu hop: https://so-ngoai.example/tai-lieu/hop-thang-11\r\n'), { from: FROM })));
  });

  it('an HTML newsletter attachment with ordinary links', async () => {
    const html =
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ban tin thang 11</title></head><body><h1>Ban tin So Noi vu</h1>' +
      '<p>Hoi nghi tong ket cong tac nam 2024 se dien ra vao ngay 20/12.</p><p>Xem chi tiet tai <a href="https://so-ngoai.example/tin-tuc/hoi-nghi">trang tin</a> ' +
      'va <a href="https://so-ngoai.example/lich">lich cong tac</a>.</p></body></html>';
    clean(await verdict(attachmentMail('ban-tin-thang-11.html', 'text/html', Buffer.from(html), { from: FROM })));
  });
});
