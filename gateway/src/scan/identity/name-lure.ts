import { parse as parseHost } from 'tldts';
import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { GREETINGS } from '../greetings.js';

/**
 * A web address where the recipient's name belongs: in the display name of To/Cc, or right after
 * the greeting ("Hi ✅ +$4,811 ➡️ ok.me/x, one last step to confirm your account"). Nobody's name
 * holds a link; it gets there when a scammer types a lure into the name field of a genuine
 * service's sign-up, contact or invitation form (or a hijacked newsletter's subscriber record)
 * and lets that service mail it out: the message then comes from a real, well-authenticated
 * sender with nothing else to see. Reported as content.link-in-name (at most one per message;
 * tags 'to-name' or 'greeting', and the linked host).
 */

const MAX_RECIPIENTS = 20;
/** Characters of a display name looked at: a name is short, a lure in one is not much longer. */
const MAX_NAME = 400;
/** Only the start of the text is read for greetings. */
const GREETING_WINDOW = 3000;
/** The name slot after a greeting: at most this long. */
const SLOT = 120;
const MAX_GREETINGS = 8;

/** Tokens of a name looked at, at most. */
const MAX_TOKENS = 60;
/** A host name: labels of letters, digits and hyphens joined by dots (checked on one token's part). */
const HOST = /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6}$/;

/** Greeting words (the languages mass mail arrives in, Vietnamese included) a name follows. */
const GREETING_WORDS = `(?:${GREETINGS.join('|')})(?![\\p{L}])`;
/**
 * The greeting words in lower-case text; the word before must not be a letter (checked by hand:
 * a `(?:^|[^\p{L}])` prefix, tried at every position, made this expression 5× slower, ~0.1 ms per
 * 3,000 characters of Vietnamese text, 1.6% of the gateway's time under load).
 */
const GREETING_LOWER = new RegExp(GREETING_WORDS, 'gu');
/** The same on text whose lower-case form has another length (a dotted capital I): rare, slower. */
const GREETING_ANY_CASE = new RegExp(`(?<![\\p{L}])${GREETING_WORDS}`, 'giu');
const LETTER = /\p{L}/u;

/** Where each greeting in `text` ends. */
function* greetingEnds(text: string): Generator<number> {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) {
    for (const g of text.matchAll(GREETING_ANY_CASE)) yield (g.index ?? 0) + g[0].length;
    return;
  }
  for (const g of lower.matchAll(GREETING_LOWER)) {
    const at = g.index ?? 0;
    if (!letterBefore(lower, at)) yield at + g[0].length;
  }
}

/** Whether the character before `at` is a letter (a surrogate pair read as one character). */
function letterBefore(s: string, at: number): boolean {
  if (at === 0) return false;
  const low = s.charCodeAt(at - 1);
  const from = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return LETTER.test(s.slice(from, at));
}

/** Where the name slot after a greeting ends: a comma or stop before a space, a line break. */
const SLOT_END = /[,.!?;:](?=\s|$)|\n/u;

const isAsciiAlnum = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

/** The token without what surrounds an address in running text ("(ok.me/x),", "➡️ok.me/x", "“www.x.net”"). */
function trimEdges(token: string): string {
  let a = 0;
  let b = token.length;
  while (a < b && !isAsciiAlnum(token[a]!)) a++;
  while (b > a && !isAsciiAlnum(token[b - 1]!) && token[b - 1] !== '/') b--;
  return token.slice(a, b);
}

/**
 * The host of a token that is a web address: with a scheme ("https://x.net/…"), with "www."
 * ("www.x.net"), or a host name followed by a path ("ok.me/aB3"); a bare "name.tld" without a path
 * is too often a company or file name to count, and an e-mail address is no web address.
 */
function hostOf(raw: string): string | undefined {
  const token = trimEdges(raw).toLowerCase();
  if (token.includes('@')) return undefined;
  const scheme = token.indexOf('://');
  let rest: string;
  if (scheme >= 0) {
    const name = token.slice(0, scheme);
    if (!name.endsWith('http') && !name.endsWith('https')) return undefined;
    rest = token.slice(scheme + 3);
  } else if (token.startsWith('www.')) {
    rest = token;
  } else if (token.indexOf('/') > 0) {
    rest = token;
    if (rest.indexOf('/') === rest.length - 1) return undefined; // "and/" or "km/": no path after it
  } else {
    return undefined;
  }
  let end = rest.length;
  for (const c of '/?#:') {
    const i = rest.indexOf(c);
    if (i >= 0 && i < end) end = i;
  }
  const host = rest.slice(0, end).replace(/\.$/, '');
  return host.length <= 253 && HOST.test(host) ? host : undefined;
}

/** The host of the first web address in `text` that has a real public suffix, or undefined. */
export function webAddressIn(text: string): string | undefined {
  const tokens = text.slice(0, MAX_NAME).split(/\s/u);
  for (const token of tokens.slice(0, MAX_TOKENS)) {
    const host = hostOf(token);
    if (!host) continue;
    const p = parseHost(host);
    if (p.isIcann && p.domain) return host;
  }
  return undefined;
}

export function linkInName(message: ParsedMessage): Finding | undefined {
  for (const a of [...message.to, ...message.cc].slice(0, MAX_RECIPIENTS)) {
    const host = webAddressIn(a.name ?? '');
    if (!host) continue;
    return {
      scanner: 'content',
      kind: 'content.link-in-name',
      detail: `the recipient's display name holds a web address (${host}): "${(a.name ?? '').slice(0, 100)}"`,
      subject: host,
      tags: ['to-name', host],
    };
  }
  const text = (message.visibleText || message.text).slice(0, GREETING_WINDOW);
  let n = 0;
  for (const start of greetingEnds(text)) {
    if (++n > MAX_GREETINGS) break;
    let slot = text.slice(start, start + SLOT);
    const end = SLOT_END.exec(slot);
    if (end) slot = slot.slice(0, end.index);
    const host = webAddressIn(slot);
    if (!host) continue;
    return {
      scanner: 'content',
      kind: 'content.link-in-name',
      detail: `the greeting names the reader with a web address (${host}): "${slot.trim().slice(0, 100)}"`,
      subject: host,
      tags: ['greeting', host],
    };
  }
  return undefined;
}
