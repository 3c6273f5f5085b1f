import type { Address, ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { FREEMAIL } from './freemail.js';

/**
 * The text asks the reader to write to a free-mail mailbox that is not the sender's: "kindly
 * respond to my private e-mail: x@outlook.com", "entre em contato com: y@gmail.com". It is the
 * Reply-To trick written into the body, the mark of advance-fee fraud and of mail sent from a
 * borrowed or hacked mailbox (the answers must reach the scammer, not the mailbox's owner).
 * Reported as sender.reply-to-mismatch with tag 'in-text' (the Reply-To header itself wins when it
 * already diverts replies; the recipients' own addresses and, on a mailing list that rewrites From,
 * the author's Reply-To are not "elsewhere"). Lines quoted with '>' are not read: a reply quoting someone's
 * signature is not asking anything.
 */

/** Only the start of the text is read: the request stands next to the story. */
const WINDOW = 5000;
/** Addresses looked at, at most. */
const MAX_ADDRESSES = 20;
/** How far before the address the request may stand (characters). */
const LEAD = 150;

const LOCAL_CHARS = /^[a-z0-9._%+-]$/;
const DOMAIN_CHARS = /^[a-z0-9.-]$/;
const DOMAIN = /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,6}$/;

/** One e-mail address in lower-case text, found around an '@' (a loop, no backtracking expression). */
interface Found {
  address: string;
  domain: string;
  at: number;
}

function trimDots(s: string, start: boolean): string {
  let a = 0;
  let b = s.length;
  if (start) while (a < b && s[a] === '.') a++;
  while (b > a && s[b - 1] === '.') b--;
  return s.slice(a, b);
}

/** The e-mail addresses of `text` (lower case), at most `max`. */
export function addressesIn(text: string, max: number): Found[] {
  const out: Found[] = [];
  let from = 0;
  while (out.length < max) {
    const i = text.indexOf('@', from);
    if (i === -1) break;
    from = i + 1;
    let a = i;
    while (a > 0 && i - a < 64 && LOCAL_CHARS.test(text[a - 1]!)) a--;
    let b = i + 1;
    while (b < text.length && b - i <= 253 && DOMAIN_CHARS.test(text[b]!)) b++;
    const local = trimDots(text.slice(a, i), true);
    const domain = trimDots(text.slice(i + 1, b), false);
    if (local === '' || !DOMAIN.test(domain)) continue;
    out.push({ address: `${local}@${domain}`, domain, at: i - local.length });
  }
  return out;
}

/**
 * Words asking to write, answer or get in touch, in the languages mass scams arrive in (English,
 * Vietnamese, Portuguese, Spanish, French, German, Italian, Dutch), read on lower-cased text. A bare
 * "Email:" label counts only as "private/personal e-mail": signatures carry plain labels.
 */
const REQUEST = new RegExp(
  [
    'contact(?:ing)? (?:me|us|him|her|my|our|the|through|via|on|at|with)',
    'reach (?:me|us)', 'get (?:back )?in touch', 'get back to me', 'write (?:to|me|us|back)', 'reply (?:to me|to us|me|back|directly)',
    'respond (?:to|via|through|directly)', 'kindly (?:respond|reply|write|contact)', 'e-?mail me', 'send (?:me|us) (?:an? )?(?:e-?mail|mail|message)',
    '(?:private|personal|direct) e-?mail', 'e-?mail (?:address )?(?:privado|particular|pessoal|personnel|privé|privat)',
    // the broken English of romance and advance-fee scams: "Response me to x@outlook.com", "It's my
    // e-mail for response y@gmail.com", "answer me at ..."
    'response me (?:to|at|on|via)', 'e-?mail (?:for|to) (?:response|reply|answer|contact)', 'answer (?:me|to me|back)',
    // vi
    'liên hệ', 'liên lạc', 'phản hồi (?:qua|về|tới|đến)', 'gửi thư (?:về|tới|đến|cho)', 'hồi âm (?:qua|về|tới|đến)',
    'trả lời (?:tôi |em |anh |chị )?(?:qua|về|tới|đến)',
    // pt, es
    'entre em contato', 'entrar em contato', 'contate', 'contacte', 'escreva', 'escriba', 'responda', 'contáctenos', 'contacto con',
    'meu e-?mail', 'mi correo', 'correo (?:electrónico )?(?:privado|personal)',
    // fr, de, it, nl
    'contactez', 'écrivez', 'répondez', 'kontaktieren sie', 'schreiben sie', 'antworten sie', 'contattami', 'contattare', 'scrivi',
    'rispondi', 'neem contact', 'schrijf',
  ].join('|'),
  'u',
);

export interface ContactOptions {
  /** The sender's address: writing to it is ordinary. */
  from: string;
  replyTo: readonly Address[];
  /** The message came through a mailing list (List-Id/List-Post). */
  list: boolean;
}

/** The text without lines quoted by '>' (kept as empty lines, so positions stay close). */
function unquoted(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^\s*>/.test(line) ? '' : line))
    .join('\n');
}

/** An address the text asks the reader to write to, with the words that ask. */
export interface AskedAddress {
  address: string;
  domain: string;
  asked: string;
}

/**
 * The addresses (lower case, in order, at most MAX_ADDRESSES read) that the start of the text asks
 * the reader to write to, reply to or contact; lines quoted with '>' are not read. Also read by
 * content/relayed.ts (a lure relayed by a genuine service that asks for answers elsewhere).
 */
export function askedAddresses(message: ParsedMessage): AskedAddress[] {
  const text = unquoted((message.visibleText || message.text).slice(0, WINDOW)).toLowerCase();
  if (!text.includes('@')) return [];
  const out: AskedAddress[] = [];
  for (const { address, domain, at } of addressesIn(text, MAX_ADDRESSES)) {
    const asked = REQUEST.exec(text.slice(Math.max(0, at - LEAD), at));
    if (asked) out.push({ address, domain, asked: asked[0] });
  }
  return out;
}

export function contactElsewhere(message: ParsedMessage, opts: ContactOptions): Finding | undefined {
  const requested = askedAddresses(message);
  if (requested.length === 0) return undefined;
  const from = opts.from.trim().toLowerCase();
  const own = new Set<string>([from]);
  // A list that rewrites From to its own address puts the author in Reply-To: the author's own
  // mailbox, free mail or not. Anywhere else a free-mail Reply-To is the trick itself, not an excuse.
  const fromDomain = from.slice(from.lastIndexOf('@') + 1);
  const authorInReplyTo = opts.list && FREEMAIL.match(fromDomain) === undefined;
  const recipients = [...(authorInReplyTo ? opts.replyTo : []), ...message.to, ...message.cc];
  for (const a of recipients.slice(0, MAX_ADDRESSES * 2)) {
    own.add((a.address ?? '').trim().toLowerCase());
  }
  for (const { address, domain, asked } of requested) {
    if (own.has(address) || FREEMAIL.match(domain) === undefined) continue;
    return {
      scanner: 'sender',
      kind: 'sender.reply-to-mismatch',
      detail: `the text asks to write to ${address} (free mail, "${asked}"), not to the sender${from ? ` ${from}` : ''}`,
      subject: address,
      tags: ['freemail', 'in-text'],
    };
  }
  return undefined;
}
