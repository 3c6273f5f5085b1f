import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { makePe, makePdf } from '../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { readCalendarFiles } from './calendar-files.js';
import { parseMessage, releaseMessage } from './index.js';
import type { ParsedMessage } from './types.js';
import { CRLF, foldIcs, ics as icsOf, icsAttachmentMail, inlineFile } from '../../../test-fixtures/calendar-invites.mjs';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ics = (eventLines: string[]) => icsOf(['SUMMARY:Hop giao ban', ...eventLines], { prodid: null, props: ['UID:cal-files@lachan.test'] });

const parsed: ParsedMessage[] = [];
async function parse(raw: Buffer, limits = DEFAULT_LIMITS): Promise<ParsedMessage> {
  const m = await parseMessage(raw, limits);
  parsed.push(m);
  return m;
}
afterEach(async () => {
  for (const m of parsed.splice(0)) await releaseMessage(m);
});

const PE = makePe();

describe('files carried inside calendar invitations (ATTACH;VALUE=BINARY)', () => {
  it('takes a folded inline file out as an attachment of its own: id under the calendar part, name, declared and true type, size, SHA-256', async () => {
    const m = await parse(icsAttachmentMail(ics([inlineFile('FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=invoice.pdf.exe', PE)])));
    expect(m.attachments.map((a) => a.id)).toEqual(['a1', 'a1.c1']);
    const [calendar, file] = m.attachments;
    expect(file).toMatchObject({
      filename: 'invoice.pdf.exe',
      contentType: 'application/pdf',
      disposition: 'attachment',
      trueType: { ext: 'exe' },
      size: PE.length,
      sha256: sha(PE),
      depth: 0,
      partPath: calendar!.partPath,
      carriedBy: 'a1',
    });
    expect((await file!.content.buffer()).equals(PE)).toBe(true);
    expect(m.problems).toEqual([]);
    expect(m.urls).toEqual([]);
  });

  it('reads the same bytes whatever the line width, and a name in FILENAME or X-ORACLE-FILENAME (the others become other names)', async () => {
    const pdf = makePdf('Chuong trinh hop');
    for (const width of [30, 75, 200_000]) {
      const m = await parse(icsAttachmentMail(ics([foldIcs(`ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY;FILENAME=agenda.pdf;X-ORACLE-FILENAME="ban:in.exe":${pdf.toString('base64')}`, width)])));
      const file = m.attachments[1]!;
      expect(file.sha256, `width ${width}`).toBe(sha(pdf));
      expect(file.filename).toBe('agenda.pdf');
      expect(file.otherNames).toEqual(['ban:in.exe']);
      expect(file.trueType?.ext).toBe('pdf');
    }
  });

  it('decodes VALUE=BINARY without ENCODING, and ENCODING=BASE64 without VALUE, as base64', async () => {
    const m = await parse(icsAttachmentMail(ics([inlineFile('VALUE=BINARY;X-FILENAME=a.exe', PE), inlineFile('ENCODING=BASE64;FMTTYPE=application/x-msdownload', PE)])));
    expect(m.attachments.slice(1).map((a) => [a.id, a.filename, a.contentType, a.sha256])).toEqual([
      ['a1.c1', 'a.exe', 'application/octet-stream', sha(PE)],
      ['a1.c2', '', 'application/x-msdownload', sha(PE)],
    ]);
  });

  it('leaves ATTACH by reference (VALUE=URI, or no VALUE) a link of the calendar, not a file', async () => {
    const m = await parse(icsAttachmentMail(ics(['ATTACH;VALUE=URI:https://docs.partner.example/agenda.pdf', 'ATTACH;FMTTYPE=application/pdf:https://files.partner.example/a.pdf'])));
    expect(m.attachments.map((a) => a.id)).toEqual(['a1']);
    expect(m.urls.map((u) => [u.url, u.source, u.partId])).toEqual([
      ['https://docs.partner.example/agenda.pdf', 'calendar', 'a1'],
      ['https://files.partner.example/a.pdf', 'calendar', 'a1'],
    ]);
  });

  it('reports bad base64 as a problem and still keeps what it decodes to, without failing', async () => {
    const good = PE.toString('base64');
    const m = await parse(icsAttachmentMail(ics([foldIcs(`ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=x.exe:${good.slice(0, 40)}*%$${good.slice(40)}`)])));
    expect(m.problems.map((p) => p.code)).toEqual(['bad-base64']);
    expect(m.problems[0]!.detail).toMatch(/^calendar file a1\.c1: invalid base64 character/);
    expect(m.attachments[1]!.sha256).toBe(sha(PE));
    // data after the padding is decoded too (readers differ: the file is scanned as the longest reading)
    const split = await parse(icsAttachmentMail(ics([foldIcs(`ATTACH;VALUE=BINARY;ENCODING=BASE64:${Buffer.from('MZ').toString('base64')}${Buffer.from('xyz').toString('base64')}`)])));
    expect(split.problems.map((p) => p.code)).toEqual(['bad-base64']);
    expect((await split.attachments[1]!.content.buffer()).toString('latin1')).toBe('MZxyz');
  });

  it('reads the whole calendar part, past the text it reads for links, and keeps a big file on disk', async () => {
    const big = Buffer.concat([PE, Buffer.alloc(1_500_000, 7)]);
    const filler = Array.from({ length: 50 }, (_, i) => `COMMENT:${'x'.repeat(60)} ${i}`);
    const m = await parse(icsAttachmentMail(ics([...filler, inlineFile('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=late.exe', big)])), { ...DEFAULT_LIMITS, maxTextBytes: 2000 });
    const file = m.attachments.find((a) => a.id === 'a1.c1')!;
    expect(file).toMatchObject({ filename: 'late.exe', size: big.length, sha256: sha(big), trueType: { ext: 'exe' } });
    expect(file.content.readAt).toBeDefined();
    expect(m.problems.map((p) => p.code)).toEqual(['text-too-long']);
  });

  it('gives the same files whatever the chunks the part arrives in', async () => {
    const text = ics([inlineFile('ENCODING=BASE64;VALUE=BINARY;X-FILENAME="a;b:c.exe"', PE), 'DESCRIPTION:x', inlineFile('VALUE=BINARY', Buffer.from('hello'))]);
    const bytes = Buffer.from(text);
    const read = async (size: number) => {
      const chunks = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const r = await readCalendarFiles(Readable.from(chunks), { maxFiles: 10, maxBytes: 1e9 });
      return Promise.all(r.files.map(async (f) => [f.filename, (await f.collector.done).content.sha256]));
    };
    const whole = await read(bytes.length);
    expect(whole).toEqual([
      ['a;b:c.exe', sha(PE)],
      ['', sha(Buffer.from('hello'))],
    ]);
    for (const size of [1, 2, 3, 77]) expect(await read(size), `chunks of ${size}`).toEqual(whole);
  });

  it('reads a UTF-16 calendar (by its charset or its byte order mark)', async () => {
    const text = ics([inlineFile('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=hoá-đơn.exe', PE)]);
    const m = await parse(icsAttachmentMail(iconv.encode(text, 'utf-16le', { addBOM: true })));
    expect(m.attachments[1]).toMatchObject({ filename: 'hoá-đơn.exe', sha256: sha(PE) });
    const be = await parse(icsAttachmentMail(iconv.encode(text, 'utf-16be'), 'text/calendar; charset=utf-16be'));
    expect(be.attachments[1]).toMatchObject({ filename: 'hoá-đơn.exe', sha256: sha(PE) });
  });

  it('numbers the files of an invitation inside a forwarded message below it, with the way down to the calendar part', async () => {
    const inner = icsAttachmentMail(ics([inlineFile('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=a.exe', PE)])).toString('latin1');
    const raw = Buffer.from(['From: c@lachan.test', 'To: d@lachan.test', 'Subject: Fwd', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="o"', '', '--o', 'Content-Type: text/plain', '', 'fwd', '--o', 'Content-Type: message/rfc822', '', inner, '--o--', ''].join(CRLF), 'latin1');
    const m = await parse(raw);
    const file = m.attachments.find((a) => a.filename === 'a.exe')!;
    const calendar = m.attachments.find((a) => a.id === file.carriedBy)!;
    expect(file.id).toBe('a1.a1.c1');
    expect(calendar.id).toBe('a1.a1');
    expect({ partPath: file.partPath, nestedPath: file.nestedPath }).toEqual({ partPath: calendar.partPath, nestedPath: calendar.nestedPath });
    expect(file.sha256).toBe(sha(PE));
  });

  it('stops at the count cap and the byte cap with a problem that holds the message (unscannable), never a crash', async () => {
    const five = ics(Array.from({ length: 5 }, (_, i) => inlineFile(`ENCODING=BASE64;VALUE=BINARY;X-FILENAME=f${i}.bin`, Buffer.from(`file ${i}`))));
    const counted = await readCalendarFiles(Readable.from([Buffer.from(five)]), { maxFiles: 3, maxBytes: 1e9 });
    expect(counted.files).toHaveLength(3);
    expect(counted.stopped).toBe('more than 3 files in calendar invitations');

    const m = await parse(icsAttachmentMail(ics([inlineFile('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=big.exe', PE), inlineFile('VALUE=BINARY;X-FILENAME=next.exe', PE)])), {
      ...DEFAULT_LIMITS,
      archiveMaxTotalBytes: 100,
    });
    expect(m.problems.map((p) => p.code)).toEqual(['calendar-file-limit']);
    expect(m.problems[0]!.detail).toMatch(/more than 100 bytes of files in calendar invitations; big\.exe was cut there/);
    // the part cut at the cap is still an attachment (its start is checked: it is a program)
    expect(m.attachments.slice(1).map((a) => [a.filename, a.size, a.trueType?.ext])).toEqual([['big.exe', 100, 'exe']]);
  });

  it('skips a broken head (unterminated quote, no colon) and reads the next property', async () => {
    const m = await parse(icsAttachmentMail(ics(['ATTACH;VALUE=BINARY;X-FILENAME="open:TVqQ', 'ATTACH;VALUE=BINARY', inlineFile('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=ok.exe', PE)])));
    expect(m.attachments.slice(1).map((a) => [a.filename, a.sha256])).toEqual([['ok.exe', sha(PE)]]);
  });
});

/**
 * A carried file that is itself a message or a calendar gets the reading any attachment of its kind
 * gets (parse/index.ts inspectCarried): a .eml is parsed as a nested message, its links marked with
 * its id; an .ics is read as a calendar, its links and text, and the files it carries in turn.
 * Carrying is nesting: past limits.archiveMaxDepth invitations deep the message is depth-exceeded.
 */
describe('messages and calendars carried inside calendar invitations', () => {
  const mail = (body: string, extra: string[] = []) =>
    Buffer.from(['From: x@outside.example', 'To: b@lachan.test', 'Subject: Ho so', 'MIME-Version: 1.0', ...extra, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join(CRLF));

  it('parses a carried .eml (message/rfc822, or a .eml without a type) as a nested message, its links marked with its id', async () => {
    for (const params of ['FMTTYPE=message/rfc822;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=ho-so.eml', 'ENCODING=BASE64;VALUE=BINARY;X-FILENAME=ho-so.eml']) {
      const m = await parse(icsAttachmentMail(ics([inlineFile(params, mail('Xem ho so tai https://hoso-xem.example/d/1'))])));
      expect(m.attachments.map((a) => a.id), params).toEqual(['a1', 'a1.c1']);
      expect(m.nested.map((n) => n.subject)).toEqual(['Ho so']);
      expect(m.urls.map((u) => [u.host, u.partId])).toEqual([['hoso-xem.example', 'a1.c1']]);
      expect(m.problems).toEqual([]);
    }
  });

  it('marks what a carried message holds as carried too (act/ cannot remove it from the invitation)', async () => {
    const inner = Buffer.from(
      ['From: x@outside.example', 'To: b@lachan.test', 'Subject: Ho so', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Xem tep.', '--b', 'Content-Type: application/octet-stream; name="hoa-don.exe"', 'Content-Transfer-Encoding: base64', '', PE.toString('base64'), '--b--', ''].join(CRLF),
    );
    const m = await parse(icsAttachmentMail(ics([inlineFile('FMTTYPE=message/rfc822;VALUE=BINARY;ENCODING=BASE64;X-FILENAME=fw.eml', inner)])));
    expect(m.attachments.map((a) => [a.id, a.carriedBy])).toEqual([
      ['a1', undefined],
      ['a1.c1', 'a1'],
      ['a1.c1.a1', 'a1.c1'],
    ]);
    expect(m.attachments[2]).toMatchObject({ filename: 'hoa-don.exe', sha256: sha(PE) });
  });

  it('leaves a carried file of another kind a file: a PDF is not read for links', async () => {
    const m = await parse(icsAttachmentMail(ics([inlineFile('FMTTYPE=application/pdf;VALUE=BINARY;ENCODING=BASE64;X-FILENAME=a.pdf', makePdf('https://not-read.example/x'))])));
    expect(m.urls).toEqual([]);
    expect(m.nested).toEqual([]);
  });

  it('reads a carried .ics as a calendar: its links (source calendar, its id), its text, the files it carries', async () => {
    const innerIcs = ics(['DESCRIPTION:Tai lieu hop: https://lich-trong.example/t', inlineFile('VALUE=BINARY;ENCODING=BASE64;X-FILENAME=a.exe', PE)]);
    const m = await parse(icsAttachmentMail(ics([inlineFile('FMTTYPE=text/calendar;VALUE=BINARY;ENCODING=BASE64;X-FILENAME=lich.ics', innerIcs)])));
    expect(m.attachments.map((a) => [a.id, a.carriedBy])).toEqual([
      ['a1', undefined],
      ['a1.c1', 'a1'],
      ['a1.c1.c1', 'a1.c1'],
    ]);
    expect(m.urls.map((u) => [u.host, u.source, u.partId])).toEqual([['lich-trong.example', 'calendar', 'a1.c1']]);
    expect(m.calendarText).toContain('Tai lieu hop: https://lich-trong.example/t');
    expect(m.attachments[2]!.sha256).toBe(sha(PE));
  });

  it('stops a calendar carrying a calendar carrying ... at limits.archiveMaxDepth: depth-exceeded, the deeper ones unread', async () => {
    let calendar = ics(['URL:https://level-5.example/']);
    for (let level = 4; level >= 0; level--) calendar = ics([`URL:https://level-${level}.example/`, inlineFile('VALUE=BINARY;ENCODING=BASE64;X-FILENAME=next.ics', Buffer.from(calendar))]);
    const m = await parse(icsAttachmentMail(calendar), { ...DEFAULT_LIMITS, archiveMaxDepth: 2 });
    expect(m.urls.map((u) => u.host)).toEqual(['level-0.example', 'level-1.example', 'level-2.example']);
    expect(m.problems.map((p) => [p.code, p.detail])).toEqual([['depth-exceeded', 'calendar file a1.c1.c1.c1: carried more than 2 invitations deep; it was not read']]);
    // the defaults read the whole chain
    const all = await parse(icsAttachmentMail(calendar), { ...DEFAULT_LIMITS, archiveMaxDepth: 10 });
    expect(all.urls.map((u) => u.host)).toHaveLength(6);
    expect(all.problems).toEqual([]);
  });

  it('counts a message carried in a calendar carried in a calendar on the same depth', async () => {
    const eml = inlineFile('FMTTYPE=message/rfc822;VALUE=BINARY;ENCODING=BASE64;X-FILENAME=m.eml', mail('https://deep-mail.example/x'));
    const two = ics([inlineFile('VALUE=BINARY;ENCODING=BASE64;X-FILENAME=in.ics', Buffer.from(ics([eml])))]);
    const m = await parse(icsAttachmentMail(two), { ...DEFAULT_LIMITS, archiveMaxDepth: 1 });
    expect(m.urls).toEqual([]);
    expect(m.problems.map((p) => p.code)).toEqual(['depth-exceeded']);
    const ok = await parse(icsAttachmentMail(two), { ...DEFAULT_LIMITS, archiveMaxDepth: 2 });
    expect(ok.urls.map((u) => [u.host, u.partId])).toEqual([['deep-mail.example', 'a1.c1.c1']]);
  });
});
