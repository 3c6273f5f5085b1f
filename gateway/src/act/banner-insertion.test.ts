import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from '../parse/index.js';
import { applyActionsToBuffer } from './index.js';
import { bannerTokenFor, finding, mail, planFor, TEST_BANNER_KEY, utf8, verdictWith, withoutAdditions } from './testing.js';
import { decodeBase64 } from './encoding.js';
import { MAX_BANNER_PART_BYTES } from './act-stream.js';
import { separateToneMarks } from './charset.js';

const warnPlan = planFor(
  verdictWith([finding('url.ip-host', 'http://192.0.2.10/login'), finding('attachment.dangerous-type', 'hoa-don.exe', 'a1')]),
);

const HEAD = [
  'Return-Path: <sender@example.net>',
  'Received: from mx.example.net (mx.example.net [198.51.100.7])',
  '\tby mx1.lachan.test; Tue, 1 Jul 2025 08:00:00 +0700',
  'From: "Phòng Tài chính" <sender@example.net>',
  'To: nguoinhan@sotttt.lachan.test',
  'Subject: =?UTF-8?B?VGjDtG5nIGLDoW8gbMawxqFuZw==?=',
  'Date: Tue, 1 Jul 2025 08:00:00 +0700',
  'Message-ID: <m1@example.net>',
  'MIME-Version: 1.0',
];

async function act(raw: Buffer, plan = warnPlan): Promise<Buffer> {
  return applyActionsToBuffer(raw, plan);
}

describe('warning banner', () => {
  it('puts the banner in both parts of multipart/alternative and leaves every other byte as it was', async () => {
    const raw = mail([
      ...HEAD,
      'Content-Type: multipart/alternative; boundary="alt-1"',
      '',
      'This is a multi-part message in MIME format.',
      '--alt-1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      utf8('Kính gửi anh/chị,'),
      utf8('Vui lòng xác nhận tài khoản.'),
      '--alt-1',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      '<!DOCTYPE html><html><head><title>x</title></head>',
      '<body style="margin:0" class=\'a>b\'><p>' + utf8('Kính gửi anh/chị') + '</p>',
      '</body></html>',
      '--alt-1--',
      '',
    ]);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);

    const parsed = await simpleParser(out);
    expect(parsed.text).toMatch(/^\[Lá Chắn\] Cảnh báo: thư này có dấu hiệu đáng ngờ/);
    expect(parsed.text).toContain('Liên kết trỏ tới địa chỉ IP 192[.]0[.]2[.]10');
    expect(parsed.text).toContain('A link points to the IP address 192[.]0[.]2[.]10');
    expect(parsed.text).toContain('Tệp đính kèm "hoa-don.exe"');
    expect(parsed.text).toContain('Kính gửi anh/chị,\nVui lòng xác nhận tài khoản.');
    // the banner sits right after the body tag, whose attribute holds a quoted '>'
    const html = parsed.html as string;
    expect(html).toMatch(/<body style="margin:0" class='a>b'><!-- lachan-banner -->/);
    expect(html).toContain('data-lachan-banner');
    const visible = html.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/\s+/g, ' ');
    expect(visible).toContain('Liên kết trỏ tới địa chỉ IP 192[.]0[.]2[.]10');
    expect(visible).toContain('Không bấm vào liên kết hay mở tệp đính kèm nếu bạn không chắc chắn. Liên hệ bộ phận CNTT nếu cần.');
    expect(html.indexOf('lachan-banner')).toBeLessThan(html.indexOf('<p>Kính gửi'));
  });

  it('keeps a multipart/mixed message with attachments byte for byte apart from the banner', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% test\n').toString('base64');
    const raw = mail([
      ...HEAD,
      'Content-Type: multipart/mixed; boundary="mix"',
      '',
      '--mix',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      utf8('Xem tệp đính kèm.'),
      '',
      '--mix',
      'Content-Type: application/pdf; name="bao-cao.pdf"',
      'Content-Disposition: attachment; filename="bao-cao.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      pdf,
      '--mix',
      'Content-Type: text/plain; charset=utf-8; name="ghi-chu.txt"',
      'Content-Disposition: attachment; filename="ghi-chu.txt"',
      '',
      'an attached text file is not a body part',
      '--mix--',
      'epilogue',
    ]);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    const parsed = await simpleParser(out);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['bao-cao.pdf', 'ghi-chu.txt']);
    expect(parsed.attachments[1]?.content.toString()).toBe('an attached text file is not a body part');
    expect(parsed.text).toMatch(/^\[Lá Chắn\]/);
  });

  it('prepends the banner to a quoted-printable body without re-encoding the original lines', async () => {
    const qp = [
      'Xin ch=C3=A0o, =C4=91=C3=A2y l=C3=A0 m=E1=BB=99t d=C3=B2ng r=E1=BA=A5t d=C3=A0i =',
      'ti=E1=BA=BFp t=E1=BB=A5c.',
      'a=3Db',
    ];
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset="UTF-8"', 'Content-Transfer-Encoding: quoted-printable', '', ...qp, '']);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    const parsed = await simpleParser(out);
    expect(parsed.text).toMatch(/^\[Lá Chắn\] Cảnh báo/);
    expect(parsed.text).toContain('Xin chào, đây là một dòng rất dài tiếp tục.\na=b');
  });

  it('prepends base64 of the banner so that the original base64 text follows unchanged', async () => {
    const body = Buffer.from('Nội dung thư được mã hóa base64.\r\nDòng thứ hai.\r\n', 'utf8').toString('base64');
    const lines = body.match(/.{1,60}/g) as string[];
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', ...lines, '']);
    const out = await act(raw);
    const outText = out.toString('latin1');
    expect(outText.endsWith(lines.join('\r\n') + '\r\n')).toBe(true);
    const outBody = out.subarray(outText.indexOf('\r\n\r\n') + 4);
    const decoded = decodeBase64(outBody).toString('utf8');
    expect(decoded).toMatch(/^\[Lá Chắn\] Cảnh báo/);
    expect(decoded.endsWith('\r\n\r\nNội dung thư được mã hóa base64.\r\nDòng thứ hai.\r\n')).toBe(true);
    // headers apart from ours are unchanged
    expect(withoutAdditions(out).toString('latin1').startsWith(raw.toString('latin1').split('\r\n\r\n')[0] as string)).toBe(true);
  });

  it('writes the banner in windows-1258 for a windows-1258 part and keeps its bytes', async () => {
    const text = 'Kính gửi các đồng chí, đề nghị xác nhận tài khoản.';
    // windows-1258 writes the five tone marks as combining characters after the (precomposed) letter
    const body = iconv.encode(separateToneMarks(text), 'windows-1258').toString('latin1');
    expect(iconv.decode(Buffer.from(body, 'latin1'), 'windows-1258').normalize('NFC')).toBe(text);
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset=windows-1258', 'Content-Transfer-Encoding: 8bit', '', body, '']);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    const outBody = out.subarray(out.indexOf('\r\n\r\n') + 4);
    const decoded = iconv.decode(outBody, 'windows-1258').normalize('NFC');
    expect(decoded).toMatch(/^\[Lá Chắn\] Cảnh báo: thư này có dấu hiệu đáng ngờ\r\n/);
    expect(decoded).toContain('Không bấm vào liên kết hay mở tệp đính kèm nếu bạn không chắc chắn.');
    expect(decoded).not.toContain('?');
    expect(decoded.endsWith(text.normalize('NFC') + '\r\n')).toBe(true);
  });

  it('relabels a 7bit us-ascii part as UTF-8 quoted-printable, keeping text that is already valid QP', async () => {
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit', '', 'Dear colleague,', 'please see below.', '']);
    const out = await act(raw);
    const head = out.toString('latin1').split('\r\n\r\n')[0] as string;
    expect(head).toContain('Content-Type: text/plain; charset=utf-8');
    expect(head).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(head).not.toContain('7bit');
    expect(out.toString('latin1').endsWith('\r\n\r\nDear colleague,\r\nplease see below.\r\n')).toBe(true);
    const parsed = await simpleParser(out);
    expect(parsed.text).toMatch(/^\[Lá Chắn\] Cảnh báo/);
    expect(parsed.text).toContain('Dear colleague,\nplease see below.');
    for (const line of out.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('converts a 7bit part whose text is not valid quoted-printable, without changing what it says', async () => {
    const long = 'x='.repeat(60);
    const raw = mail([...HEAD, 'Content-Type: text/plain', '', long, '']);
    const parsed = await simpleParser(await act(raw));
    expect(parsed.text?.endsWith(long + '\n')).toBe(true);
    expect(parsed.text).toMatch(/^\[Lá Chắn\]/);
  });

  it('converts an iso-8859-1 part to UTF-8, since Vietnamese cannot be written in it', async () => {
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable', '', 'Gr=FC=DFe aus M=FCnchen', '']);
    const out = await act(raw);
    expect(out.toString('latin1')).toContain('charset=utf-8');
    const parsed = await simpleParser(out);
    expect(parsed.text).toMatch(/^\[Lá Chắn\] Cảnh báo/);
    expect(parsed.text).toContain('Grüße aus München');
  });

  it('writes an ASCII banner into a part whose charset is unknown, touching nothing else', async () => {
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset=x-made-up', 'Content-Transfer-Encoding: 8bit', '', 'caf\xe9 \xff\xfe', '']);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    expect(out.toString('latin1')).toContain('[La Chan] Canh bao: thu nay co dau hieu dang ngo');
  });

  it('inserts the banner at the start of UTF-8 HTML that has no body tag', async () => {
    const html = utf8('<div><p>Thông báo: <a href="http://192.0.2.10/">đăng nhập</a></p></div>');
    const raw = mail([...HEAD, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', html, '']);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    const body = out.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
    expect(body.startsWith('<!-- lachan-banner -->\r\n<table')).toBe(true);
    // the banner itself is pure ASCII: it needs no charset
    const banner = body.slice(0, body.indexOf('<!-- /lachan-banner -->'));
    expect(/^[\x00-\x7f]*$/.test(banner)).toBe(true);
  });

  it('inserts the banner after <body> of a quoted-printable HTML part without re-encoding the rest', async () => {
    const raw = mail([
      ...HEAD,
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<html><head><style>p{color:red}</style></head><body bgcolor=3D"#ffffff"><p>Xi=',
      'n ch=C3=A0o</p></body></html>',
      '',
    ]);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    const parsed = await simpleParser(out);
    expect(parsed.html).toMatch(/<body bgcolor="#ffffff"><!-- lachan-banner -->\r?\n<table/);
    expect(parsed.html).toContain('Xin chào</p>');
    for (const line of out.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('re-encodes a base64 HTML part with the banner inside it', async () => {
    const html = '<html><body><p>Hello</p></body></html>';
    const raw = mail([...HEAD, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(html).toString('base64'), '']);
    const parsed = await simpleParser(await act(raw));
    expect(parsed.html).toMatch(/^<html><body><!-- lachan-banner -->[\s\S]*<!-- \/lachan-banner -->\r?\n<p>Hello<\/p><\/body><\/html>$/);
  });

  it('uses the message\'s own bare-LF line endings', async () => {
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'line one', 'line two', ''], '\n');
    const out = await act(raw);
    expect(out.includes('\r')).toBe(false);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
  });

  it('leaves the text parts of a nested message/rfc822 alone', async () => {
    const inner = [
      'From: other@example.org',
      'Subject: inner',
      'X-Lachan-Verdict: deliver; warning=no; stripped=0',
      'Content-Type: multipart/alternative; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'inner text',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><body>inner html</body></html>',
      '--inner--',
    ];
    for (const disposition of ['inline', 'attachment']) {
      const raw = mail([
        ...HEAD,
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        '--outer',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'outer text',
        '--outer',
        'Content-Type: message/rfc822',
        `Content-Disposition: ${disposition}`,
        '',
        ...inner,
        '--outer--',
        '',
      ]);
      const out = await act(raw);
      expect(withoutAdditions(out).equals(raw)).toBe(true);
      const text = out.toString('latin1');
      expect(text.match(/\[L\xc3\xa1 Ch/g)).toHaveLength(2); // outer text part only: vi + en sections
      expect(text).toContain(inner.join('\r\n'));
    }
  });

  it('does not add the banner twice when the message passes again', async () => {
    const raw = mail([
      ...HEAD,
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=windows-1258',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Ch=E0o',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<body>hi</body>').toString('base64'),
      '--b--',
      '',
    ]);
    const once = await act(raw);
    const twice = await act(once);
    expect(twice.equals(once)).toBe(true);
  });

  it('does not add a banner to an HTML reply that quotes our banner', async () => {
    const quoted = `<body><p>Reply</p><blockquote><!-- lachan-banner --><table data-lachan-banner="${bannerTokenFor(warnPlan)}"><tr><td>old</td></tr></table></blockquote></body>`;
    const raw = mail([...HEAD, 'Content-Type: text/html; charset=utf-8', '', quoted, '']);
    const out = await act(raw);
    expect(out.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n')).toBe(quoted + '\r\n');
  });

  it('still warns when a sender imitates our banner marker without this gateway\'s key', async () => {
    const fakeHtml = '<body><!-- lachan-banner --><table data-lachan-banner="1"><tr><td>An toan</td></tr></table><p>Dang nhap ngay</p></body>';
    const html = await act(mail([...HEAD, 'Content-Type: text/html; charset=utf-8', '', fakeHtml, '']));
    expect(html.toString('latin1')).toContain(`data-lachan-banner="${bannerTokenFor(warnPlan)}"`);
    const fakeText = utf8('[Lá Chắn] Thư an toàn\r\n---------------------------------------------------------------- #1\r\n\r\nDang nhap ngay');
    const text = await act(mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', fakeText, '']));
    expect(text.toString('latin1')).toContain(`#${bannerTokenFor(warnPlan)}`);
  });

  it('never writes the deployment key into mail, only a token of it and the reasons', async () => {
    const out = (await act(mail([...HEAD, 'Content-Type: text/html; charset=utf-8', '', '<body>x</body>', '']))).toString('latin1');
    expect(out).not.toContain(TEST_BANNER_KEY);
    expect(bannerTokenFor(warnPlan)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('still warns when a banner of ours with other reasons is replayed into another message', async () => {
    // a banner the gateway really wrote, for another verdict (quoted back by an outside correspondent)
    const other = planFor(verdictWith([finding('url.shortener', 'bit.ly')]));
    const replayed = await act(mail([...HEAD, 'Content-Type: text/html; charset=utf-8', '', '<body>old</body>', '']), other);
    const oldBanner = /<!-- lachan-banner -->[\s\S]*?<!-- \/lachan-banner -->/.exec(replayed.toString('latin1'))![0];
    expect(oldBanner).toContain(`data-lachan-banner="${bannerTokenFor(other)}"`);
    const html = `<body>${oldBanner}<p>Dang nhap ngay</p></body>`;
    const out = await act(mail([...HEAD, 'Content-Type: text/html; charset=utf-8', '', html, '']));
    expect(out.toString('latin1').match(/data-lachan-banner=/g)).toHaveLength(2);
    expect(out.toString('latin1')).toContain(`data-lachan-banner="${bannerTokenFor(warnPlan)}"`);
    // the same reasons: that banner already says what ours would, so it is not doubled
    const same = await act(mail([...HEAD, 'Content-Type: text/html; charset=utf-8', '', '<body>x</body>', '']));
    expect((await act(same)).equals(same)).toBe(true);
  });

  it('adds a banner whatever markers the part has when the gateway has no banner key', async () => {
    const quoted = `<body><table data-lachan-banner="${TEST_BANNER_KEY}"><tr><td>old</td></tr></table></body>`;
    const out = await act(mail([...HEAD, 'Content-Type: text/html; charset=utf-8', '', quoted, '']), planFor(verdictWith([]), [], { bannerKey: undefined }));
    expect(out.toString('latin1').match(/data-lachan-banner=/g)).toHaveLength(2);
  });

  it('passes a text part too big to hold through unchanged rather than buffering it', async () => {
    const line = 'y'.repeat(998);
    const big = Array.from({ length: Math.ceil((MAX_BANNER_PART_BYTES + 1000) / 1000) }, () => line);
    const raw = mail([...HEAD, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', ...big, '']);
    const out = await act(raw);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    expect(out.includes('[L\xc3\xa1 Ch', 0, 'latin1')).toBe(false);
  });

  it('adds no banner when the verdict does not warn', async () => {
    const raw = mail([...HEAD, 'Content-Type: text/plain', '', 'hello', '']);
    const out = await act(raw, planFor(verdictWith([], { warning: false })));
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    expect(out.toString('latin1')).not.toContain('[L');
  });
});

describe('the clean mail fixtures', () => {
  const dir = join(import.meta.dirname, '../../../test-fixtures/mail');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
  const TEXT_BANNER = /^\[Lá Chắn\][\s\S]*?(?:-{64,66}|-{8,} #[A-Za-z0-9_-]+-{0,2})\r?\n\r?\n/;
  const HTML_BANNER = /<!-- lachan-banner -->[\s\S]*?<!-- \/lachan-banner -->\r?\n/;

  it('are there to be checked', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file}: a mail reader sees the banner and then exactly the original text, HTML and attachments`, async () => {
      const raw = readFileSync(join(dir, file));
      const out = await act(raw);
      // text only from text/plain parts; windows-1258 decodes with separate tone marks: compare in NFC
      const before = await simpleParser(raw, { skipHtmlToText: true });
      const after = await simpleParser(out, { skipHtmlToText: true });
      if (before.text) {
        const text = (after.text ?? '').normalize('NFC');
        expect(text).toMatch(TEXT_BANNER);
        // every text body part gets one (a digest: its contents and its footer)
        expect(text.replace(new RegExp(TEXT_BANNER.source, 'gm'), '')).toBe(before.text.normalize('NFC'));
      }
      // and none went into a forwarded message or a digest member (there, in front of its header, it breaks it)
      expect((await parseMessage(out, DEFAULT_LIMITS)).problems).toEqual((await parseMessage(raw, DEFAULT_LIMITS)).problems);
      if (before.html) {
        expect(after.html).toMatch(HTML_BANNER);
        expect((after.html as string).replace(HTML_BANNER, '')).toBe(before.html);
      }
      expect(after.subject).toBe(before.subject);
      expect(after.attachments.map((a) => a.checksum)).toEqual(before.attachments.map((a) => a.checksum));
    });
  }
});
