import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { makePe, makePdf } from '../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { readCalendarFiles } from './calendar-files.js';
import { parseMessage, releaseMessage } from './index.js';
import type { ParsedMessage } from './types.js';

const CRLF = '\r\n';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An RFC 5545 content line folded at 75 octets, as Outlook writes it. */
function fold(line: string, width = 75): string {
  const out = [line.slice(0, width)];
  for (let i = width; i < line.length; i += width - 1) out.push(` ${line.slice(i, i + width - 1)}`);
  return out.join(CRLF);
}

function ics(eventLines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'UID:cal-files@lachan.test', 'SUMMARY:Hop giao ban', ...eventLines, 'END:VEVENT', 'END:VCALENDAR', ''].join(CRLF);
}

/** A message with a text part and the calendar as an .ics attachment (base64, as Google sends invite.ics). */
function invite(calendar: string | Buffer, contentType = 'text/calendar; method=REQUEST'): Buffer {
  const bytes = Buffer.isBuffer(calendar) ? calendar : Buffer.from(calendar, 'utf8');
  return Buffer.from(
    [
      'From: a@partner.example',
      'To: b@lachan.test',
      'Subject: Hop',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Kinh moi du hop.',
      '--b',
      `Content-Type: ${contentType}; name="invite.ics"`,
      'Content-Disposition: attachment; filename="invite.ics"',
      'Content-Transfer-Encoding: base64',
      '',
      bytes.toString('base64').replace(/.{76}/g, `$&${CRLF}`),
      '--b--',
      '',
    ].join(CRLF),
  );
}

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
const attach = (params: string, data: Buffer) => fold(`ATTACH;${params}:${data.toString('base64')}`);

describe('files carried inside calendar invitations (ATTACH;VALUE=BINARY)', () => {
  it('takes a folded inline file out as an attachment of its own: id under the calendar part, name, declared and true type, size, SHA-256', async () => {
    const m = await parse(invite(ics([attach('FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=invoice.pdf.exe', PE)])));
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
      const m = await parse(invite(ics([fold(`ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY;FILENAME=agenda.pdf;X-ORACLE-FILENAME="ban:in.exe":${pdf.toString('base64')}`, width)])));
      const file = m.attachments[1]!;
      expect(file.sha256, `width ${width}`).toBe(sha(pdf));
      expect(file.filename).toBe('agenda.pdf');
      expect(file.otherNames).toEqual(['ban:in.exe']);
      expect(file.trueType?.ext).toBe('pdf');
    }
  });

  it('decodes VALUE=BINARY without ENCODING, and ENCODING=BASE64 without VALUE, as base64', async () => {
    const m = await parse(invite(ics([attach('VALUE=BINARY;X-FILENAME=a.exe', PE), attach('ENCODING=BASE64;FMTTYPE=application/x-msdownload', PE)])));
    expect(m.attachments.slice(1).map((a) => [a.id, a.filename, a.contentType, a.sha256])).toEqual([
      ['a1.c1', 'a.exe', 'application/octet-stream', sha(PE)],
      ['a1.c2', '', 'application/x-msdownload', sha(PE)],
    ]);
  });

  it('leaves ATTACH by reference (VALUE=URI, or no VALUE) a link of the calendar, not a file', async () => {
    const m = await parse(invite(ics(['ATTACH;VALUE=URI:https://docs.partner.example/agenda.pdf', 'ATTACH;FMTTYPE=application/pdf:https://files.partner.example/a.pdf'])));
    expect(m.attachments.map((a) => a.id)).toEqual(['a1']);
    expect(m.urls.map((u) => [u.url, u.source, u.partId])).toEqual([
      ['https://docs.partner.example/agenda.pdf', 'calendar', 'a1'],
      ['https://files.partner.example/a.pdf', 'calendar', 'a1'],
    ]);
  });

  it('reports bad base64 as a problem and still keeps what it decodes to, without failing', async () => {
    const good = PE.toString('base64');
    const m = await parse(invite(ics([fold(`ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=x.exe:${good.slice(0, 40)}*%$${good.slice(40)}`)])));
    expect(m.problems.map((p) => p.code)).toEqual(['bad-base64']);
    expect(m.problems[0]!.detail).toMatch(/^calendar file a1\.c1: invalid base64 character/);
    expect(m.attachments[1]!.sha256).toBe(sha(PE));
    // data after the padding is decoded too (readers differ: the file is scanned as the longest reading)
    const split = await parse(invite(ics([fold(`ATTACH;VALUE=BINARY;ENCODING=BASE64:${Buffer.from('MZ').toString('base64')}${Buffer.from('xyz').toString('base64')}`)])));
    expect(split.problems.map((p) => p.code)).toEqual(['bad-base64']);
    expect((await split.attachments[1]!.content.buffer()).toString('latin1')).toBe('MZxyz');
  });

  it('reads the whole calendar part, past the text it reads for links, and keeps a big file on disk', async () => {
    const big = Buffer.concat([PE, Buffer.alloc(1_500_000, 7)]);
    const filler = Array.from({ length: 50 }, (_, i) => `COMMENT:${'x'.repeat(60)} ${i}`);
    const m = await parse(invite(ics([...filler, attach('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=late.exe', big)])), { ...DEFAULT_LIMITS, maxTextBytes: 2000 });
    const file = m.attachments.find((a) => a.id === 'a1.c1')!;
    expect(file).toMatchObject({ filename: 'late.exe', size: big.length, sha256: sha(big), trueType: { ext: 'exe' } });
    expect(file.content.readAt).toBeDefined();
    expect(m.problems.map((p) => p.code)).toEqual(['text-too-long']);
  });

  it('gives the same files whatever the chunks the part arrives in', async () => {
    const text = ics([attach('ENCODING=BASE64;VALUE=BINARY;X-FILENAME="a;b:c.exe"', PE), 'DESCRIPTION:x', attach('VALUE=BINARY', Buffer.from('hello'))]);
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
    const text = ics([attach('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=hoá-đơn.exe', PE)]);
    const m = await parse(invite(iconv.encode(text, 'utf-16le', { addBOM: true })));
    expect(m.attachments[1]).toMatchObject({ filename: 'hoá-đơn.exe', sha256: sha(PE) });
    const be = await parse(invite(iconv.encode(text, 'utf-16be'), 'text/calendar; charset=utf-16be'));
    expect(be.attachments[1]).toMatchObject({ filename: 'hoá-đơn.exe', sha256: sha(PE) });
  });

  it('numbers the files of an invitation inside a forwarded message below it, with the way down to the calendar part', async () => {
    const inner = invite(ics([attach('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=a.exe', PE)])).toString('latin1');
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
    const five = ics(Array.from({ length: 5 }, (_, i) => attach(`ENCODING=BASE64;VALUE=BINARY;X-FILENAME=f${i}.bin`, Buffer.from(`file ${i}`))));
    const counted = await readCalendarFiles(Readable.from([Buffer.from(five)]), { maxFiles: 3, maxBytes: 1e9 });
    expect(counted.files).toHaveLength(3);
    expect(counted.stopped).toBe('more than 3 files in calendar invitations');

    const m = await parse(invite(ics([attach('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=big.exe', PE), attach('VALUE=BINARY;X-FILENAME=next.exe', PE)])), {
      ...DEFAULT_LIMITS,
      archiveMaxTotalBytes: 100,
    });
    expect(m.problems.map((p) => p.code)).toEqual(['calendar-file-limit']);
    expect(m.problems[0]!.detail).toMatch(/more than 100 bytes of files in calendar invitations; big\.exe was cut there/);
    // the part cut at the cap is still an attachment (its start is checked: it is a program)
    expect(m.attachments.slice(1).map((a) => [a.filename, a.size, a.trueType?.ext])).toEqual([['big.exe', 100, 'exe']]);
  });

  it('skips a broken head (unterminated quote, no colon) and reads the next property', async () => {
    const m = await parse(invite(ics(['ATTACH;VALUE=BINARY;X-FILENAME="open:TVqQ', 'ATTACH;VALUE=BINARY', attach('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=ok.exe', PE)])));
    expect(m.attachments.slice(1).map((a) => [a.filename, a.sha256])).toEqual([['ok.exe', sha(PE)]]);
  });
});
