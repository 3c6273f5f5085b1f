import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makePdf, makePe } from '../../../test-fixtures/attachments/payloads.mjs';
import { CRLF, ics as icsOf, icsAttachmentMail, inlineFile } from '../../../test-fixtures/calendar-invites.mjs';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { fakeClamd } from '../scan/attachments/test-helpers.js';
import { attachmentMail, shippedPolicyVerdicts } from '../scan/shipped-verdict.js';
import { partNamer } from '../scan/urls/index.js';
import { parseMessage, releaseMessage, savedHeaders } from './index.js';
import type { ParsedMessage } from './types.js';

/**
 * A saved message (.eml) attached with the wrong type — text/plain or application/octet-stream, as
 * careless clients send one, or carried in a calendar invitation with such a type — is read as a
 * forwarded message when its content starts with a message's header block (parse/index.ts
 * savedMessage): its links marked with its id, its files attachments of their own (carried: act/
 * cannot remove them from inside a part it does not open). Not by the name alone.
 */
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = makePdf('https://hoa-don-xem.example/d/7') as Buffer;

/** A saved message: a short text with a link, and hoa-don.pdf. */
const SAVED = Buffer.from(
  [
    'Received: from mail.partner.example (mail.partner.example [203.0.113.7])',
    '\tby mx.lachan.test; Mon, 4 Nov 2024 08:00:00 +0700',
    'From: Ke Toan <ke.toan@partner.example>',
    'To: b@lachan.test',
    'Subject: Hoa don thang 10',
    'Date: Mon, 4 Nov 2024 08:00:00 +0700',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="in"',
    '',
    '--in',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Xem hoa don tai https://hoso-xem.example/d/1',
    '--in',
    'Content-Type: application/pdf; name="hoa-don.pdf"',
    'Content-Disposition: attachment; filename="hoa-don.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    PDF.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--in--',
    '',
  ].join(CRLF),
);

/** A message with `file` attached as `type` named `name` (base64). */
const withFile = (file: Buffer, type: string, name: string): Buffer =>
  Buffer.from(attachmentMail(name, type, file, { from: 'a@outside.example', subject: 'Fw: hoa don', text: 'Gui anh thu dinh kem.' }));

const parsed: ParsedMessage[] = [];
async function parse(raw: Buffer): Promise<ParsedMessage> {
  const m = await parseMessage(raw, DEFAULT_LIMITS);
  parsed.push(m);
  return m;
}
afterEach(async () => {
  for (const m of parsed.splice(0)) await releaseMessage(m);
});

describe('a saved .eml attached as text/plain or application/octet-stream (parse/index.ts savedMessage)', () => {
  it.each(['text/plain', 'application/octet-stream'])('is read as a forwarded message when typed %s: its text, links and files', async (type) => {
    const m = await parse(withFile(SAVED, type, 'Hoa don thang 10.eml'));
    expect(m.nested.map((n) => n.subject)).toEqual(['Hoa don thang 10']);
    expect(m.attachments.map((a) => [a.id, a.filename, a.carriedBy, a.readAsMessage])).toEqual([
      ['a1', 'Hoa don thang 10.eml', undefined, true],
      // act/ opens only message/rfc822 parts: what this one holds cannot be removed alone
      ['a1.a1', 'hoa-don.pdf', 'a1', undefined],
    ]);
    expect(m.attachments[1]!.sha256).toBe(sha(PDF));
    expect(m.urls.map((u) => [u.host, u.partId])).toEqual([['hoso-xem.example', 'a1']]);
    // a finding about its link names a forwarded message, as for a message/rfc822 part
    expect(partNamer(m)(m.urls[0]!)).toEqual({ id: 'a1', kind: 'forwarded-message' });
    expect(m.problems).toEqual([]);
  });

  it('stays a text file when its content is not a message (the name alone decides nothing), or when it is not named .eml', async () => {
    const notes = await parse(withFile(Buffer.from('Ghi chu cuoc hop.\r\nTai lieu: https://ghi-chu.example/t\r\n'), 'text/plain', 'ghi-chu.eml'));
    expect([notes.nested, notes.attachments.map((a) => a.readAsMessage)]).toEqual([[], [undefined]]);
    expect(notes.urls.map((u) => [u.host, u.partId])).toEqual([['ghi-chu.example', 'a1']]);
    // headers pasted in a text file for IT to look at: text
    const headers = await parse(withFile(SAVED, 'text/plain', 'headers.txt'));
    expect(headers.nested).toEqual([]);
    expect(headers.attachments.map((a) => a.id)).toEqual(['a1']);
  });

  it('is read as a forwarded message when a calendar invitation carries it typed text/plain', async () => {
    const calendar = icsOf(['SUMMARY:Hop', inlineFile('FMTTYPE=text/plain;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=ho-so.eml', SAVED)], { prodid: null, props: ['UID:saved@lachan.test'] });
    const m = await parse(icsAttachmentMail(calendar));
    expect(m.nested.map((n) => n.subject)).toEqual(['Hoa don thang 10']);
    expect(m.attachments.map((a) => [a.id, a.carriedBy])).toEqual([
      ['a1', undefined],
      ['a1.c1', 'a1'],
      ['a1.c1.a1', 'a1.c1'],
    ]);
    expect(m.urls.map((u) => [u.host, u.partId])).toEqual([['hoso-xem.example', 'a1.c1']]);
  });
});

describe('a saved .eml holding a program, under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd() });
  const withProgram = Buffer.from(
    SAVED.toString('latin1')
      .replace('application/pdf; name="hoa-don.pdf"', 'application/octet-stream; name="hoa-don.exe"')
      .replace('filename="hoa-don.pdf"', 'filename="hoa-don.exe"')
      .replace(PDF.toString('base64').replace(/.{76}/g, '$&\r\n'), (makePe() as Buffer).toString('base64').replace(/.{76}/g, '$&\r\n')),
    'latin1',
  );

  it('holds the message typed text/plain (act/ cannot remove the program from inside it), strips it from a message/rfc822', async () => {
    const rfc822 = await verdict(attachmentMail('fw.eml', 'message/rfc822', withProgram));
    expect([rfc822.action, rfc822.strip]).toEqual(['deliver', ['a1.a1']]);
    const saved = await verdict(attachmentMail('fw.eml', 'text/plain', withProgram));
    expect(saved.findings.some((f) => f.attachment === 'a1.a1')).toBe(true);
    expect([saved.action, saved.strip]).toEqual(['quarantine', []]);
  });
});

describe('what starts like a message (savedHeaders)', () => {
  const h = (lines: string[], whole = true) => savedHeaders(Buffer.from(lines.join('\r\n')), whole);
  it('a header block of at least two of From, To, Subject, Date, Received, MIME-Version, up to a blank line', () => {
    expect(h(['From: a@b.example', 'Subject: x', '', 'body'])).toBe(true);
    expect(h(['Received: from x', '\tby y; Mon, 4 Nov 2024', 'X-Mailer: z', 'Date: Mon, 4 Nov 2024 08:00:00 +0700', '', ''])).toBe(true);
    // a byte-order mark, an mbox From line, LF line ends
    expect(savedHeaders(Buffer.from('\ufeffFrom sender@x Mon Nov  4 08:00:00 2024\nFrom: a@b.example\nTo: c@d.example\n\nhi'), true)).toBe(true);
    // headers only (the file ends there)
    expect(h(['From: a@b.example', 'To: c@d.example'])).toBe(true);
  });
  it('not a text with a colon in it, one field, a line that is no field, nor a block the window cuts', () => {
    expect(h(['Ghi chu: hop luc 8h', 'Noi dung: bao cao', '', 'x'])).toBe(false);
    expect(h(['Subject: x', '', 'body'])).toBe(false);
    expect(h(['From: a@b.example', 'this is text', 'Subject: x', '', 'body'])).toBe(false);
    expect(h([' From: a@b.example', 'Subject: x', ''])).toBe(false);
    expect(h(['From: a@b.example', 'Subject: x', 'X-Long: …'], false)).toBe(false);
  });
});
