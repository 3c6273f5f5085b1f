import type { ParsedMessage } from '../../parse/types.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { collectUrls } from '../urls/index.js';
import { sentFromKnownDomain, sentFromProtectedOrganisation } from '../urls/lists.js';
import { siteHost } from '../urls/domains.js';
import { abusedTlds } from '../links/index.js';
import { deobfuscate, obfuscation, type Deobfuscated } from './deobfuscate.js';
import { foldText, INVISIBLE } from './fold.js';
import { isFraudAwareness, namedAsFraudAt } from './awareness.js';
import { isLotteryResults, PRIZE_WORDING } from './results-notice.js';
import { lureFinding } from './lure.js';
import { withClaimSite } from './claim-elsewhere.js';
import { withoutBareUnreachable } from './boss-fraud.js';
import { scamOfferFinding } from './offer.js';
import { cryptoRequests } from './crypto-claim.js';
import { withWalletBrand } from './wallet-brand.js';
import { gamblingBonusFinding } from './gambling-bonus.js';
import { callbackScamFinding, callbackSender } from './callback.js';
import { shareLureFinding } from './share-lure.js';
import { accountGrantFinding } from './account-grant.js';
import { formPasswordFinding } from './form-password.js';
import { relayedLureFinding, relayOf, withReplyElsewhere } from './relayed.js';
import { SHORT_TEXT, smsAdFindings } from './sms.js';
import { splitWordsFinding } from './split-words.js';
import { unfilledPlaceholderFinding } from './placeholders.js';
import { exactPhraseMatcher, exactText, phraseMatcher, type PhraseEntry, type PhraseMatcher } from './phrases.js';
import { negatedAt } from './negation.js';
import { readTyped, typingMethod } from './typed-keys.js';
import { harmfulFindings, TEXT_SEAM } from './harmful.js';
import { extortionFinding, favourRequestFindings, MESSAGING_LINK_HOSTS } from './favour-scam.js';

/** Hidden text longer than this (visible characters, whitespace and invisibles not counted) is padding. */
export const HIDDEN_TEXT_PADDING = 300;
/** Distinct disguised words ("ZaL0", "t.iền", "ＮℍⒶ𝐮") from which a short text counts as obfuscated. */
export const HEAVY_OBFUSCATION = 3;
/** Long texts (newsletters full of odd names and handles) need one disguised word more per this many characters. */
const OBFUSCATION_PER_CHARS = 5000;
/** Phrase findings per message: enough to explain, never a flood. */
const MAX_PHRASE_FINDINGS = 50;
const NESTED_DEPTH = 8;
/**
 * Keeps a phrase from spanning two texts (subject | body): not a space, not a word character, a
 * sentence mark for negation.ts, and never a separator of pulled-apart letters for harmful.ts.
 */
const SEPARATOR = TEXT_SEAM;

const URL_IN_TEXT = /(?:\b(?:https?|ftp):\/\/|\bwww\.)[^\s<>"']+/i;
const INVISIBLE_OR_SPACE = new RegExp(`(?:\\s|${INVISIBLE.source})+`, 'gu');

function texts(message: ParsedMessage, pick: (m: ParsedMessage) => string[], max: number): string {
  const parts: string[] = [];
  let total = 0;
  const walk = (m: ParsedMessage, depth: number): void => {
    for (const t of pick(m)) {
      if (total >= max || !t) continue;
      const piece = t.length > max - total ? t.slice(0, max - total) : t;
      parts.push(piece);
      total += piece.length;
    }
    if (depth < NESTED_DEPTH) for (const n of m.nested) walk(n, depth + 1);
  };
  walk(message, 0);
  return parts.join(SEPARATOR);
}

/** The lists whose phrases say what a lure says: not counted in a negated clause (negation.ts). */
const NEGATABLE_LISTS: ReadonlySet<string> = new Set(['phrases_scam', 'phrases_phishing']);

/** Occurrences read for a negation per message (each ~10 µs); past that, every phrase counts (fail closed). */
const MAX_NEGATION_CHECKS = 200;

/**
 * "Ngân hàng không bao giờ yêu cầu ... xác thực tài khoản": a scam or phishing phrase a negation
 * governs; "Cảnh báo lừa đảo cập nhật sinh trắc học": one the words before it call a fraud (awareness.ts).
 */
function negatedPhrase(folded: string): (start: number, entries: readonly PhraseEntry[]) => boolean {
  let checks = 0;
  return (start, entries) =>
    entries.some((e) => NEGATABLE_LISTS.has(e.list)) && ++checks <= MAX_NEGATION_CHECKS && (negatedAt(folded, start) || namedAsFraudAt(folded, start));
}

function phraseFindings(matcher: PhraseMatcher, folded: string, skip?: (start: number, entries: readonly PhraseEntry[]) => boolean): Finding[] {
  return matcher
    .findFolded(folded, skip)
    .slice(0, MAX_PHRASE_FINDINGS)
    .map((e) => ({
      scanner: 'content' as const,
      kind: 'content.phrase' as const,
      list: e.list,
      subject: e.phrase,
      detail: `phrase "${e.phrase}" from list ${e.list} in the subject or visible text`,
    }));
}

function hiddenTextFinding(matcher: PhraseMatcher, hidden: string): Finding | undefined {
  if (hidden.trim() === '') return undefined;
  const reasons: string[] = [];
  let subject: string | undefined;
  const phrases = matcher.find(hidden);
  if (phrases.length > 0) {
    reasons.push('phrase');
    subject = phrases[0]!.phrase;
  }
  const url = URL_IN_TEXT.exec(hidden)?.[0];
  if (url) {
    reasons.push('url');
    subject ??= url.length > 200 ? `${url.slice(0, 200)}…` : url;
  }
  const visible = hidden.replace(INVISIBLE_OR_SPACE, '').length;
  if (visible > HIDDEN_TEXT_PADDING) {
    reasons.push('padding');
    subject ??= `${visible} hidden characters`;
  }
  if (reasons.length === 0) return undefined;
  const what = phrases.length > 0 ? ` (phrases: ${phrases.slice(0, 5).map((p) => p.phrase).join(', ')})` : '';
  return {
    scanner: 'content',
    kind: 'content.hidden-text',
    detail: `text hidden by CSS holds ${reasons.join(', ')}${what}; ${visible} hidden characters`,
    subject,
    tags: reasons,
  };
}

/** The phrase lists a fraud-awareness notice quotes by its nature (its harmful-language hits stay). */
const QUOTED_BY_NOTICES: ReadonlySet<string> = new Set(['phrases_scam', 'phrases_phishing']);

/**
 * A fraud-awareness notice (awareness.ts) quotes scam and phishing phrases to teach what a lure looks
 * like: those phrase findings become one content.fraud-awareness naming them, which no rule counts as a
 * sign. Any other message keeps its phrase findings as they are.
 */
function awarenessOrPhrases(phrases: Finding[], foldedSubject: string, folded: string): Finding[] {
  const quoted = phrases.filter((f) => f.list !== undefined && QUOTED_BY_NOTICES.has(f.list));
  if (quoted.length === 0 || !isFraudAwareness(foldedSubject, folded)) return phrases;
  const names = quoted.map((f) => f.subject).slice(0, 5).join(', ');
  return [
    ...phrases.filter((f) => !quoted.includes(f)),
    {
      scanner: 'content',
      kind: 'content.fraud-awareness',
      detail: `a fraud-awareness notice (its subject is about fraud, its text warns about fraudsters): the ${quoted.length} scam or phishing phrases it quotes (${names}) are not counted as signs`,
      subject: quoted[0]!.subject,
      tags: [...new Set(quoted.map((f) => f.list!))],
    },
  ];
}

/**
 * A lottery results notice (results-notice.ts) says "trúng thưởng" of tickets and the public: its
 * plain prize wording from phrases_scam is not a sign and is dropped; every other phrase stays.
 */
function withoutResultsWording(phrases: Finding[], folded: string): Finding[] {
  const prize = phrases.filter((f) => f.list === 'phrases_scam' && f.subject !== undefined && PRIZE_WORDING.has(foldText(f.subject)));
  if (prize.length === 0 || !isLotteryResults(folded)) return phrases;
  return phrases.filter((f) => !prize.includes(f));
}

/**
 * content.obfuscated-text for the subject + body when HEAVY_OBFUSCATION words or more are disguised;
 * not when the identity scanner already reports the subject or From name (one finding per message).
 */
function obfuscatedTextFinding(message: ParsedMessage, clean: Deobfuscated): Finding | undefined {
  if (clean.count < HEAVY_OBFUSCATION + Math.floor(clean.text.length / OBFUSCATION_PER_CHARS)) return undefined;
  if (obfuscation(message.subject) !== undefined || obfuscation(message.from[0]?.name ?? '') !== undefined) return undefined;
  return {
    scanner: 'content',
    kind: 'content.obfuscated-text',
    detail: `the text disguises ${clean.count} words with digits for letters, stylised or look-alike letters, or characters inside words (${clean.samples.join(', ')})`,
    subject: clean.samples.join(' ').slice(0, 100),
    tags: ['text'],
  };
}

/**
 * Phrase lists on subject + visible text (obfuscation undone), the shape of a credential or payment
 * lure (content.lure; a money lure whose links lead away from the sender is tagged 'claim-elsewhere',
 * see claim-elsewhere.ts; one relayed by a helpdesk, form or sharing service is tagged 'relayed', see
 * relayed.ts) and of a scam offer answered in a private chat (content.scam-offer), SMS
 * advertising; phrases, URLs or padding in CSS-hidden text.
 */
export function scanContent(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const matcher = phraseMatcher(ctx.policy);
  const exact = exactPhraseMatcher(ctx.policy);
  const max = ctx.limits.maxTextBytes;
  // calendar invitations: what the calendar shows of an event (summary, description) not already in the body
  const written = texts(message, (m) => [m.subject, m.visibleText || m.text, m.calendarText], max);
  // Telex or VNI keystrokes never converted ("tafi khoanr", "ta2i khoa3n") read back as words (typed-keys.ts)
  const typed = typingMethod(written);
  const visible = readTyped(written, typed);
  const clean = deobfuscate(visible);
  const folded = foldText(clean.text);
  const subject = foldText(deobfuscate(readTyped(message.subject, typed)).text);
  const known = sentFromKnownDomain(message, ctx.policy);
  // "không nghe máy được" from a colleague on our own domain is a note, not boss fraud, unless money or secrecy is asked (boss-fraud.ts)
  const findings =
    matcher.size > 0
      ? awarenessOrPhrases(withoutBareUnreachable(withoutResultsWording(phraseFindings(matcher, folded, negatedPhrase(folded)), folded), folded, known), subject, folded)
      : [];
  // read by the exact lists and by the harmful reader: computed once
  const exactClean = exact.size > 0 ? exactText(clean.text) : undefined;
  if (exactClean !== undefined) findings.push(...phraseFindings(exact, exactClean).slice(0, MAX_PHRASE_FINDINGS - findings.length));
  // obscene and abusive language (harmful_words, harmful_mild): teen code, pulled-apart letters, abbreviations in context
  findings.push(...harmfulFindings(ctx.policy, visible, clean.text, exactClean).slice(0, Math.max(0, MAX_PHRASE_FINDINGS - findings.length)));
  // words cut apart by empty markup disguise the text the same way (one finding per message)
  const identityReports = obfuscation(message.subject) !== undefined || obfuscation(message.from[0]?.name ?? '') !== undefined;
  const obfuscated = obfuscatedTextFinding(message, clean) ?? (identityReports ? undefined : splitWordsFinding(message));
  if (obfuscated) findings.push(obfuscated);
  const urls = collectUrls(message, ctx.limits.maxUrls);
  // a bank's or an agency's notice from its own domain (a protected-list entry naming it, not the
  // shared gov.vn), linking only to known organisations, names its own procedures ("cập nhật sinh trắc
  // học trên ứng dụng"): the credential thief's wording (phrases_phishing) is not counted there; scam
  // phrases still are. A forged From is for SPF/DKIM/DMARC and the lookalike checks (urls/lists.ts).
  if (findings.length > 0 && sentFromProtectedOrganisation(message, ctx.policy, urls.map((u) => u.host.toLowerCase()))) {
    for (let i = findings.length - 1; i >= 0; i--) if (findings[i]?.list === 'phrases_phishing') findings.splice(i, 1);
  }
  findings.push(...smsAdFindings(folded, urls.some((u) => u.host !== ''), folded.length <= SHORT_TEXT ? (exactClean ?? exactText(clean.text)) : undefined));
  // a helpdesk, form or sharing service relays its users' text from its own (known) domain: read it all the same
  const relay = relayOf(message);
  if (!known || relay) {
    const subjectLength = subject !== '' && folded.startsWith(subject) ? subject.length : 0;
    const lure = relay ? relayedLureFinding(relay, folded, subjectLength) : lureFinding(folded, subjectLength);
    // a relayed lure whose answers go to free mail or an abused top-level domain: tag 'reply-elsewhere'
    if (lure) findings.push(withClaimSite(relay ? withReplyElsewhere(lure, message, abusedTlds(ctx.policy)) : lure, message, ctx.policy, urls));
  }
  if (!known) {
    const offer = scamOfferFinding(folded);
    if (offer) findings.push(offer);
    // "connect your wallet", "claim your airdrop", "free mint": a wallet-drainer's request (crypto-claim.ts)
    // …asked in the name of a wallet or exchange brand the sender is not (wallet-brand.ts): tag 'brand-elsewhere'
    const requested = cryptoRequests(folded);
    const crypto = withWalletBrand(requested.claim, requested.update, message, ctx.policy, folded);
    if (crypto) findings.push(crypto);
    // "C$7,500 bonus + 400 free spins", "50% bonus on every deposit": casino spam (gambling-bonus.ts)
    const gambling = gamblingBonusFinding(folded, message, ctx.policy, urls);
    if (gambling) findings.push(gambling);
    // "$499.99 has been charged… if you did not authorize this, call +1 …": callback phishing (callback.ts)
    const callback = callbackScamFinding(folded, callbackSender(message, ctx.policy));
    if (callback) findings.push(callback);
    // #RANDOM#, {{first_name}} left unfilled by a mass-mailing tool (placeholders.ts)
    const placeholder = unfilledPlaceholderFinding(message);
    if (placeholder) findings.push(placeholder);
    // gift-card codes asked for, a BEC opener ("are you at your desk? … discreetly"): favour-scam.ts;
    // an invitation link of a messaging app (zalo.me, t.me) is the private chat it moves to, not a web link
    findings.push(...favourRequestFindings(message, folded, urls.some((u) => u.host !== '' && !MESSAGING_LINK_HOSTS.has(siteHost(u.host)))));
  }
  // sextortion: a crypto address under a threat (favour-scam.ts), read whoever the sender is (the
  // reader's own address is often forged as the From), not in a fraud-awareness notice quoting one
  const extortion = extortionFinding(folded, clean.text);
  if (extortion && !isFraudAwareness(subject, folded)) findings.push(extortion);
  // a "document shared with you" notice whose button leads away from the service (share-lure.ts)
  const share = shareLureFinding(message, ctx.policy, folded, urls);
  if (share) findings.push(share);
  // a device-login page with a code, or a real consent page handing the grant elsewhere (account-grant.ts)
  const grant = accountGrantFinding(message, ctx.policy, folded, urls);
  if (grant) findings.push(grant);
  // a password asked for through Google Forms, Microsoft Forms, Jotform, Typeform (form-password.ts)
  const formPassword = formPasswordFinding(message, ctx.policy, folded, urls);
  if (formPassword) findings.push(formPassword);
  const hidden = hiddenTextFinding(matcher, texts(message, (m) => [m.hiddenText], max));
  if (hidden) findings.push(hidden);
  return findings;
}

export const contentScanner: Scanner = guardedScanner('content', 'content', scanContent);
