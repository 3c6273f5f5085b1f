import { getDomain } from 'tldts';
import { bidiHeaderFinding } from './bidi-header.js';
import type { Address, ParsedMessage } from '../../parse/types.js';
import { toAsciiHostname } from '../../policy/lists.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { brandMatcher, findBrand, INVISIBLE_CHARS } from '../brand/brands.js';
import { obfuscation } from '../content/deobfuscate.js';
import { abusedHosting, abusedTlds } from '../links/index.js';
import { localDomains, registrableDomain } from '../urls/domains.js';
import { FREEMAIL } from './freemail.js';
import { generatedAddress, generatedOtherAddress } from './generated.js';
import { institutionIn } from './institution.js';
import { contactElsewhere } from './contact-elsewhere.js';
import { relayBySender } from '../content/relayed.js';
import { linkInName } from './name-lure.js';
import { formFieldLure } from './form-field-lure.js';
import { moneyOffer } from './money-offer.js';
import { stylisedName } from './stylised-name.js';
import { disguisedAddress } from './disguised-address.js';

/**
 * Who the message says it is from, read for the tricks of mass phishing and scams:
 *  - sender.invalid-from: no From address, or one whose domain is no domain ("x@correios", "<>"), or
 *    a From header listing several senders or a quoted name without an address (tag 'from-list');
 *  - sender.display-name-address: the From name shows an address of another domain
 *    ("support@bank.example" <x@elsewhere.example>);
 *  - sender.reply-to-mismatch: replies go to a free-mail mailbox that is not the sender's (or, tag
 *    'in-text', the text asks the reader to write to one: see contact-elsewhere.ts); the Reply-To of
 *    a mailing list or of a service relaying its users' text (content/relayed.ts) is not judged;
 *    tag 'money-offer' when the text also offers the reader a fortune (millions, an inheritance, a
 *    donation to receive: money-offer.ts), the whole advance-fee story;
 *  - sender.reply-to-other-domain: else, replies go to another domain than the sender's (weaker);
 *  - content.recipient-address: the recipient's own address used as a name ("Dear a@b.vn", in the subject);
 *  - content.link-in-name: a web address where the recipient's name belongs (To name, greeting): a
 *    lure typed into a genuine service's form; see name-lure.ts (and form-field-lure.ts: the name or
 *    user-name field of a form notification, tag 'form-field');
 *  - sender.abused-hosting: the From address is on free hosting (x@app-1.firebaseapp.com);
 *  - sender.abused-tld: the From address is under a top-level domain on the policy list abused_tlds;
 *    else (tag 'reply-to') a Reply-To address of another domain than the sender's is;
 *  - sender.institution-freemail: the From name claims a bank, court, police, tax or customs office
 *    (no particular brand: see institution.ts) while the address is a free-mail mailbox;
 *  - sender.generated-address: the From address looks machine-made (random mixed-case name part,
 *    digits scattered through the domain name); see generated.ts;
 *  - sender.stylised-name: the From name writes an address, a domain or a brand in stylised letters
 *    ("𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲", "ｐａｙｐａｌ"; tag address|domain|name): see stylised-name.ts;
 *  - sender.disguised-address: the From address itself is written to show a domain it does not
 *    come from: stylised letters ("no-reply@𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲") or a quoted address as its name part
 *    (<"noreply@brand.example">); tag stylised|quoted: see disguised-address.ts;
 *  - content.obfuscated-text: subject or From name broken up by invisible characters
 *    ("Mi\u200Bcro\u200Bsoft") or words mixing Latin with Greek/Cyrillic letters ("Αmazοn").
 * Each kind is reported at most once per message, so a policy's min_count counts distinct signals.
 * Mail from the local domains is not judged here. Observes only; the policy decides.
 */

const MAX_ADDRESSES = 20;
/** Only the start of the text is read for a greeting: that is where "Dear <address>" stands. */
const GREETING_WINDOW = 4000;
const ADDRESS_IN_NAME = /[\p{L}\p{N}._%+-]+@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)/u;
/**
 * Greeting words (several languages, Vietnamese included) that a name normally follows; also the
 * greetings of the time of day ("Guten Tag", "Good morning", "Bom dia") and Vietnamese "Chào
 * anh/chị/bạn", which spam tools put before the address they mail just as often as "Dear". The
 * spaces and one mark after it are read as `\s*(?:[,:!-]\s*)?` (not `\s*[,:!-]?\s*`, whose two runs
 * of spaces can split a long run in quadratically many ways): linear whatever the text.
 */
const GREETING =
  /(?:^|[^\p{L}])(?:dear|hello|hi|hey|greetings|attention|hallo|liebe|lieber|sehr geehrte[rs]?|glückwunsch|guten (?:tag|morgen|abend)|good (?:morning|afternoon|evening|day)|hola|buen(?:os días|os dias|as tardes|as noches)|estimado|estimada|olá|ola|oi|bo(?:m dia|a tarde|a noite)|prezado|prezada|prezado\(a\)|caro|cara|buongiorno|cher|chère|bonjour|bonsoir|salut|félicitations|ciao|beste|goedemorgen|goedemiddag|goedenavond|goedendag|hoi|kính gửi|xin chào|chào(?: anh| chị| bạn| quý khách)?|thân gửi)\s*(?:[,:!-]\s*)?$/u;

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

/** Characters of the From header read for its list of entries: a real one is far shorter. */
const MAX_FROM_HEADER = 2000;

/**
 * Entries of an address list at the top level (commas outside quotes, angle brackets and comments),
 * each as written; undefined for group syntax ("Team: a@x, b@y;"), which is read as it is.
 */
export function fromEntries(value: string): string[] | undefined {
  const entries: string[] = [];
  let quoted = false;
  let angle = 0;
  let comment = 0;
  let start = 0;
  const text = value.slice(0, MAX_FROM_HEADER);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') comment++;
    else if (c === ')' && comment > 0) comment--;
    else if (comment > 0) continue;
    else if (c === '<') angle++;
    else if (c === '>' && angle > 0) angle--;
    else if (angle === 0 && (c === ':' || c === ';')) return undefined;
    else if (angle === 0 && c === ',') {
      entries.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  entries.push(text.slice(start).trim());
  return entries.filter((e) => e !== '');
}

const HAS_ADDRESS = /@/;
const QUOTED_ONLY = /^"(?:[^"\\]|\\.)*"$/;

/**
 * Why the From header is no single sender, or undefined: it names several senders, or a quoted name
 * with no address of its own followed by the real address ('"Ukrainische Schönheiten", jehd
 * <service@…>', '"Streaming@Netflix.de", <x@…>'), the bulk mailers' way to show a name of their
 * choosing while the parser reads another. An unquoted "Nguyen, An <an@…>" (a name written surname
 * first) is one entry badly written, not a list, and is left alone.
 */
export function fromListReason(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const entries = fromEntries(value);
  if (!entries || entries.length < 2) return undefined;
  const withAddress = entries.filter((e) => HAS_ADDRESS.test(e.slice(0, 2048).replace(/"(?:[^"\\]|\\.)*"/g, '')));
  if (withAddress.length >= 2) return `the From header names ${entries.length} senders`;
  const nameOnly = entries.find((e) => QUOTED_ONLY.test(e));
  if (nameOnly && withAddress.length === 1) {
    return `the From header puts the name ${nameOnly.slice(0, 100)} in an entry of its own, without an address`;
  }
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

/** Replies diverted to free mail, tagged 'money-offer' when the text offers the reader a fortune. */
function withMoneyOffer(reply: Finding, message: ParsedMessage): Finding {
  const offer = moneyOffer(message);
  if (offer === undefined) return reply;
  return { ...reply, detail: `${reply.detail}; the text offers money ("${offer}")`, tags: [...(reply.tags ?? []), 'money-offer'] };
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

/**
 * Replies go to an address under a top-level domain on the list abused_tlds, of another organisation
 * than the sender's: the same sign as a From address there (sender.abused-tld, tag 'reply-to'), the
 * answers collected on a throw-away domain while the From borrows a respectable one.
 */
export function replyToAbusedTld(replyTo: Address[], from: AddressParts, tlds: { match(domain: string): string | undefined }): Finding | undefined {
  for (const r of replyTo.slice(0, MAX_ADDRESSES)) {
    const rt = splitAddress(r.address);
    if (rt.domain === '') continue;
    if (from.domain !== '' && registrableDomain(rt.domain) === registrableDomain(from.domain)) continue;
    const tld = tlds.match(rt.domain);
    if (tld === undefined) continue;
    return {
      scanner: 'sender',
      kind: 'sender.abused-tld',
      detail: `replies go to ${r.address.slice(0, 100)}, under .${tld}, a top-level domain mostly registered for spam and phishing, not to the sender${from.domain ? ` at ${from.domain}` : ''}`,
      subject: rt.domain,
      tags: [tld, 'reply-to'],
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

/**
 * A message that names none of its recipients (no To or Cc address, or the "Undisclosed
 * recipients:;" group): everyone got it as a blind copy. From a free-mail mailbox that is bulk mail
 * sent from a personal account, the way advance-fee letters, fake summonses and pill spam travel;
 * organisations that mail many people use a mailing service or a list (mailing lists are exempt:
 * they name the list in To). 'undisclosed' when a To/Cc header is there without an address.
 */
export function hiddenRecipients(message: ParsedMessage): 'no-to' | 'undisclosed' | undefined {
  if (message.headers.some((h) => h.key === 'list-id' || h.key === 'list-post')) return undefined;
  if ([...message.to, ...message.cc].some((a) => (a.address ?? '').includes('@'))) return undefined;
  // Judged on the header block as written: without a From header line there is none to read.
  if (!message.headers.some((h) => h.key === 'from')) return undefined;
  const written = message.headers.some((h) => (h.key === 'to' || h.key === 'cc') && h.value.trim() !== '');
  return written ? 'undisclosed' : 'no-to';
}

/** From names and subjects past these lengths are keyword lists, not names or subjects. */
export const STUFFED_NAME_CHARS = 100;
export const STUFFED_SUBJECT_CHARS = 300;

/**
 * A From name or subject stuffed with sales keywords ("Last Chance 50% Off Heating Tech Save Big
 * Final Call …", hundreds of characters): bulk mailers fill them so that some words slip past
 * filters and show in the preview. People's names, organisation names with a department, and
 * subjects of replies and patch series stay well under these lengths.
 */
export function stuffedHeader(subject: string, fromName: string): Finding | undefined {
  const name = fromName.replace(/\s+/g, ' ').trim();
  const subj = subject.replace(/^(?:\s*(?:re|fwd?|aw|tr|sv)\s*:)+/i, '').replace(/\s+/g, ' ').trim();
  const where = name.length > STUFFED_NAME_CHARS ? 'from-name' : subj.length > STUFFED_SUBJECT_CHARS ? 'subject' : undefined;
  if (!where) return undefined;
  const text = where === 'from-name' ? name : subj;
  return {
    scanner: 'sender',
    kind: 'sender.stuffed-header',
    detail: `the ${where === 'from-name' ? 'From name' : 'subject'} is ${text.length} characters long, a list of keywords rather than a ${where === 'from-name' ? 'name' : 'subject'}`,
    subject: text.slice(0, 100),
    tags: [where],
  };
}

export function scanIdentity(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const from = message.from[0];
  const fromParts = splitAddress(from?.address);
  if (fromParts.domain !== '' && localDomains(ctx.policy).match(fromParts.domain) !== undefined) return [];
  const findings: Finding[] = [];
  const invalid = invalidFromReason(from);
  const listed = invalid ? undefined : fromListReason(message.headers.find((h) => h.key === 'from')?.value);
  if (invalid || listed) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.invalid-from',
      detail: (invalid ?? listed)!,
      subject: (from?.address ?? '').slice(0, 100) || (from?.name ?? '').slice(0, 100),
      ...(listed ? { tags: ['from-list'] } : {}),
    });
  }
  const disguised = disguisedAddress(from?.address);
  if (disguised) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.disguised-address',
      detail: disguised.tag === 'stylised'
        ? `the From address ${(from?.address ?? '').slice(0, 100)} is written in stylised letters to read as ${disguised.shown.slice(0, 100)}`
        : `the From address ${(from?.address ?? '').slice(0, 100)} is a quoted name part made to show ${disguised.shown.slice(0, 100)}, not an address of that domain`,
      subject: disguised.shown.slice(0, 100),
      tags: [disguised.tag],
    });
  }
  if (from) {
    const shown = displayNameAddress(from, fromParts.domain);
    if (shown) findings.push(shown);
    const brands = brandMatcher(ctx.policy);
    const styled = stylisedName(from.name ?? '', (plain) => {
      const hit = findBrand(brands, plain, true) ?? findBrand(brands, plain.replace(/ /g, ''), true);
      return hit?.alias;
    });
    if (styled) {
      findings.push({
        scanner: 'sender',
        kind: 'sender.stylised-name',
        detail: `the From name writes ${styled.tag === 'name' ? 'the name' : `the ${styled.tag}`} ${styled.plain} in stylised letters: "${(from.name ?? '').replace(INVISIBLE_CHARS, '').slice(0, 100)}"`,
        subject: styled.plain,
        tags: [styled.tag],
      });
    }
  }
  // Mailing lists put the list in From and the author in Reply-To (DMARC-safe rewriting): normal.
  const list = message.headers.some((h) => h.key === 'list-id' || h.key === 'list-post');
  // So do helpdesks, forms and document shares (content/relayed.ts): Reply-To is their user (the
  // sharer, the respondent), often on Gmail. A lure they relay is judged with that address there
  // (content.lure tag 'reply-elsewhere'); an abused-TLD Reply-To is still sender.abused-tld below.
  // Only a service known by its From address: a relay header alone (X-Zendesk-…) is anyone's to write.
  const relayed = relayBySender(message) !== undefined;
  const rt = list || relayed ? undefined : (replyToMismatch(message.replyTo, fromParts) ?? replyToOtherDomain(message.replyTo, fromParts));
  const written = rt?.kind === 'sender.reply-to-mismatch'
    ? undefined
    : contactElsewhere(message, { from: from?.address ?? '', replyTo: message.replyTo, list });
  // The text's request is the stronger of the two: it replaces a weak reply-to-other-domain.
  const reply = written ?? rt;
  if (reply) findings.push(reply.kind === 'sender.reply-to-mismatch' ? withMoneyOffer(reply, message) : reply);
  const rcpt = recipientAddress(message, ctx);
  if (rcpt) findings.push(rcpt);
  const nameLure = linkInName(message) ?? formFieldLure(message);
  if (nameLure) findings.push(nameLure);
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
  } else {
    // One finding per message: the From address first, then Reply-To and the envelope sender (the
    // Return-Path header when a file is scanned), which a bulk sender fills from the same generator.
    const envelopeSender = ctx.envelope?.mailFrom ?? message.headers.find((h) => h.key === 'return-path')?.value ?? '';
    const other = generatedOtherAddress(message.replyTo[0]?.address ?? '', envelopeSender.slice(0, 320));
    if (other) {
      findings.push({
        scanner: 'sender',
        kind: 'sender.generated-address',
        detail: `the ${other.part === 'domain' ? 'domain' : 'name part'} of the ${other.where === 'reply-to' ? 'Reply-To' : 'envelope sender'} address looks made by a program, not chosen by a person`,
        subject: (other.where === 'reply-to' ? message.replyTo[0]?.address ?? '' : envelopeSender).slice(0, 100),
        tags: [other.part, other.where],
      });
    }
  }
  const freemail = fromParts.domain === '' ? undefined : FREEMAIL.match(fromParts.domain);
  const institution = freemail === undefined ? undefined : institutionIn(from?.name ?? '');
  if (institution) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.institution-freemail',
      detail: `the From name "${(from?.name ?? '').slice(0, 100)}" claims a ${institution.kind} ("${institution.words}") but the address ${(from?.address ?? '').slice(0, 100)} is a free-mail mailbox`,
      subject: (from?.name ?? '').slice(0, 100),
      tags: [institution.kind, freemail!],
    });
  }
  const hidden = freemail === undefined ? undefined : hiddenRecipients(message);
  if (hidden) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.freemail-hidden-recipients',
      detail: `the free-mail mailbox ${(from?.address ?? '').slice(0, 100)} writes to ${hidden === 'no-to' ? 'no named recipient (no To or Cc address)' : 'undisclosed recipients'}: bulk mail from a personal mailbox`,
      subject: (from?.address ?? '').slice(0, 100),
      tags: [hidden, freemail!],
    });
  }
  const stuffed = stuffedHeader(message.subject, from?.name ?? '');
  if (stuffed) findings.push(stuffed);
  const tlds = abusedTlds(ctx.policy);
  const tld = fromParts.domain === '' ? undefined : tlds.match(fromParts.domain);
  if (tld !== undefined) {
    findings.push({
      scanner: 'sender',
      kind: 'sender.abused-tld',
      detail: `the From address ${from?.address ?? ''} is under .${tld}, a top-level domain mostly registered for spam and phishing`,
      subject: fromParts.domain,
      tags: [tld],
    });
  } else {
    const replyTld = replyToAbusedTld(message.replyTo, fromParts, tlds);
    if (replyTld) findings.push(replyTld);
  }
  // a right-to-left override faking ".pdf" in the subject or the From name (bidi-header.ts)
  const bidi = bidiHeaderFinding(message.subject, from?.name ?? '');
  if (bidi) findings.push(bidi);
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
