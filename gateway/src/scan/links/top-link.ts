import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import type { Finding, ScanContext } from '../types.js';
import { domainOfAddress } from '../urls/domains.js';
import { DomainFamilies } from './families.js';

/**
 * url.pasted-top-link: a genuine newsletter copied whole, with one link pasted above it — the
 * attacker's, to a site that has nothing to do with the newsletter or the sender. Structurally:
 *  - the first web link of the HTML body (<a>/<area> href, http/https, document order);
 *  - after it at least MIN_REST more links, and at least REST_SHARE of them go to one other domain
 *    family (families.ts: one registrable name, or one brand of the brands list): the newsletter;
 *  - the first link's family appears nowhere else in the message: no other link, picture, style
 *    sheet or plain-text address of the body goes there. A newsletter's own "view in browser" or
 *    logo link goes to its sender, its mailing service or its tracker, and those come back in the
 *    rest of the message (the unsubscribe link, the pictures, the text part's copy of the link);
 *  - it is not the sender's family (From), nor a local or allowed domain; and the newsletter below
 *    is not the sender's own either (a sender's own newsletter may put a sponsor's banner on top;
 *    an attacker cannot send as the newsletter he copied, so the rest goes to someone else);
 *  - tag 'picture' when the link shows no words of its own (a picture or nothing), 'text' when it
 *    does: then it is reported only when it stands alone above the newsletter (the next link is
 *    the newsletter's). A text link is also what a mailing service's "view in browser" link looks
 *    like when the message has no text part to repeat it, so the default policy only warns on
 *    'picture' and counts 'text' among the weaker signs.
 * Only the message's own body counts (not attachments or forwarded messages in it).
 */

/** Links after the first one the newsletter needs at least. */
export const MIN_REST = 3;
/** Share of those links that must go to one family. */
export const REST_SHARE = 0.8;

/** Where a URL is something of the body itself (not the plain-text part's copy of a link). */
const HTML_SOURCES = new Set<UrlRef['source']>(['href', 'src', 'srcset', 'form', 'meta-refresh', 'css']);

function isWebHref(u: UrlRef): boolean {
  return u.source === 'href' && /^https?$/.test(u.scheme) && u.host !== '';
}

export function pastedTopLink(message: ParsedMessage, ctx: ScanContext): Finding | undefined {
  if (message.html === '') return undefined;
  const body = message.urls.filter((u) => u.partId === undefined && u.host !== '');
  const links = body.filter(isWebHref);
  if (links.length < MIN_REST + 1) return undefined;
  const families = new DomainFamilies(ctx.policy);
  const first = links[0]!;
  const top = families.of(first.host);
  if (top === '' || families.trusted(first.host)) return undefined;
  const sender = domainOfAddress(message.from[0]?.address);
  if (sender !== '' && families.of(sender) === top) return undefined;
  // found nowhere else: no other link, picture or style, nor the text part's copy
  if (body.some((u) => u !== first && (HTML_SOURCES.has(u.source) || u.source === 'text') && families.of(u.host) === top)) return undefined;

  // the rest: one family for most of it (more foreign links right under the first one are allowed)
  const counts = new Map<string, number>();
  for (const u of links.slice(1)) {
    const f = families.of(u.host);
    counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  let rest = '';
  let restCount = 0;
  for (const [f, n] of counts) if (n > restCount) [rest, restCount] = [f, n];
  if (restCount < MIN_REST || restCount < REST_SHARE * (links.length - 1)) return undefined;
  // the sender's own newsletter chooses what it puts on top (a sponsor's banner): not reported
  if (sender !== '' && families.of(sender) === rest) return undefined;

  const words = (first.text ?? '').trim() !== '';
  if (words && families.of(links[1]!.host) !== rest) return undefined;
  const restHost = links.slice(1).find((u) => families.of(u.host) === rest)!.host;
  return {
    scanner: 'urls',
    kind: 'url.pasted-top-link',
    detail: `the first link of the body (${words ? 'with words' : 'a picture or nothing'}) goes to ${first.host}, found nowhere else in the message, above ${restCount} of ${links.length - 1} links to ${restHost}; the sender is ${sender || 'unknown'}: ${first.url.length > 200 ? `${first.url.slice(0, 200)}…` : first.url}`,
    subject: first.hostUnicode || first.host,
    tags: [words ? 'text' : 'picture', first.host],
  };
}
