import { describe, expect, it } from 'vitest';
import { exchangeIcs, googleInvite, ics, inlineFile, outlookInvite } from '../../../test-fixtures/calendar-invites.mjs';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { silentLogger } from '../log.js';
import { parseMessage, releaseMessage } from '../parse/index.js';
import { loadPolicy } from '../policy/loader.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { authScanner } from './auth/index.js';
import { DEFAULT_SCANNERS, runScanners } from './index.js';
import { shippedPolicyVerdicts } from './shipped-verdict.js';

/**
 * Calendar-invite phishing (2025): an invitation whose description says a document was shared, or
 * money is waiting, with the button in the event itself (its URL, a link in the description, an
 * <a> of its HTML description) on a third site. Real parser, scanners (no sender authentication)
 * and the shipped policy: the lure readers weigh the invitation's links as the body's
 * (scan/content/own-links.ts). Ordinary Teams, Zoom and Google Meet invitations, one that shares
 * its agenda beside the Zoom link included, stay clean. A message an invitation carries as a file
 * (.eml) is read as a forwarded message, and a finding about its link names it.
 */
const clamd = fakeClamd();
const verdict = shippedPolicyVerdicts({ clamd });
const invite = (opts: Parameters<typeof outlookInvite>[0]) => outlookInvite(opts).toString();
const PLAIN = 'Kinh moi anh chi tham du buoi hop trien khai du an vao sang thu Ba.';

describe('calendar-invite phishing under the shipped policy', () => {
  it('warns on a "document shared with you" invitation whose link only the event carries', async () => {
    const v = await verdict(
      invite({
        plain: PLAIN,
        from: 'Phong Ke toan <ketoan@hoangphat-xaydung.example>',
        calendar: exchangeIcs([
          'SUMMARY:Bang luong quy 3',
          'DESCRIPTION:Phong Ke toan da chia se voi anh/chi tai lieu Bang_luong_Q3.pdf. Vui long xem tai lieu truoc cuoc hop: https://tailieu-xem.example/d/88',
          'URL:https://tailieu-xem.example/d/88',
        ]),
      }),
    );
    expect(v.kinds).toContain('content.share-lure');
    expect(v.rules).toContain('share-lure');
    expect(v.warning).toBe(true);
  });

  it('warns on an English one from a free-mail organiser whose "Open" button is in the HTML description', async () => {
    const v = await verdict(
      invite({
        plain: 'You have been invited to the following event: Q3 payroll review.',
        from: 'John Tran <john.tran.hr@gmail.com>',
        subject: 'Invitation: Q3 payroll review',
        calendar: exchangeIcs([
          'SUMMARY:Q3 payroll review',
          'DESCRIPTION:John Tran shared a document with you: Q3_Payroll.xlsx',
          'X-ALT-DESC;FMTTYPE=text/html:<p>John Tran shared a document with you: Q3_Payroll.xlsx</p><p><a href="https://docs-view.cloud-files.example/s/Q3">Open</a></p>',
        ]),
      }),
    );
    expect(v.kinds).toContain('content.share-lure');
    expect(v.warning).toBe(true);
  });

  it('warns on money waiting to be claimed through the event\'s link (claim-elsewhere)', async () => {
    const v = await verdict(
      invite({
        plain: 'Withdrawal confirmation',
        from: 'Wallet Desk <news@garden-tools-shop.com>',
        subject: 'Pending withdrawal',
        calendar: exchangeIcs([
          'SUMMARY:Pending withdrawal',
          'DESCRIPTION:Your withdrawal of 0.84 BTC is pending. Confirm the transfer within 24 hours or it will be cancelled.',
          'URL:https://secure-payout-center.net/c/8812',
        ]),
      }),
    );
    expect(v.rules).toContain('funds-lure-elsewhere');
    expect(v.warning).toBe(true);
  });
});

describe('ordinary meeting invitations stay clean', () => {
  const clean = (v: Awaited<ReturnType<typeof verdict>>) => {
    expect(v, JSON.stringify(v)).toMatchObject({ action: 'deliver', warning: false });
    expect(v.kinds.filter((k) => k.startsWith('url.') || k.startsWith('content.'))).toEqual([]);
  };

  it('a Zoom invitation that shares its agenda with the attendees', async () => {
    const zoom = 'https://us02web.zoom.us/j/81234567890?pwd=aBcDeFgHiJkLmNoP';
    const text = `I have shared the agenda with you. Join Zoom Meeting ${zoom} Meeting ID: 812 3456 7890`;
    clean(
      await verdict(
        invite({
          plain: `${PLAIN}\n${text}`,
          html: `<p>${PLAIN}</p><p>I have shared the agenda with you.</p><p><a href="${zoom}">Click here to join</a></p>`,
          from: 'Le Van C <c.le@zoom-user.example>',
          calendar: exchangeIcs(['SUMMARY:Hop trien khai du an', `LOCATION:${zoom}`, `DESCRIPTION:${text}`, `URL:${zoom}`]),
        }),
      ),
    );
  });

  it('a Teams invitation whose description says the document was shared with the attendees', async () => {
    const teams = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ2ZTM4YjQtYzE2Ni00%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d';
    const text = 'Tai lieu hop da duoc chia se voi anh/chi. Microsoft Teams meeting. Click here to join the meeting';
    clean(
      await verdict(
        invite({
          plain: `${PLAIN}\n${text} <${teams}>`,
          html: `<p>${PLAIN}</p><p>${text}</p><p><a href="${teams}">Click here to join the meeting</a></p>`,
          calendar: exchangeIcs(['SUMMARY:Hop trien khai du an', 'LOCATION:Microsoft Teams Meeting', `DESCRIPTION:${text} <${teams}>`, `X-MICROSOFT-SKYPETEAMSMEETINGURL:${teams}`]),
        }),
      ),
    );
  });

  it('a Google Calendar invitation with a Meet link and a Drive attachment', async () => {
    const event = [
      'SUMMARY:Review Q4',
      'DESCRIPTION:Tran Thi B has shared a document with you for the review: https://docs.google.com/document/d/1AbC/edit',
      'ATTACH;FILENAME=Q4 review:https://drive.google.com/open?id=1AbC',
      'X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij',
      'ORGANIZER;CN=Tran Thi B:mailto:tran.thi.b@gmail.com',
    ];
    clean(await verdict(googleInvite({ calendar: ics(event), attached: ics([...event, 'URL:https://calendar.google.com/calendar/event?eid=1']), body: 'Invitation from Google Calendar. Join with Google Meet: https://meet.google.com/abc-defg-hij' }).toString()));
  });
});

describe('a message carried inside an invitation', () => {
  it('is read as a forwarded message: a lure link in it is found and named by its part', async () => {
    const carried = Buffer.from(
      [
        'From: Cong dich vu cong <thongbao@dvc-thongbao.example>',
        'To: an.nguyen@lachan.test',
        'Subject: Xac thuc tai khoan',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Tai khoan dich vu cong cua ban can xac thuc lai.</p><p><a href="https://dichvucong.gov.vn-xacthuc.com/dang-nhap">Xac thuc tai day</a></p>',
        '',
      ].join('\r\n'),
    );
    const raw = outlookInvite({ plain: PLAIN, calendar: exchangeIcs(['SUMMARY:Hop trien khai du an', inlineFile('ENCODING=BASE64;VALUE=BINARY;X-FILENAME=thu-goc.eml', carried)]) });
    const v = await verdict(raw.toString());
    expect(v.kinds).toContain('url.lookalike');
    expect(v.action).not.toBe('deliver');

    const policy = await loadPolicy(new URL('../../../policies', import.meta.url).pathname);
    const message = await parseMessage(raw, DEFAULT_LIMITS);
    try {
      const findings = await runScanners(message, { policy, limits: DEFAULT_LIMITS, clamd, log: silentLogger() }, DEFAULT_SCANNERS.filter((s) => s !== authScanner));
      const lookalike = findings.find((f) => f.kind === 'url.lookalike');
      expect(lookalike?.part).toEqual({ id: 'a1.c1', kind: 'forwarded-message' });
    } finally {
      await releaseMessage(message);
    }
  });
});
