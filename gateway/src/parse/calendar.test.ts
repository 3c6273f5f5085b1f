import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { contentLine, decodeCalendar, MAX_CALENDAR_LINES, readCalendar, unescapeText, unfoldLines } from './calendar.js';
import { parseMessage } from './index.js';
import type { ParsedMessage } from './types.js';
import { CRLF, googleInvite, ics, outlookInvite } from '../../../test-fixtures/calendar-invites.mjs';

/** Outlook's invitation (the calendar part in base64, as Outlook sends it) with this plain text and HTML. */
const outlook = (plain: string, html: string, calendar: string) => outlookInvite({ plain, html, calendar, encoding: 'base64' });

const calendarUrls = (m: ParsedMessage) => m.urls.filter((u) => u.source === 'calendar');

describe('iCalendar reading (calendar.ts)', () => {
  it('unfolds continuation lines (CRLF or LF, then one space or tab)', () => {
    const { lines } = unfoldLines('DESCRIPTION:Join at https://meet.exa\r\n mple/abc\r\n\tdef\nSUMMARY:x\n', 100);
    expect(lines).toEqual(['DESCRIPTION:Join at https://meet.example/abcdef', 'SUMMARY:x']);
  });

  it('unescapes TEXT values', () => {
    expect(unescapeText('a\\, b\\; c\\\\d\\ne\\Nf\\:g')).toBe('a, b; c\\d\ne\nf\\:g');
  });

  it('reads parameters, quoted ones with colons and semicolons included', () => {
    const line = contentLine('DESCRIPTION;ALTREP="https://alt.example/a;b:c";LANGUAGE=vi:Nội dung: xem');
    expect(line?.name).toBe('DESCRIPTION');
    expect(line?.params.get('ALTREP')).toBe('https://alt.example/a;b:c');
    expect(line?.value).toBe('Nội dung: xem');
    expect(contentLine('no colon here')).toBeUndefined();
    expect(contentLine('X;P="unterminated:value')).toBeUndefined();
  });

  it('takes URL, ATTACH by reference, CONFERENCE, ALTREP and X- meeting links; not inline binaries nor mailto organisers', () => {
    const read = readCalendar(
      ics([
        'ORGANIZER;CN=Someone:mailto:someone@elsewhere.example',
        'URL:https://event.example/e/1',
        'ATTACH;FMTTYPE=application/pdf:https://files.example/agenda.pdf',
        'ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY:JVBERi0xLjQKaHR0cHM6Ly9pbmxpbmUuZXhhbXBsZS8=',
        'CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://conf.example/room',
        'LOCATION;ALTREP="https://map.example/place":Phong 2',
        'X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij',
        'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
      ]),
    );
    expect(read.uris).toEqual([
      'https://event.example/e/1',
      'https://files.example/agenda.pdf',
      'https://conf.example/room',
      'https://map.example/place',
      'https://meet.google.com/abc-defg-hij',
    ]);
  });

  it('decodes the declared charset; UTF-8 by default', () => {
    const latin = 'SUMMARY:Réunion d’équipe';
    expect(decodeCalendar(iconv.encode(latin, 'windows-1252'), '"Windows-1252"')).toBe(latin);
    expect(decodeCalendar(iconv.encode(latin, 'windows-1252'), undefined)).not.toBe(latin);
    const text = 'SUMMARY:Họp giao ban';
    expect(decodeCalendar(Buffer.from(`\uFEFF${text}`, 'utf8'), undefined)).toBe(text);
    expect(decodeCalendar(Buffer.from(text, 'utf8'), 'no-such-charset')).toBe(text);
  });

  it('reads a broken calendar as far as it goes: no END:VCALENDAR, junk lines, an unterminated quote', () => {
    const read = readCalendar(
      ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'garbage without colon', 'X-P;A="oops:https://nowhere.example', 'URL:https://kept.example/x', 'DESCRIPTION:see https://desc.example/y'].join(
        '\n',
      ),
    );
    expect(read.uris).toEqual(['https://kept.example/x']);
    expect(read.texts).toEqual(['see https://desc.example/y']);
    expect(readCalendar('').uris).toEqual([]);
    expect(readCalendar('\u0000\u0001:::;;;"\r\n \r\n\t').uris).toEqual([]);
  });

  it('stops at the line and event limits', () => {
    const many = Array.from({ length: 50 }, (_, i) => `BEGIN:VEVENT\nURL:https://e${i}.example/\nEND:VEVENT`).join('\n');
    const events = readCalendar(many, { maxEvents: 10 });
    expect(events.uris).toHaveLength(10);
    expect(events.stopped).toBe('more than 10 events');
    const lines = readCalendar(many, { maxLines: 7 });
    expect(lines.uris).toHaveLength(2);
    expect(lines.stopped).toBe('more than 7 lines');
  });
});

describe('calendar invitations in messages', () => {
  it('Outlook: reads the text/calendar alternative, a link folded in the middle, escaped commas', async () => {
    const calendar = ics([
      'SUMMARY;LANGUAGE=vi-VN:Họp giao ban\\, tuần 45',
      'LOCATION:Phòng họp 2\\; tầng 3',
      // the folding cuts the host name in two: only the unfolded line has the link
      'DESCRIPTION;LANGUAGE=vi-VN:Vui lòng xem tài liệu trước cuộc họp: https://docs-revi',
      ' ew.example/share?id=1\\,2\\nTham gia cuộc họp\\, bấm: https://teams.microsoft.com/l/meetup-',
      ' join/19%3ameeting_abc',
    ]);
    const m = await parseMessage(outlook('Moi anh chi hop giao ban.', '<p>Moi anh chi hop giao ban.</p>', calendar), DEFAULT_LIMITS);
    expect(m.problems).toEqual([]);
    const cal = calendarUrls(m);
    expect(cal.map((u) => u.url)).toEqual(['https://docs-review.example/share?id=1,2', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc']);
    const part = m.attachments.find((a) => a.contentType === 'text/calendar')!;
    expect(cal.every((u) => u.partId === part.id)).toBe(true);
    expect(m.calendarText).toContain('Họp giao ban, tuần 45');
    expect(m.calendarText).toContain('Phòng họp 2; tầng 3');
    expect(m.calendarText).toContain('Tham gia cuộc họp, bấm:');
  });

  it('Outlook: a DESCRIPTION that repeats the body is not read twice', async () => {
    const body = 'Kinh moi anh chi tham du cuoc hop giao ban tuan 45 tai phong 2.';
    const m = await parseMessage(outlook(body, `<p>${body}</p>`, ics(['SUMMARY:Giao ban', `DESCRIPTION:${body}\\n`])), DEFAULT_LIMITS);
    expect(m.calendarText).toBe('Giao ban');
  });

  it('Google: reads the inline text/calendar and the invite.ics attachment, the same event once in calendarText', async () => {
    const event = ['SUMMARY:Review Q4', 'DESCRIPTION:Review the document before the meeting: https://drive.example/d/1', 'X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij'];
    const m = await parseMessage(googleInvite({ calendar: ics(event), attached: ics([...event, 'URL:https://calendar.google.com/event?eid=1']) }), DEFAULT_LIMITS);
    expect(m.problems).toEqual([]);
    const [inline, attached] = m.attachments.filter((a) => a.contentType === 'text/calendar' || a.filename === 'invite.ics').map((a) => a.id);
    expect(attached).toBeDefined();
    // a link in both parts is kept once, with the part it was first seen in
    expect(calendarUrls(m).map((u) => [u.host, u.partId])).toEqual([
      ['meet.google.com', inline],
      ['drive.example', inline],
      ['calendar.google.com', attached],
    ]);
    expect(m.calendarText).toBe('Review Q4\nReview the document before the meeting: https://drive.example/d/1');
  });

  it('X-ALT-DESC HTML: its hrefs are calendar links with their text, its pictures stay pictures', async () => {
    const calendar = ics([
      'SUMMARY:Ky hop dong',
      'X-ALT-DESC;FMTTYPE=text/html:<html><body><p>Xem hop dong</p><a href="https://sign-doc.',
      ' example/c?x=1\\,2">Mo tai lieu</a><img src="https://cdn.example/logo.png"></body></html>',
    ]);
    const m = await parseMessage(outlook('Hop dong', '<p>Hop dong</p>', calendar), DEFAULT_LIMITS);
    const href = m.urls.find((u) => u.host === 'sign-doc.example');
    expect(href).toMatchObject({ source: 'calendar', text: 'Mo tai lieu', url: 'https://sign-doc.example/c?x=1,2' });
    expect(href?.partId).toBeDefined();
    expect(m.urls.find((u) => u.host === 'cdn.example')).toMatchObject({ source: 'src', partId: href?.partId });
    // no DESCRIPTION: the HTML description's text is what the calendar shows
    expect(m.calendarText).toContain('Xem hop dong');
  });

  it('a malformed invite (no END:VCALENDAR, junk lines) still gives its links, without throwing', async () => {
    const calendar = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'junk line', 'URL:https://still-read.example/x', 'DESCRIPTION:Bấm https://also-read.example/y'].join(CRLF);
    const m = await parseMessage(outlook('x', '<p>x</p>', calendar), DEFAULT_LIMITS);
    expect(calendarUrls(m).map((u) => u.host)).toEqual(['still-read.example', 'also-read.example']);
  });

  it('a 100,000-line invite stays bounded (lines, URLs) and says so', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `DESCRIPTION:see https://h${i}.example/`);
    const calendar = ics(lines);
    const started = Date.now();
    const m = await parseMessage(outlook('x', '<p>x</p>', calendar), { ...DEFAULT_LIMITS, maxUrls: 500 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(calendarUrls(m)).toHaveLength(500);
    expect(m.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['too-many-urls', 'text-too-long']));
    expect(m.problems.find((p) => p.code === 'text-too-long')?.detail).toContain(`more than ${MAX_CALENDAR_LINES} lines`);
    expect(Buffer.byteLength(m.calendarText)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTextBytes);
  });

  it('decodes the calendar part in its declared charset', async () => {
    const head = Buffer.from(
      ['From: a@sender.example', 'To: b@lachan.test', 'Subject: Lich', 'MIME-Version: 1.0', 'Content-Type: text/calendar; charset="windows-1252"; method=REQUEST', 'Content-Transfer-Encoding: 8bit', '', ''].join(CRLF),
    );
    const body = iconv.encode(ics(['SUMMARY:Réunion d’équipe', 'DESCRIPTION:Café https://café.example/x']), 'windows-1252');
    const m = await parseMessage(Buffer.concat([head, body]), DEFAULT_LIMITS);
    expect(m.calendarText).toContain('Réunion d’équipe');
    expect(calendarUrls(m).map((u) => u.hostUnicode)).toEqual(['café.example']);
  });

  it('an .ics attachment sent as application/octet-stream is read by its name', async () => {
    const b = 'mx';
    const raw = [
      'From: a@sender.example',
      'To: b@lachan.test',
      'Subject: Lich',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain',
      '',
      'Lich hop kem theo.',
      `--${b}`,
      'Content-Type: application/octet-stream; name="meeting.ics"',
      'Content-Disposition: attachment; filename="meeting.ics"',
      '',
      ics(['URL:https://octet.example/m']),
      `--${b}--`,
      '',
    ].join(CRLF);
    const m = await parseMessage(Buffer.from(raw), DEFAULT_LIMITS);
    expect(calendarUrls(m).map((u) => u.host)).toEqual(['octet.example']);
  });
});
