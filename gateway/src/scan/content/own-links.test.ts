import { afterEach, describe, expect, it } from 'vitest';
import { CRLF, exchangeIcs, outlookInvite } from '../../../../test-fixtures/calendar-invites.mjs';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage, releaseMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { makePolicy, urlRef } from '../test-helpers.js';
import { claimSiteElsewhere } from './claim-elsewhere.js';
import { isMeetingLink, ownWebLinks } from './own-links.js';

const parsed: ParsedMessage[] = [];
afterEach(async () => {
  for (const m of parsed.splice(0)) await releaseMessage(m);
});
async function parse(raw: Buffer): Promise<ParsedMessage> {
  const m = await parseMessage(raw, DEFAULT_LIMITS);
  parsed.push(m);
  return m;
}

describe('meeting join links (own-links.ts)', () => {
  it('knows the join links of Zoom, Teams, Google Meet, Webex, GoTo, Jitsi and Whereby', () => {
    for (const url of [
      'https://us02web.zoom.us/j/81234567890?pwd=aBcD',
      'https://zoom.us/my/an.nguyen',
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      'https://teams.live.com/meet/9312345678',
      'https://meet.google.com/abc-defg-hij',
      'https://acme.webex.com/meet/an.nguyen',
      'https://acme.webex.com/acme/j.php?MTID=m1',
      'https://global.gotomeeting.com/join/123456789',
      'https://meet.jit.si/HopGiaoBan',
    ]) {
      expect(isMeetingLink(urlRef(url)), url).toBe(true);
    }
  });

  it('does not take other pages of the same services, nor look-alike hosts, for a meeting', () => {
    for (const url of [
      'https://docs.zoom.us/doc/aBcD',
      'https://zoom.us/signin',
      'https://teams.microsoft.com/meetingOptions/?organizerId=1',
      'https://meet.google.com/',
      'https://zoom.us.join-meeting.example/j/81234567890',
      'https://meet-google.example/abc-defg-hij',
      'https://acme.webex.com/',
    ]) {
      expect(isMeetingLink(urlRef(url)), url).toBe(false);
    }
  });
});

describe('the message\'s own web links (own-links.ts)', () => {
  it('are the body\'s and its invitation\'s links, not pictures, not a forwarded message\'s, and no meeting link', async () => {
    const own = exchangeIcs(['DESCRIPTION:Tai lieu https://event-link.example/d', 'URL:https://us02web.zoom.us/j/81234567890']);
    const forwarded = outlookInvite({ plain: 'x', calendar: exchangeIcs(['URL:https://forwarded-event.example/e']) }).toString('latin1');
    const b = 'outer';
    const raw = [
      'From: a@partner.example', 'To: b@lachan.test', 'Subject: Hop', 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${b}"`, '',
      `--${b}`, 'Content-Type: text/html; charset=utf-8', '', '<p>Xem <a href="https://body-link.example/a">tai day</a></p><img src="https://pictures.example/logo.png">',
      `--${b}`, 'Content-Type: message/rfc822', '', forwarded,
      `--${b}`, 'Content-Type: application/ics; name="invite.ics"', '', own,
      `--${b}--`, '',
    ].join(CRLF);
    const m = await parse(Buffer.from(raw, 'latin1'));
    const hosts = (urls: { host: string }[]) => [...new Set(urls.map((u) => u.host))].sort();
    expect(hosts(m.urls)).toEqual(['body-link.example', 'event-link.example', 'forwarded-event.example', 'pictures.example', 'us02web.zoom.us']);
    expect(hosts(ownWebLinks(m, m.urls))).toEqual(['body-link.example', 'event-link.example']);
    expect(hosts(ownWebLinks(m, m.urls, { otherParts: true }))).toEqual(['body-link.example', 'event-link.example', 'forwarded-event.example']);
  });
});

describe('claim-elsewhere reads calendar links', () => {
  const policy = makePolicy({ localDomains: ['lachan.test'] });
  const from = 'Payouts <pay@garden-tools-shop.com>';

  it('finds the claim site when the only link is the event\'s, and not when the event links to the sender or only joins a meeting', async () => {
    const site = async (event: string[]) => {
      const m = await parse(outlookInvite({ plain: 'Your withdrawal is pending.', from, calendar: exchangeIcs(event) }));
      return claimSiteElsewhere(m, policy, m.urls);
    };
    expect(await site(['DESCRIPTION:Confirm your withdrawal: https://secure-payout-center.net/c/1'])).toBe('secure-payout-center.net');
    expect(await site(['URL:https://secure-payout-center.net/c/1', 'X-ALT-DESC;FMTTYPE=text/html:<a href="https://shop.garden-tools-shop.com/account">Account</a>'])).toBeUndefined();
    expect(await site(['URL:https://us02web.zoom.us/j/81234567890'])).toBeUndefined();
  });
});
