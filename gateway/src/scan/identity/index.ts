import { getDomain } from 'tldts';
import type { Address, ParsedMessage } from '../../parse/types.js';
import { toAsciiHostname } from '../../policy/lists.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { INVISIBLE_CHARS } from '../brand/brands.js';
import { obfuscation } from '../content/deobfuscate.js';
import { abusedHosting, abusedTlds } from '../links/index.js';
import { localDomains, registrableDomain } from '../urls/domains.js';
import { FREEMAIL } from './freemail.js';
import { generatedAddress } from './generated.js';

/**
 * Who the message says it is from, read for the tricks of mass phishing and scams:
 *  - sender.invalid-from: no From address, or one whose domain is no domain ("x@correios", "<>");
 *  - sender.display-name-address: the From name shows an address of another domain
 *    ("support@bank.example" <x@elsewhere.example>);
 *  - sender.reply-to-mismatch: replies go to a free-mail mailbox that is not the sender's;
 *  - sender.reply-to-other-domain: else, replies go to another domain than the sender's (weaker);
 *  - content.recipient-address: the recipient's own address used as a name ("Dear a@b.vn", in the subject);
 *  - sender.abused-hosting: the From address is on free hosting (x@app-1.firebaseapp.com);
 *  - sender.abused-tld: the From address is under a top-level domain on the policy list abused_tlds;
 *  - sender.generated-address: the From address looks machine-made (random mixed-case name part,
 *    digits scattered through the domain name); see generated.ts;
 *  - content.obfuscated-text: subject or From name broken up by invisible characters
 *    ("Mi\u200Bcro\u200Bsoft") or words mixing Latin with Greek/Cyrillic letters ("Αmazοn").
 * Each kind is reported at most once per message, so a policy's min_count counts distinct signals.
 * Mail from the local domains is not judged here. Observes only; the policy decides.
 */

const MAX_ADDRESSES = 20;
/** Only the start of the text is read for a greeting: that is where "Dear <address>" stands. */
const GREETING_WINDOW = 4000;
const ADDRESS_IN_NAME = /[\p{L}\p{N}._%+-]+@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/u;
/** Greeting words (several languages, Vietnamese included) that a name normally follows. */
const GREETING =
  /(?:^|[^\p{L}])(?:dear|hello|hi|hey|greetings|attention|hallo|liebe|lieber|sehr geehrte[rs]?|glückwunsch|hola|estimado|estimada|olá|ola|oi|prezado|prezada|prezado\(a\)|caro|cara|cher|chère|bonjour|salut|félicitations|ciao|beste|kính gửi|xin chào|chào|thân gửi)\s*[,:!-]?\s*$/u;

/** Defined with the rest of the obfuscation detection (content/deobfuscate); re-exported for callers here. */
export { obfuscation };

export interface AddressParts {
  local: string;
  /** ASCII lower-case domain; '' when there is none or it is not a host name. */
  domain: string;
}

/** Local part and domain of an address; domain '' when the part after '@' is not a host name. */
export function splitAddress(address: string | undefined): AddressParts {
  const a = (address ?? '').trim().replace(/^<|>$/g, '');
  const at = a.lastIndexOf('@');
  if (at <= 0) return { local: a.toLowerCase(), domain: '' };
  return { local: a.slice(0, at).toLowerCase(), domain: toAsciiHostname(a.slice(at + 1)) ?? '' };
}

/** Why a From address is no usable address, or undefined when it is one. */
export function invalidFromReason(from: Address | undefined): string | undefined {
  if (!from) return 'no From address';
  const address = (from.address ?? '').trim();
  if (address === '') return 'the From address is empty';
  if (!address.includes('@')) return `the From address ${address.slice(0, 100)} has no domain`;
  const { domain } = splitAddress(address);
  if (domain === '') return `the domain of the From address ${address.slice(0, 100)} is not a host name`;
  if (getDomain(domain) === null) return `the domain of the From address ${address.slice(0, 100)} has no registrable name (no top-level domain)`;
  return undefined;
}

function displayNameAddress(from: Address, fromDomain: string): Finding | undefined {
  const m = ADDRESS_IN_NAME.exec((from.name ?? '').slice(0, 300));
  if (!m) return undefined;
  const shown = toAsciiHostname(m[1]!) ?? '';
  if (shown === '' || getDomain(shown) === null) return undefined;
  if (fromDomain !== '' && registrableDomain(shown) === registrableDomain(fromDomain)) return undefined;
  return {
    scanner: 'sender',
    kind: 'sender.display-name-address',
    detail: `From name shows ${m[0]} but the address is ${from.address || '(none)'}`,
    subject: m[0],
    tags: [registrableDomain(shown)],
  };
}

function replyToMismatch(replyTo: Address[], from: AddressParts): Finding | undefined {
  for (const r of replyTo.slice(0, MAX_ADDRESSES)) {
    const rt = splitAddress(r.address);
    if (rt.domain === '' || FREEMAIL.match(rt.domain) === undefined) continue;
    const sameDomain = from.domain !== '' && registrableDomain(rt.domain) === registrableDomain(from.domain);
    if (sameDomain && rt.local === from.local) continue;
    // A free-mail sender whose replies go to another mailbox of the same provider is the same
    // trick (one account sends, another collects); mailing lists do not reply to free mail.
    return {
      scanner: 'sender',
      kind: 'sender.reply-to-mismatch',
      detail: `replies go to ${r.address} (free mail), not to the sender${from.domain ? ` at ${from.domain}` : ''}`,
      subject: r.address,
      tags: ['freemail', ...(sameDomain ? ['same-provider'] : [])],
    };
  }
  return undefined;
}

/**
 * Replies go to another organisation than the sender's (not free mail: replyToMismatch reports
 * that): the sender borrows a name and collects answers elsewhere. Shared services that answer for
 * their users (documents, calendars, help desks) do this too, so it is a weak sign on its own.
 */
function replyToOtherDomain(replyTo: Address[], from: AddressParts): Finding | undefined {
  if (from.domain === '') return undefined;
  const fromOrg = registrableDomain(from.domain);
  for (const r of replyTo.slice(0, MAX_ADDRESSES)) {
    const rt = splitAddress(r.address);
    if (rt.domain === '' || registrableDomain(rt.domain) === fromOrg) continue;
    return {
      scanner: 'sender',
      kind: 'sender.reply-to-other-domain',
      detail: `replies go to ${r.address.slice(0, 100)}, another domain than the sender's ${from.domain}`,
      subject: r.address.slice(0, 100),
      tags: [registrableDomain(rt.domain)],
    };
  }
  return undefined;
}

function recipientAddress(message: ParsedMessage, ctx: ScanContext): Finding | undefined {
  const recipients = new Set<string>();
  for (const a of [...message.to, ...message.cc].slice(0, MAX_ADDRESSES)) {
    const addr = (a.address ?? '').trim().toLowerCase();
    if (addr.includes('@') && addr.length >= 6) recipients.add(addr);
  }
  for (const r of (ctx.envelope?.rcptTo ?? []).slice(0, MAX_ADDRESSES)) {
    const addr = r.trim().replace(/^<|>$/g, '').toLowerCase();
    if (addr.includes('@') && addr.length >= 6) recipients.add(addr);
  }
  if (recipients.size === 0) return undefined;
  const subject = message.subject.toLowerCase();
  const text = (message.visibleText || message.text).slice(0, GREETING_WINDOW).toLowerCase();
  for (const addr of recipients) {
    if (subject.includes(addr)) {
      return {
        scanner: 'content',
        kind: 'content.recipient-address',
        detail: `the subject holds the recipient's address ${addr}`,
        subject: addr,
        tags: ['subject'],
      };
    }
    let from = 0;
    for (let n = 0; n < 5; n++) {
      const at = text.indexOf(addr, from);
      if (at === -1) break;
      if (GREETING.test(text.slice(Math.max(0, at - 40), at))) {
        return {
          scanner: 'content',
          kind: 'content.recipient-address',
          detail: `the text greets the recipient by the address ${addr}`,
          subject: addr,
          tags: ['greeting'],
        };
      }
      from = at + addr.length;
    }
  }
  return undefined;
}

export function scanIdentity(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const from = message.from[0];
  const fromParts = splitAddress(from?.address);
  if (fromParts.domain !== '' && localDomains(ctx.policy).match(fromParts.domain) !== undefined) return [];
  const findings: Finding[] = [];
  const invalid = invalidFromReason(from);
  if (invalid) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.invalid-from',
      detail: invalid,
      subject: (from?.address ?? '').slice(0, 100) || (from?.name ?? '').slice(0, 100),
    });
  }
  if (from) {
    const shown = displayNameAddress(from, fromParts.domain);
    if (shown) findings.push(shown);
  }
  // Mailing lists put the list in From and the author in Reply-To (DMARC-safe rewriting): normal.
  const list = message.headers.some((h) => h.key === 'list-id' || h.key === 'list-post');
  const rt = list ? undefined : (replyToMismatch(message.replyTo, fromParts) ?? replyToOtherDomain(message.replyTo, fromParts));
  if (rt) findings.push(rt);
  const rcpt = recipientAddress(message, ctx);
  if (rcpt) findings.push(rcpt);
  const hosting = fromParts.domain === '' ? undefined : abusedHosting(ctx.policy).match(fromParts.domain);
  if (hosting !== undefined) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.abused-hosting',
      detail: `the From address ${from?.address ?? ''} is on ${hosting}, a free hosting service`,
      subject: fromParts.domain,
      tags: [hosting],
    });
  }
  const generated = from ? generatedAddress(from.address ?? '', fromParts.domain) : undefined;
  if (generated) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.generated-address',
      detail: `the ${generated === 'domain' ? 'domain' : 'name part'} of the From address ${(from?.address ?? '').slice(0, 100)} looks made by a program, not chosen by a person`,
      subject: (from?.address ?? '').slice(0, 100),
      tags: [generated],
    });
  }
  const tld = fromParts.domain === '' ? undefined : abusedTlds(ctx.policy).match(fromParts.domain);
  if (tld !== undefined) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.abused-tld',
      detail: `the From address ${from?.address ?? ''} is under .${tld}, a top-level domain mostly registered for spam and phishing`,
      subject: fromParts.domain,
      tags: [tld],
    });
  }
  for (const [where, text] of [['subject', message.subject], ['from-name', from?.name ?? '']] as const) {
    const why = obfuscation(text);
    if (why) {
      findings.push({
        scanner: 'content',
        kind: 'content.obfuscated-text',
        detail: `the ${where === 'subject' ? 'subject' : 'From name'} holds ${why}`,
        subject: text.replace(INVISIBLE_CHARS, '').slice(0, 100),
        tags: [where],
      });
      break;
    }
  }
  return findings;
}

export const identityScanner: Scanner = guardedScanner('sender', 'identity', scanIdentity);
