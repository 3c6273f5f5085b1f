import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { makePe } from '../../../test-fixtures/attachments/payloads.mjs';
import { stripTargets } from '../act/strip.js';
import { releaseMessage } from '../parse/index.js';
import { evaluate } from '../pipeline/evaluate.js';
import { spooledFromBuffer } from '../smtp/spool.js';
import { createClamdClient } from './attachments/clamd.js';
import { fakeClamd } from './attachments/test-helpers.js';
import { shippedPolicyEngine } from './shipped-engine.js';
import { attachmentMail, shippedPolicyVerdicts } from './shipped-verdict.js';
import { exchangeIcs, foldIcs, outlookInvite } from '../../../test-fixtures/calendar-invites.mjs';

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
const ics = exchangeIcs;
/** An invitation as Outlook sends it: text, HTML and the text/calendar part in one multipart/alternative. */
const invite = (plain: string, calendar: string, from?: string) => outlookInvite({ plain, calendar, from }).toString();

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

/**
 * Files carried inline in an invitation (ATTACH;ENCODING=BASE64;VALUE=BINARY, parse/calendar-files.ts):
 * each is an attachment of its own ('a1.c1'), checked like any other, clamd included (the real one
 * unless LACHAN_TEST_SKIP_CLAMD=1: then the EICAR fixture is checked by its dangerous name only).
 * act/ cannot remove such a file from inside the invitation, so a strip rule that matches it holds
 * the message instead: the file is never delivered.
 */
describe('files carried inside calendar invitations under the shipped policy', () => {
  const FIXTURES = fileURLToPath(new URL('../../../test-fixtures/attachments/', import.meta.url));
  const fixture = (name: string) => readFileSync(`${FIXTURES}${name}.eml`, 'utf8');

  it.runIf(clamdUrl)('test-fixtures/attachments/calendar-eicar.eml: clamd finds EICAR inside the invitation and the message is refused', async () => {
    const v = await verdict(fixture('calendar-eicar'));
    expect(v.kinds).toContain('attachment.virus');
    expect(v.action).toBe('reject');
  });

  it('test-fixtures/attachments/calendar-eicar.eml: eicar.com inside the invitation is a dangerous file, never delivered', async () => {
    const v = await verdict(fixture('calendar-eicar'));
    expect(v.kinds).toContain('attachment.dangerous-type');
    expect(v.action).not.toBe('deliver');
    expect(v.strip).toEqual([]);
  });

  it('test-fixtures/attachments/calendar-exe.eml: a program named invoice.pdf.exe inside the invitation is quarantined', async () => {
    const v = await verdict(fixture('calendar-exe'));
    expect(v.kinds).toEqual(expect.arrayContaining(['attachment.double-extension', 'attachment.dangerous-type', 'attachment.type-mismatch']));
    expect(v.action).toBe('quarantine');
    expect(v.strip).toEqual([]);
  });

  it('test-fixtures/attachments/calendar-clean-pdf.eml: an agenda PDF inside the invitation stays clean', async () => {
    const v = await verdict(fixture('calendar-clean-pdf'));
    expect(v, JSON.stringify(v)).toMatchObject({ action: 'deliver', warning: false, strip: [] });
    expect(v.kinds.filter((k) => k.startsWith('attachment.') || k.startsWith('message.'))).toEqual([]);
  });

  /** The same program (hoa-don.exe: only the dangerous-type rule, a strip rule, matches it) attached or carried in the invitation. */
  const program = makePe();
  const attached = attachmentMail('hoa-don.exe', 'application/x-msdownload', program);
  const carried = invite(
    BODY,
    ics(['SUMMARY:Hop trien khai du an', `DESCRIPTION:${BODY}`, foldIcs(`ATTACH;FMTTYPE=application/x-msdownload;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=hoa-don.exe:${program.toString('base64')}`)]),
  );

  it('a program the strip rule would remove as an attachment is quarantined when the invitation carries it (it cannot be removed alone)', async () => {
    const asAttachment = await verdict(attached);
    expect(asAttachment).toMatchObject({ action: 'deliver', warning: true, strip: ['a1'] });
    const inInvite = await verdict(carried);
    expect(inInvite.kinds).toContain('attachment.dangerous-type');
    expect(inInvite).toMatchObject({ action: 'quarantine', strip: [] });
    expect(inInvite.rules).toContain('dangerous-attachment');
  });

  it('the pipeline (lachan scan and SMTP) reaches the same: quarantine with the reason, and act/ is never asked to strip the file', async () => {
    const { engine, close } = await shippedPolicyEngine(fileURLToPath(new URL('../../../policies', import.meta.url)), clamdUrl || undefined);
    try {
      const ev = await evaluate(spooledFromBuffer(Buffer.from(carried)), engine);
      const file = ev.parsed.attachments.find((a) => a.filename === 'hoa-don.exe')!;
      expect(file).toMatchObject({ id: 'a1.c1', carriedBy: 'a1', trueType: { ext: 'exe' } });
      expect(ev.verdict).toMatchObject({ action: 'quarantine', strip: [] });
      const hit = ev.verdict.hits.find((h) => h.rule === 'dangerous-attachment')!;
      expect(hit.action).toBe('quarantine');
      expect(hit.description).toMatch(/calendar invitation/);
      expect(hit.findings.map((f) => f.attachment)).toEqual(['a1.c1']);
      // a strip naming it anyway finds no part to replace (dispose then holds the message)
      expect(stripTargets(ev.parsed.attachments, [file.id])).toEqual([]);
      await releaseMessage(ev.parsed);
    } finally {
      await close();
    }
  });
});
