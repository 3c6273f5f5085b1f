import { isCalendarPart } from '../../parse/calendar.js';
import type { ParsedMessage, UrlRef } from '../../parse/types.js';

/**
 * The links the lure readers (share-lure.ts, claim-elsewhere.ts) weigh: what the reader of the
 * message itself is asked to open. That is the body's links and the links of the message's own
 * calendar invitations — a calendar client adds the event with its description, location and URL
 * even when the mail is ignored, and "a document was shared with you, open it" in an invitation
 * with the button on a third site is a known phishing form (calendar-invite phishing, 2025). A
 * meeting's join link (Zoom, Teams, Meet, Webex, ...) is the meeting, neither a shared document nor
 * a claim site: it is left out.
 */

/** Web-conferencing join links: host (with subdomains) and the path of a meeting. */
const MEETINGS: ReadonlyArray<{ host: RegExp; path: RegExp }> = [
  { host: /(?:^|\.)(?:zoom\.us|zoom\.com|zoomgov\.com)$/, path: /^\/(?:j|w|s|my|wc\/join)\/[^/]/i },
  { host: /^teams\.microsoft\.com$/, path: /^\/l\/(?:meetup-join|meet)\//i },
  { host: /^teams\.live\.com$/, path: /^\/(?:meet|l\/meetup-join)\//i },
  { host: /^meet\.google\.com$/, path: /^\/(?:[a-z]{3}-[a-z]{4}-[a-z]{3}|lookup\/[^/])/i },
  { host: /(?:^|\.)webex\.com$/, path: /^\/(?:meet\/|join\/|wbxmjs\/|[\w-]+\/j\.php)/i },
  { host: /(?:^|\.)gotomeeting\.com$/, path: /^\/join\/\d/i },
  { host: /^meet\.goto\.com$/, path: /^\/\d/ },
  { host: /^meet\.jit\.si$/, path: /^\/[^/]/ },
  { host: /^whereby\.com$/, path: /^\/[^/]/ },
];

/** True when the link joins a meeting on a web-conferencing service. */
export function isMeetingLink(link: UrlRef): boolean {
  const meeting = MEETINGS.find((m) => m.host.test(link.host));
  if (!meeting || !URL.canParse(link.url)) return false;
  return meeting.path.test(new URL(link.url).pathname);
}

/** Ids of the message's own calendar invitations (an .ics one carries included): not those inside a forwarded message. */
export function ownCalendarParts(message: ParsedMessage): ReadonlySet<string> {
  return new Set(message.attachments.filter((a) => a.nestedPath === undefined && isCalendarPart(a.contentType, a.filename)).map((a) => a.id));
}

const isWeb = (u: UrlRef): boolean => u.host !== '' && /^https?$/.test(u.scheme);

/**
 * The message's own web links, meeting links left out: the body's clickable and written-out links
 * (href, text) and its calendar invitations' (source 'calendar', and addresses written in an HTML
 * description). `otherParts`: also those of the other parts (forwarded messages, attachments,
 * their invitations), as claim-elsewhere.ts counts them.
 */
export function ownWebLinks(message: ParsedMessage, urls: readonly UrlRef[], opts: { otherParts?: boolean } = {}): UrlRef[] {
  let calendars: ReadonlySet<string> | undefined;
  return urls.filter((u) => {
    if (!isWeb(u) || isMeetingLink(u)) return false;
    if (u.source !== 'href' && u.source !== 'text' && u.source !== 'calendar') return false;
    if (u.partId === undefined || opts.otherParts === true) return true;
    return (calendars ??= ownCalendarParts(message)).has(u.partId);
  });
}
