import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { FREEMAIL } from '../identity/freemail.js';
import { DomainFamilies } from '../links/families.js';
import { domainOfAddress } from '../urls/domains.js';
import { wrappedUrls } from '../urls/index.js';
import { ownWebLinks } from './own-links.js';

/**
 * Money said to be waiting for the reader (a content.lure about 'funds': a balance to withdraw, an
 * airdrop, a payout to confirm) whose links all lead to another site than the sender's: "your
 * 0.8 BTC withdrawal is pending, confirm it" from a shop's or a stranger's domain, with the button
 * on a third site. An exchange or a bank that really holds the reader's money links to its own
 * site (or the message has no link at all: nothing to claim there). Withdrawal, airdrop and
 * "wallet check" scams are sent through whatever bulk-mail account the scammer rents, so the
 * sender and the claim site never match. The lure gets the tag 'claim-elsewhere' (a rule can
 * match the two facts together only as one tag); the detail names the site.
 *
 * Links counted: the clickable and written-out web addresses of the message (href, text) and the
 * links of its calendar invitations (own-links.ts), a link wrapped in a redirector counted by both
 * hosts; links to the province's own, allowed or national protected domains are nobody's
 * "elsewhere" and are left out, and so is a meeting's join link (Zoom, Teams, ...).
 *
 * The same lure sent from a free-mail mailbox (gmail.com, outlook.com, ...: FREEMAIL) gets the tag
 * 'from-freemail', links or not: no exchange, bank or payout service writes "your balance of
 * $25,745 will be blocked in 24 hours, withdraw it now" from a personal Gmail account, while the
 * "AI Bitcoin earning platform" campaigns send exactly that, with the instructions in an attached
 * PDF rather than a link. Not for a lure relayed by a genuine service (a form's owner on Gmail).
 */

const MAX_LINKS = 200;

/** The host the message's links lead to, other than the sender's; undefined when a link goes to the sender or none goes anywhere. */
export function claimSiteElsewhere(message: ParsedMessage, policy: Policy, urls: readonly UrlRef[]): string | undefined {
  const links = ownWebLinks(message, urls, { otherParts: true }).slice(0, MAX_LINKS);
  if (links.length === 0) return undefined;
  const families = new DomainFamilies(policy);
  const sender = families.of(domainOfAddress(message.from[0]?.address));
  let elsewhere: string | undefined;
  for (const link of links) {
    const hosts = [link.host, ...wrappedUrls(link.url).flatMap((w) => (URL.canParse(w) ? [new URL(w).hostname] : []))];
    if (sender !== '' && hosts.some((h) => families.of(h) === sender)) return undefined;
    if (hosts.some((h) => families.trusted(h))) continue;
    elsewhere ??= link.host;
  }
  return elsewhere;
}

/**
 * The lure with 'claim-elsewhere' added when it is about funds and its links lead away from the
 * sender, and 'from-freemail' when it is about funds and the From address is a free-mail mailbox.
 */
export function withClaimSite(lure: Finding, message: ParsedMessage, policy: Policy, urls: readonly UrlRef[]): Finding {
  if (!lure.tags?.includes('funds')) return lure;
  let { detail } = lure;
  const tags = [...lure.tags];
  const site = claimSiteElsewhere(message, policy, urls);
  if (site !== undefined) {
    detail += `; the links lead to ${site}, not to the sender's site`;
    tags.push('claim-elsewhere');
  }
  const fromDomain = domainOfAddress(message.from[0]?.address);
  // A lure relayed by a genuine service (content/relayed.ts) comes From its user's own mailbox: the
  // relay, not the mailbox, is the sign there (rules relayed-lure, relayed-lure-reply-elsewhere).
  const relayed = lure.tags.includes('relayed');
  const freemail = fromDomain === '' || relayed ? undefined : FREEMAIL.match(fromDomain);
  if (freemail !== undefined) {
    detail += `; sent from a free-mail mailbox (${freemail})`;
    tags.push('from-freemail');
  }
  return tags.length === lure.tags.length ? lure : { ...lure, detail, tags };
}
