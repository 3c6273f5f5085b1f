import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { applyActions, applyActionsToBuffer } from './index.js';
import { finding, mail, planFor, TEST_REF, utf8, verdictWith, withoutAdditions } from './testing.js';
import { LachanError } from '../errors.js';
import { Readable } from 'node:stream';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** mixed → [text, mixed → [pdf, exe], png]: parts 1, 2, 2.1, 2.2, 3 */
const NESTED = mail([
  'From: a@example.net',
  'Subject: nested',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'see attachments',
  '--outer',
  'Content-Type: multipart/mixed; boundary="inner"',
  '',
  '--inner',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  b64('%PDF-1.4 report'),
  '--inner',
  'Content-Type: application/octet-stream; name="invoice.pdf.exe"',
  'Content-Disposition: attachment; filename="invoice.pdf.exe"',
  'Content-Transfer-Encoding: base64',
  '',
  b64('MZ\x90\x00 evil'),
  '--inner--',
  '',
  '--outer',
  'Content-Type: image/png; name="logo.png"',
  'Content-Disposition: inline; filename="logo.png"',
  'Content-Transfer-Encoding: base64',
  '',
  b64('\x89PNG logo'),
  '--outer--',
  '',
]);

const exeVerdict = verdictWith(
  [finding('attachment.double-extension', 'invoice.pdf.exe', 'a2'), finding('attachment.dangerous-type', 'invoice.pdf.exe', 'a2')],
  { action: 'strip', strip: ['a2'], warning: true },
);

describe('strip', () => {
  it('numbers parts as mailparser does, so the partPath from the parser finds the part', async () => {
    const parsed = await simpleParser(NESTED);
    const ids = parsed.attachments.map((a) => [a.filename, (a as { partId?: string }).partId]);
    expect(ids).toEqual([
      ['report.pdf', '2.1'],
      ['invoice.pdf.exe', '2.2'],
      ['logo.png', '3'],
    ]);
  });

  it('replaces exactly the listed part of a nested multipart and keeps everything else byte for byte', async () => {
    const plan = planFor(exeVerdict, [{ id: 'a2', partPath: '2.2', filename: 'invoice.pdf.exe' }]);
    const out = await applyActionsToBuffer(NESTED, plan);
    const parsed = await simpleParser(out);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['report.pdf', 'invoice.pdf.exe.lachan-removed.txt', 'logo.png']);
    const notice = parsed.attachments[1]?.content.toString('utf8') ?? '';
    expect(parsed.attachments[1]?.contentType).toBe('text/plain');
    expect(notice).toContain('Tệp "invoice.pdf.exe" đã được Lá Chắn gỡ khỏi thư này');
    expect(notice).toContain('The file "invoice.pdf.exe" was removed');
    expect(notice).toContain('có hai đuôi tệp');
    expect(notice).toContain('can run programs');
    expect(notice).toContain('khu cách ly');
    expect(notice).toContain('quarantine');
    expect(notice).toContain(TEST_REF);
    expect(out.toString('latin1')).not.toContain(b64('MZ\x90\x00 evil'));

    // everything from the top down to the removed part's headers, and from its end on, is the input
    const input = NESTED.toString('latin1');
    const output = withoutAdditions(out).toString('latin1');
    const before = input.slice(input.indexOf('Subject: nested'), input.indexOf('Content-Type: application/octet-stream'));
    const after = input.slice(input.indexOf(b64('MZ\x90\x00 evil')) + b64('MZ\x90\x00 evil').length);
    expect(output).toContain(before);
    expect(output.endsWith(after)).toBe(true);
  });

  it('replaces a whole nested multipart, with every listed file inside it named in one notice', async () => {
    const verdict = verdictWith([finding('attachment.virus', 'report.pdf', 'a1'), finding('attachment.dangerous-type', 'invoice.pdf.exe', 'a2')], {
      action: 'strip',
    });
    const plan = planFor(verdict, [
      { id: 'a1', partPath: '2', filename: 'report.pdf' },
      { id: 'a2', partPath: '2.2', filename: 'invoice.pdf.exe' },
    ]);
    const out = await applyActionsToBuffer(NESTED, plan);
    expect(out.toString('latin1')).not.toContain('--inner');
    const parsed = await simpleParser(out);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['report.pdf.lachan-removed.txt', 'logo.png']);
    const notice = parsed.attachments[0]?.content.toString('utf8') ?? '';
    expect(notice).toContain('"report.pdf"');
    expect(notice).toContain('"invoice.pdf.exe"');
    expect(notice).toContain('chứa mã độc');
  });

  it('removes a forwarded message part with its insides', async () => {
    const raw = mail([
      'From: a@example.net',
      'Content-Type: multipart/mixed; boundary=o',
      '',
      '--o',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'fwd',
      '--o',
      'Content-Type: message/rfc822',
      'Content-Disposition: inline',
      '',
      'From: b@example.org',
      'Content-Type: multipart/mixed; boundary=i',
      '',
      '--i',
      'Content-Type: application/x-msdownload; name=run.exe',
      '',
      'MZ',
      '--i--',
      '--o--',
      '',
    ]);
    const verdict = verdictWith([finding('attachment.dangerous-type', 'run.exe', 'a1.a1')], { action: 'strip' });
    const out = await applyActionsToBuffer(raw, planFor(verdict, [{ id: 'a1.a1', partPath: '2', filename: 'run.exe' }]));
    const text = out.toString('latin1');
    expect(text).not.toContain('b@example.org');
    expect(text).toContain('run.exe.lachan-removed.txt');
    expect(text.endsWith('\r\n--o--\r\n')).toBe(true);
  });

  it('keeps what follows a removed last multipart: the outer closing delimiter and epilogue', async () => {
    const raw = mail([
      'From: a@example.net',
      'Content-Type: multipart/mixed; boundary=o',
      '',
      '--o',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'body',
      '--o',
      'Content-Type: multipart/mixed; boundary=i',
      '',
      '--i',
      'Content-Type: application/x-msdownload; name=run.exe',
      '',
      'MZ',
      '--i--',
      'inner epilogue',
      '--o--',
      'outer epilogue',
      '',
    ]);
    const verdict = verdictWith([finding('attachment.dangerous-type', 'run.exe', 'a1')], { action: 'strip', warning: false });
    const out = await applyActionsToBuffer(raw, planFor(verdict, [{ id: 'a1', partPath: '2', filename: 'run.exe' }]));
    const text = out.toString('latin1');
    expect(text).not.toMatch(/MZ|--i|inner epilogue/);
    expect(text.endsWith('\r\n--o--\r\nouter epilogue\r\n')).toBe(true);
    expect(text.startsWith(raw.toString('latin1').slice(0, raw.indexOf('--o\r\nContent-Type: multipart/mixed; boundary=i')), text.indexOf('From:'))).toBe(true);
  });

  it('names the replacement with RFC 2231 and cleans control and bidi characters from the name', async () => {
    const hostile = 'h\u00f3a \u0111\u01a1n\u202Efdp.exe';
    const raw = mail([
      'From: a@example.net',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'x',
      '--b',
      `Content-Type: application/octet-stream; name="=?UTF-8?B?${b64(utf8(hostile))}?="`,
      '',
      'MZ',
      '--b--',
      '',
    ]);
    const verdict = verdictWith([finding('attachment.rtlo', hostile, 'a1')], { action: 'strip' });
    const out = await applyActionsToBuffer(raw, planFor(verdict, [{ id: 'a1', partPath: '2', filename: hostile }]));
    const parsed = await simpleParser(out);
    expect(parsed.attachments[0]?.filename).toBe('hóa đơn fdp.exe.lachan-removed.txt');
    expect(parsed.attachments[0]?.content.toString('utf8')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    for (const line of out.toString('latin1').split('\r\n')) expect(line.length).toBeLessThan(100);
  });

  it('fails the stream when a part to strip is not in the message, so it is never delivered with it', async () => {
    const plan = planFor(exeVerdict, [{ id: 'a2', partPath: '7', filename: 'invoice.pdf.exe' }]);
    const err = await applyActionsToBuffer(NESTED, plan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LachanError);
    expect((err as LachanError).code).toBe('LC_SCAN_FAILED');
    expect((err as LachanError).message).toContain('MIME part 7');
  });

  it('fails the stream, not the process, when the input stream fails', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    const out = applyActions(broken, planFor(exeVerdict));
    const err = await new Promise((resolve) => {
      out.on('error', resolve);
      out.resume();
    });
    expect(err).toBeInstanceOf(LachanError);
    expect((err as Error).message).toContain('disk gone');
  });
});
