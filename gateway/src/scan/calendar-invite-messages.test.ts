import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClamdClient } from './attachments/clamd.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { shippedPolicyVerdicts } from './shipped-verdict.js';

/**
 * Meeting invitations through the real parser, the scanners (no sender authentication) and the
 * shipped policy: a link that only the calendar part carries (the event a calendar client adds
 * even when the mail is ignored) gets the verdict it gets in the body; ordinary Teams and Zoom
 * invitations stay clean. The calendar part is an attachment to the attachment scanner: the test
 * clamd scans it (a fake one answering clean under LACHAN_TEST_SKIP_CLAMD=1).
 */
const clamdUrl = inject('clamdUrl');
const clamd = clamdUrl ? createClamdClient(clamdUrl, { timeoutMs: 20_000 }) : fakeClamd();
afterAll(() => clamd.close());
const verdict = shippedPolicyVerdicts({ clamd });
const CRLF = '\r\n';

function ics(eventLines: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'PRODID:Microsoft Exchange Server 2010',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'ORGANIZER;CN=Tran Thi B:mailto:b.tran@other-org.example',
    'ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE;CN=An Nguyen:mailto:an.nguyen@lachan.test',
    'UID:040000008200E00074C5B7101A82E00800000000@partner.example',
    'DTSTART;TZID=SE Asia Standard Time:20241105T090000',
    'DTEND;TZID=SE Asia Standard Time:20241105T100000',
    ...eventLines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join(CRLF);
}

/** An invitation as Outlook sends it: text, HTML and the text/calendar part in one multipart/alternative. */
function invite(body: string, calendar: string, from = 'Tran Thi B <b.tran@partner.example>'): string {
  const b = '_000_inv_';
  return [
    `From: ${from}`,
    'To: an.nguyen@lachan.test',
    'Subject: Hop trien khai du an',
    'Date: Mon, 4 Nov 2024 08:00:00 +0700',
    'Message-ID: <inv@partner.example>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    `--${b}`,
    'Content-Type: text/html; charset="utf-8"',
    'Content-Transfer-Encoding: 8bit',
    '',
    `<html><body><p>${body.replace(/\n/g, '<br>')}</p></body></html>`,
    `--${b}`,
    'Content-Type: text/calendar; charset="utf-8"; method=REQUEST',
    'Content-Transfer-Encoding: 8bit',
    '',
    calendar,
    `--${b}--`,
    '',
  ].join(CRLF);
}

const BODY = 'Kinh moi anh chi tham du buoi hop trien khai du an vao sang thu Ba.';

describe('calendar invitations under the shipped policy', () => {
  for (const [what, link, kind] of [
    ['a blocked domain', 'https://blocked.lachan.invalid/join/8812', 'url.listed'],
    ['a look-alike of a protected domain', 'https://vietcombank-vn.top/hop/8812', 'url.lookalike'],
  ] as const) {
    it(`an invite whose meeting link goes to ${what} gets the verdict of the same link in the body`, async () => {
      const inCalendar = await verdict(
        invite(BODY, ics(['SUMMARY:Hop trien khai du an', 'LOCATION:Truc tuyen', `DESCRIPTION:${BODY}\\n\\nTham gia cuoc hop: ${link}`, `URL:${link}`])),
      );
      const inBody = await verdict(invite(`${BODY}\nTham gia cuoc hop: ${link}`, ics(['SUMMARY:Hop trien khai du an', 'LOCATION:Truc tuyen', `DESCRIPTION:${BODY}`])));
      expect(inBody.kinds).toContain(kind);
      expect(inCalendar.kinds).toContain(kind);
      expect(inCalendar.action).toBe(inBody.action);
      expect(inCalendar.rules).toEqual(inBody.rules);
      expect(inCalendar.action).not.toBe('deliver');
      expect(inCalendar.kinds).not.toContain('scanner.error');
    });
  }

  it('an invite whose link hides in a folded X-ALT-DESC href is held the same way', async () => {
    const v = await verdict(
      invite(
        BODY,
        ics([
          'SUMMARY:Hop trien khai du an',
          `DESCRIPTION:${BODY}`,
          'X-ALT-DESC;FMTTYPE=text/html:<html><body><p>Xem tai lieu truoc cuoc hop:</p><a href="https://vietcomb',
          ' ank-vn.top/tai-lieu">Mo tai lieu</a></body></html>',
        ]),
      ),
    );
    expect(v.kinds).toContain('url.lookalike');
    expect(v.action).not.toBe('deliver');
  });

  it('reads the wording of the event: a phishing phrase only the invitation carries is found', async () => {
    const event = (description: string) => invite(BODY, ics(['SUMMARY:Hop trien khai du an', `DESCRIPTION:${description}`]));
    const lure = await verdict(event('Tài khoản của bạn sẽ bị khóa\\, vui lòng xác minh tài khoản trước cuộc họp.'));
    expect(lure.kinds).toContain('content.phrase');
    const plain = await verdict(event('Chuẩn bị số liệu quý 3 trước cuộc họp.'));
    expect(plain.kinds).not.toContain('content.phrase');
  });

  it('a Teams invite from another organisation stays clean', async () => {
    const teams = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ2ZTM4YjQtYzE2Ni00%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d';
    const v = await verdict(
      invite(
        `${BODY}\n________________\nMicrosoft Teams meeting\nJoin on your computer or mobile app\nClick here to join the meeting <${teams}>`,
        ics([
          'SUMMARY;LANGUAGE=vi-VN:Hop trien khai du an',
          'LOCATION;LANGUAGE=vi-VN:Microsoft Teams Meeting',
          `DESCRIPTION;LANGUAGE=vi-VN:${BODY}\\n________________\\nMicrosoft Teams meeting\\nJoin on your computer or mobile app\\nClick here to join the meeting <${teams.slice(0, 40)}`,
          ` ${teams.slice(40)}>\\nLearn More <https://aka.ms/JoinTeamsMeeting> | Meeting options <https://teams.microsoft.com/meetingOptions/?organizerId=1\\,2>`,
          `X-MICROSOFT-SKYPETEAMSMEETINGURL:${teams}`,
          'X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE',
        ]),
      ),
    );
    expect(v, JSON.stringify(v)).toMatchObject({ action: "deliver" });
    expect(v.warning).toBe(false);
    expect(v.kinds.filter((k) => k.startsWith('url.') || k.startsWith('content.'))).toEqual([]);
  });

  it('a Zoom invite stays clean', async () => {
    const zoom = 'https://us02web.zoom.us/j/81234567890?pwd=aBcDeFgHiJkLmNoP';
    const v = await verdict(
      invite(
        `${BODY}\nJoin Zoom Meeting\n${zoom}\nMeeting ID: 812 3456 7890\nPasscode: 123456`,
        ics([
          'SUMMARY:Hop trien khai du an',
          `LOCATION:${zoom}`,
          `DESCRIPTION:${BODY}\\nJoin Zoom Meeting\\n${zoom}\\nMeeting ID: 812 3456 7890\\nPasscode: 123456`,
          `URL:${zoom}`,
        ]),
        'Le Van C <c.le@zoom-user.example>',
      ),
    );
    expect(v, JSON.stringify(v)).toMatchObject({ action: "deliver" });
    expect(v.warning).toBe(false);
    expect(v.kinds.filter((k) => k.startsWith('url.') || k.startsWith('content.'))).toEqual([]);
  });
});
