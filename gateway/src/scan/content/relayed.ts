import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { askedAddresses } from '../identity/contact-elsewhere.js';
import { FREEMAIL } from '../identity/freemail.js';
import { domainOfAddress, registrableDomain } from '../urls/domains.js';
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
 * When, besides, the answers are asked to go elsewhere (replyElsewhere: a Reply-To, or an address
 * the text asks to write to, on free mail or under an abused top-level domain), the lure also gets
 * the tag 'reply-elsewhere'.
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
  const byAddress = relayBySender(message);
  if (byAddress) return byAddress;
  const headers = message.headers.length > MAX_HEADERS ? message.headers.slice(0, MAX_HEADERS) : message.headers;
  for (const h of headers) {
    for (const [prefix, relay] of HEADER_PREFIXES) if (h.key.startsWith(prefix)) return relay;
  }
  return undefined;
}

/**
 * The relaying service by the From address alone (a notification address, a helpdesk's domain),
 * not by a header any sender can write: what may exempt a message from the sender checks.
 */
export function relayBySender(message: ParsedMessage): Relay | undefined {
  const address = (message.from[0]?.address ?? '').toLowerCase();
  const notifier = NOTIFIERS.get(address);
  if (notifier) return notifier;
  const domain = domainOfAddress(address);
  for (const [base, service] of HELPDESK_DOMAINS) {
    if (domain.endsWith(`.${base}`)) return { kind: 'helpdesk', service };
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

/** Reply-To addresses and addresses asked for in the text looked at, at most. */
const MAX_REPLY_ADDRESSES = 20;

export interface ReplyElsewhere {
  address: string;
  /** 'reply-to' (the header) or 'in-text' (the text asks to write there). */
  where: 'reply-to' | 'in-text';
  /** The free-mail domain (FREEMAIL) or the abused top-level domain it is under. */
  why: { freemail: string } | { tld: string };
}

/**
 * Where the answers to a relayed notification are asked to go when that is a free-mail mailbox or
 * a domain under an abused top-level domain (`tlds`, the policy list abused_tlds) rather than the
 * service: the scammer types the lure into the service and collects the replies at
 * "billing-desk@something.makeup" or a Gmail mailbox. Not elsewhere: the From address itself, the
 * From's own (non-free-mail) domain (a helpdesk's or the service's own reply address), the
 * recipients' addresses. The Reply-To header is read first, then the text (contact-elsewhere.ts).
 * Alone this is ordinary (a sharer's or a citizen's own Gmail answers a share or a form); it only
 * sharpens a lure relayed by the same message.
 */
export function replyElsewhere(message: ParsedMessage, tlds: { match(domain: string): string | undefined }): ReplyElsewhere | undefined {
  const from = (message.from[0]?.address ?? '').trim().toLowerCase();
  const fromDomain = domainOfAddress(from);
  const own = fromDomain === '' || FREEMAIL.match(fromDomain) !== undefined ? '' : registrableDomain(fromDomain);
  const recipients = new Set([...message.to, ...message.cc].slice(0, MAX_REPLY_ADDRESSES * 2).map((a) => (a.address ?? '').trim().toLowerCase()));
  const judge = (address: string, where: ReplyElsewhere['where']): ReplyElsewhere | undefined => {
    const a = address.trim().toLowerCase();
    const domain = domainOfAddress(a);
    if (domain === '' || a === from || recipients.has(a)) return undefined;
    if (own !== '' && registrableDomain(domain) === own) return undefined;
    const freemail = FREEMAIL.match(domain);
    if (freemail !== undefined) return { address: a, where, why: { freemail } };
    const tld = tlds.match(domain);
    return tld === undefined ? undefined : { address: a, where, why: { tld } };
  };
  for (const r of message.replyTo.slice(0, MAX_REPLY_ADDRESSES)) {
    const hit = judge(r.address ?? '', 'reply-to');
    if (hit) return hit;
  }
  for (const { address } of askedAddresses(message)) {
    const hit = judge(address, 'in-text');
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The relayed lure with the tag 'reply-elsewhere' (placed before 'relayed', so the banner names the
 * diverted answers) when its message asks for answers on free mail or an abused top-level domain.
 */
export function withReplyElsewhere(lure: Finding, message: ParsedMessage, tlds: { match(domain: string): string | undefined }): Finding {
  const tags = lure.tags ?? [];
  if (!tags.includes('relayed')) return lure;
  const hit = replyElsewhere(message, tlds);
  if (!hit) return lure;
  const what = 'freemail' in hit.why ? `a free-mail mailbox (${hit.why.freemail})` : `under .${hit.why.tld}, a top-level domain mostly registered for abuse`;
  const at = tags.indexOf('relayed');
  return {
    ...lure,
    detail: `${lure.detail}; ${hit.where === 'reply-to' ? 'replies go to' : 'the text asks to write to'} ${hit.address.slice(0, 100)}, ${what}, not to the service`,
    tags: [...tags.slice(0, at), 'reply-elsewhere', ...tags.slice(at)],
  };
}
