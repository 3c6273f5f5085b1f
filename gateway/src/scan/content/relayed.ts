import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { domainOfAddress } from '../urls/domains.js';
import { lureFinding, moneyBaitFinding } from './lure.js';

/**
 * Genuine services that mail out text someone else typed: a helpdesk's ticket notification (the
 * "agent" writes the ticket, the service mails it to the requester), a form's response or score
 * receipt (the form's author writes the questions and title), a document-sharing notice (the sharer
 * names the file and writes the note). Scammers open a free account, type the lure there and put
 * the victim's address as requester, respondent or collaborator: the service delivers the lure
 * from its own well-authenticated servers, with nothing odd about the sender. The service itself
 * never offers money or threatens an account in those notices, so a lure (or mere money bait, see
 * moneyBaitFinding) in one is the scammer's text.
 *
 * Recognised by headers the services set on every notification, or by their notification
 * addresses; a forged header only makes a scam look like a relay, which it is flagged as anyway.
 * The lure found in such a message gets the tags 'relayed' and the kind of service
 * ('helpdesk' | 'form' | 'share'), and is read even when the sender's domain is a known one.
 */

export type RelayKind = 'helpdesk' | 'form' | 'share';

export interface Relay {
  kind: RelayKind;
  /** The service, as named in a finding's detail. */
  service: string;
}

/** Headers looked at, at most: the services' own headers come with the message's first ones. */
const MAX_HEADERS = 200;

/** Header-name prefixes (lower case) that each service sets on its notifications. */
const HEADER_PREFIXES: ReadonlyArray<[string, Relay]> = [
  ['x-zendesk-', { kind: 'helpdesk', service: 'Zendesk' }],
  ['x-googleforms-', { kind: 'form', service: 'Google Forms' }],
];

/** Sending domains whose every subdomain is one customer's helpdesk (support@acme.zendesk.com). */
const HELPDESK_DOMAINS: ReadonlyArray<[string, string]> = [
  ['zendesk.com', 'Zendesk'],
  ['freshdesk.com', 'Freshdesk'],
];

/** Notification addresses of the form and document-sharing services (exact, lower case). */
const NOTIFIERS: ReadonlyMap<string, Relay> = new Map([
  ['forms-receipts-noreply@google.com', { kind: 'form', service: 'Google Forms' }],
  ['drive-shares-noreply@google.com', { kind: 'share', service: 'Google Drive' }],
  ['drive-shares-dm-noreply@google.com', { kind: 'share', service: 'Google Drive' }],
  ['comments-noreply@docs.google.com', { kind: 'share', service: 'Google Docs' }],
]);

/** The relaying service a message is a notification of, or undefined for ordinary mail. */
export function relayOf(message: ParsedMessage): Relay | undefined {
  const address = (message.from[0]?.address ?? '').toLowerCase();
  const notifier = NOTIFIERS.get(address);
  if (notifier) return notifier;
  const domain = domainOfAddress(address);
  for (const [base, service] of HELPDESK_DOMAINS) {
    if (domain.endsWith(`.${base}`)) return { kind: 'helpdesk', service };
  }
  const headers = message.headers.length > MAX_HEADERS ? message.headers.slice(0, MAX_HEADERS) : message.headers;
  for (const h of headers) {
    for (const [prefix, relay] of HEADER_PREFIXES) if (h.key.startsWith(prefix)) return relay;
  }
  return undefined;
}

/**
 * content.lure for a relayed message: a full lure (lureFinding), or else money bait
 * (moneyBaitFinding), tagged 'relayed' and the kind of service.
 */
export function relayedLureFinding(relay: Relay, folded: string, subjectLength: number): Finding | undefined {
  const lure = lureFinding(folded, subjectLength) ?? moneyBaitFinding(folded, subjectLength);
  if (!lure) return undefined;
  return {
    ...lure,
    detail: `${lure.detail}; relayed by ${relay.service} (${relay.kind}), which mails text its users typed`,
    tags: [...(lure.tags ?? []), 'relayed', relay.kind],
  };
}
