// Calendar invitations for the fixtures and the tests (RFC 5545 iCalendar in the messages Outlook
// and Google send): one set of builders, so the parser tests, the shipped-policy message tests and
// the fixture generators write invitations the same way. Deterministic: no dates, no random ids.

export const CRLF = '\r\n';

/** An RFC 5545 content line folded at `width` octets (CRLF and a space), as Outlook and Google write it. */
export function foldIcs(line, width = 75) {
  const out = [line.slice(0, width)];
  for (let i = width; i < line.length; i += width - 1) out.push(` ${line.slice(i, i + width - 1)}`);
  return out.join(CRLF);
}

/** A file carried in the invitation itself: `ATTACH;<params>:<base64 of data>`, folded. */
export function inlineFile(params, data, width = 75) {
  return foldIcs(`ATTACH;${params}:${Buffer.from(data).toString('base64')}`, width);
}

/** The properties an event starts with when the caller gives none (`opts.props`). */
const EVENT_PROPS = ['UID:040000008200E00074C5B7101A82E008@lachan.test', 'DTSTART:20241105T020000Z', 'DTEND:20241105T030000Z'];

/**
 * An iCalendar object with one VEVENT: PRODID, VERSION and METHOD, then `opts.props` (default: a
 * UID and the times) and `eventLines` (already folded as they should appear). `opts.end: false`
 * leaves END:VCALENDAR out (a broken invitation). Ends with CRLF.
 */
export function ics(eventLines, opts = {}) {
  const lines = [
    'BEGIN:VCALENDAR',
    ...(opts.prodid === null ? [] : [`PRODID:${opts.prodid ?? '-//Test//Lachan//EN'}`]),
    'VERSION:2.0',
    `METHOD:${opts.method ?? 'REQUEST'}`,
    'BEGIN:VEVENT',
    ...(opts.props ?? EVENT_PROPS),
    ...eventLines,
    'END:VEVENT',
    ...(opts.end === false ? [] : ['END:VCALENDAR']),
  ];
  return lines.join(CRLF) + CRLF;
}

/** The organiser and attendee lines of an Exchange meeting request from another organisation. */
export const EXCHANGE_PROPS = [
  'ORGANIZER;CN=Tran Thi B:mailto:b.tran@other-org.example',
  'ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE;CN=An Nguyen:mailto:an.nguyen@lachan.test',
  'UID:040000008200E00074C5B7101A82E00800000000@partner.example',
  'DTSTART;TZID=SE Asia Standard Time:20241105T090000',
  'DTEND;TZID=SE Asia Standard Time:20241105T100000',
];

/** `ics` as Exchange writes a meeting request (PRODID, organiser, attendee, local times). */
export function exchangeIcs(eventLines) {
  return ics(eventLines, { prodid: 'Microsoft Exchange Server 2010', props: EXCHANGE_PROPS });
}

const base64Lines = (bytes) => Buffer.from(bytes).toString('base64').replace(/.{76}/g, `$&${CRLF}`);

/**
 * An invitation as Outlook sends it: text/plain, text/html and the text/calendar part (method=REQUEST)
 * in one multipart/alternative. `html` defaults to the plain text in a paragraph; `encoding` is the
 * calendar part's transfer encoding ('8bit' or 'base64').
 */
export function outlookInvite({ plain, html, calendar, from = 'Tran Thi B <b.tran@partner.example>', subject = 'Hop trien khai du an', encoding = '8bit' }) {
  const b = '_000_inv_';
  return Buffer.from(
    [
      `From: ${from}`,
      'To: an.nguyen@lachan.test',
      `Subject: ${subject}`,
      'Date: Mon, 4 Nov 2024 08:00:00 +0700',
      'Message-ID: <inv@partner.example>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset="utf-8"',
      'Content-Transfer-Encoding: 8bit',
      '',
      plain,
      `--${b}`,
      'Content-Type: text/html; charset="utf-8"',
      'Content-Transfer-Encoding: 8bit',
      '',
      html ?? `<html><body><p>${plain.replace(/\n/g, '<br>')}</p></body></html>`,
      `--${b}`,
      'Content-Type: text/calendar; charset="utf-8"; method=REQUEST',
      `Content-Transfer-Encoding: ${encoding}`,
      '',
      encoding === 'base64' ? base64Lines(calendar) : calendar,
      `--${b}--`,
      '',
    ].join(CRLF),
  );
}

/** Google: multipart/mixed of an alternative (text, text/calendar) and the application/ics attachment invite.ics. */
export function googleInvite({ calendar, attached = calendar, body = 'Ban da duoc moi tham gia su kien.' }) {
  const mixed = 'gmixed';
  const alt = 'galt';
  return Buffer.from(
    [
      'From: Google Calendar <calendar-notification@google.com>',
      'To: an.nguyen@lachan.test',
      'Subject: Invitation: Review',
      'Date: Mon, 4 Nov 2024 08:00:00 +0700',
      'Message-ID: <inv2@google.com>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${mixed}"`,
      '',
      `--${mixed}`,
      `Content-Type: multipart/alternative; boundary="${alt}"`,
      '',
      `--${alt}`,
      'Content-Type: text/plain; charset="UTF-8"',
      '',
      body,
      `--${alt}`,
      'Content-Type: text/calendar; charset="UTF-8"; method=REQUEST',
      'Content-Transfer-Encoding: 7bit',
      '',
      calendar,
      `--${alt}--`,
      '',
      `--${mixed}`,
      'Content-Type: application/ics; name="invite.ics"',
      'Content-Disposition: attachment; filename="invite.ics"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(attached),
      `--${mixed}--`,
      '',
    ].join(CRLF),
  );
}

/** A message with a short text part and the calendar as an invite.ics attachment (base64), of `contentType`. */
export function icsAttachmentMail(calendar, contentType = 'text/calendar; method=REQUEST') {
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
      base64Lines(calendar),
      '--b--',
      '',
    ].join(CRLF),
  );
}
