import type { ParsedMessage } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import { brandMatcher, findBrand, ownedBy } from '../brand/brands.js';
import { FREEMAIL } from '../identity/freemail.js';
import { domainOfAddress } from '../urls/domains.js';
import type { Finding } from '../types.js';
import { isFraudAwareness } from './awareness.js';
import { foldText } from './fold.js';
import { hits, type Hit } from './lure.js';
import { negatedAt } from './negation.js';
import { wordList } from './word-list.js';

/**
 * Callback phishing ("telephone-oriented attack delivery", TOAD): a fake invoice, renewal or charge
 * notice with no link and no malware ("Your Norton 360 subscription has been renewed, $499.99 has
 * been charged… If you did not authorize this, call our billing department at +1 (808) 555-0199";
 * "Tài khoản của Quý khách vừa bị trừ 4.990.000đ cho gói gia hạn… Nếu không phải Quý khách thực
 * hiện, vui lòng gọi ngay tổng đài 0899 …"). The victim calls and is talked into installing
 * remote-access software or paying. Read on folded text (foldText after deobfuscate: lower case,
 * no diacritics), English and Vietnamese, three parts that must all be there:
 *  - a claim (charged, renewed, invoice, order, bị trừ, gia hạn, hóa đơn…) with an amount of money
 *    ($499.99, 299 USD, 4.990.000đ, 4,990,000 VND, … đồng) close to it;
 *  - an instruction to call (call, phone, dial, contact, gọi ngay, liên hệ, tổng đài, hotline…)
 *    with a phone number close to it (international, toll-free, Vietnamese; digits written with
 *    spaces, dots, dashes or the letter o for zero);
 *  - a reason to call that is the scam's: to cancel, dispute, get a refund, "if you did not
 *    authorize", "nếu không phải Quý khách thực hiện", hủy giao dịch, hoàn tiền.
 * A genuine bank notice or shop confirmation gives its hotline "for any question" ("Nếu có thắc
 * mắc, vui lòng liên hệ tổng đài 1900 545413"), not "call to cancel the charge". A call instruction
 * in a negated clause ("we will never ask you to call", negation.ts) and fraud-awareness notices
 * (awareness.ts) do not count.
 *
 * The finding is tagged with what was seen ('amount', 'call-to-cancel', 'phone'), where
 * ('in-picture' when the text was read by OCR) and who sent it: 'freemail' for a free-mail From
 * address, 'brand-elsewhere' and the brand's id when the text, subject or From name names a brand
 * of the brand list whose domains the sender is not on.
 */

/** Only the start of subject + text is read: such a notice is short. */
export const CALLBACK_WINDOW = 6000;
/** Claim and amount stand this close (characters). */
export const AMOUNT_SPAN = 250;
/** Call instruction and phone number stand this close. */
export const PHONE_SPAN = 200;
/** Call instruction and its reason (cancel, refund, not authorized) stand this close. */
export const REASON_SPAN = 300;
/** The charge and the call instruction stand this close: one notice. */
export const NOTICE_SPAN = 2000;
/** Digits of a phone number: 9 (a Vietnamese landline without its 0) to 15 (E.164). */
const PHONE_MIN_DIGITS = 9;
const PHONE_MAX_DIGITS = 15;
/** Separator characters allowed in a row inside a number ("+1 (808) 555-0199", "0899 . 123"). */
const MAX_SEPARATORS = 3;
/** Phone numbers looked at, at most. */
const MAX_PHONES = 40;

const w = (alternatives: readonly string[]): RegExp => wordList(alternatives);

/** What the notice says happened to the reader's money or subscription. */
const CLAIM = w([
  'charged', 'debited', 'billed', 'deducted', 'renewed', 'renewal', 'auto[- ]?renew(?:al|ed)?', 'subscription', 'invoice', 'order',
  'purchased?', 'payment', 'transaction', 'receipt', 'membership', 'charge', 'refund',
  '(?:bi|da|vua|duoc) (?:tru|khau tru|thanh toan|gia han)', 'tru (?:tien|phi)', 'khau tru', 'gia han', 'hoa don', 'don hang',
  'thanh toan', 'giao dich', 'phi (?:duy tri|dich vu|thue bao)', 'thue bao', 'hoan tien',
]);

/** An amount of money: $499.99, us$ 299, 299.00 usd, usd 299, €49, 4.990.000d, 4,990,000 vnd, 500.000 dong. */
const AMOUNT = w([
  '(?:us)?\\$ ?\\d[\\d.,]{0,20}', '[€£] ?\\d[\\d.,]{0,20}', '(?:usd|eur|gbp|vnd) ?\\d[\\d.,]{0,20}',
  '\\d[\\d.,]{0,20} ?(?:usd|us dollars?|dollars|eur|euros?|gbp|vnd|dong)',
  // "4.990.000đ": đ folds to d, so only with thousands groups (not "3d")
  '\\d{1,3}(?:[.,]\\d{3}){1,6} ?d',
]);

/** An instruction to call. "goi" is also "gói" (a package): only as "gọi ngay/điện/cho/đến/số/tổng đài". */
const CALL = w([
  'call', 'calling', 'phone', 'dial', 'ring', 'contact', 'reach (?:us|our|out)', 'speak (?:to|with)', 'talk to',
  'toll[- ]?free', 'hotline', 'helpline', 'help ?desk', 'support (?:line|number|team)', 'billing (?:department|team|support)', 'customer (?:care|service|support)',
  'goi (?:ngay|dien|cho|den|toi|vao|so|lai|tong dai|hotline|sdt)', 'lien he', 'lien lac', 'tong dai', 'so dien thoai', 'sdt', 'dien thoai',
]);

/** Why the reader should call: the scam's reasons (cancel, refund, dispute, not authorized). */
const REASON = w([
  'cancel(?:l?ation|l?ed|l?ing)?', 'dispute', 'revoke', 'reverse', 'stop (?:the|this) (?:payment|charge|renewal|order|transaction)',
  '(?:get|for|request|claim|receive|issue|process) (?:a |an |your )?(?:full )?refund', 'to be refunded',
  "(?:did|do|does|have|has) ?n[o']?t (?:authori[sz]e|make|place|order|purchase|request|initiate|recogni[sz]e|approve)", 'never (?:authori[sz]ed|made|placed|ordered|purchased|requested)',
  'unauthori[sz]ed', 'not authori[sz]ed', 'not (?:you|yours|made by you)', "wasn'?t you", "(?:don'?t|do not) recogni[sz]e",
  'huy (?:giao dich|gia han|don|goi|dich vu|dang ky|thanh toan|lenh|bo giao dich)', 'de (?:duoc )?(?:nhan )?hoan (?:lai )?tien', 'va duoc hoan (?:lai )?tien',
  'yeu cau hoan (?:lai )?tien', 'khong phai (?:la )?(?:quy khach|ban|anh|chi) (?:thuc hien|dat|mua|dang ky|giao dich)',
  'khong (?:thuc hien|dat|yeu cau) giao dich', 'khong (?:do )?(?:quy khach|ban) thuc hien', 'khong uy quyen', 'ngan chan giao dich',
]);

/** A match as quoted in the detail: without the boundary character the pattern starts with. */
const quote = (match: string): string => match.replace(/^[^a-z0-9$€£]/, '').trim().slice(0, 40);

/** Currency around a digit run: an amount, not a phone number. */
const CURRENCY_BEFORE = /(?:\$|€|£|usd|vnd) ?$/;
const CURRENCY_AFTER = /^ ?(?:d(?![a-z])|vnd|dong|usd|\$|€)/;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
/** The characters a phone number can start with (phoneHits). */
const PHONE_START = /[0-9+(]/g;
const isSeparator = (c: string): boolean => c === ' ' || c === '.' || c === '-' || c === '(' || c === ')';

/**
 * Phone numbers in a folded text, with where each starts: runs of digits with at most
 * MAX_SEPARATORS spaces, dots, dashes or brackets between them ("+1 (808) 555-0199",
 * "1-888-555-0199", "8 0 8 5 5 5 0 1 9 9", "0899.123.456"), an 'o' between digits read as a zero
 * ("8o8-555-o199"), of PHONE_MIN_DIGITS to PHONE_MAX_DIGITS digits; not an amount ($, đ, VND beside it).
 */
export function phoneHits(text: string): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && out.length < MAX_PHONES) {
    // on to the next digit, + or ( at once: no other character starts a number (one regex search
    // over the rest of the text instead of a test of each character)
    PHONE_START.lastIndex = i;
    if (!PHONE_START.test(text)) break;
    i = PHONE_START.lastIndex - 1;
    const c = text[i]!;
    const starts = isDigit(c) || ((c === '+' || c === '(') && isDigit(text[i + 1] ?? ''));
    if (!starts || (i > 0 && /[a-z0-9]/.test(text[i - 1]!))) {
      i++;
      continue;
    }
    let k = c === '+' || c === '(' ? i + 1 : i;
    let digits = 0;
    let end = k;
    let seps = 0;
    while (k < n) {
      const d = text[k]!;
      // an 'o' for a zero stands after a digit or separator and before one ("8o8", "555-o199"), never in a word
      const next = text[k + 1] ?? '';
      if (isDigit(d) || (d === 'o' && digits > 0 && (isDigit(next) || isSeparator(next)))) {
        digits++;
        seps = 0;
        end = k + 1;
      } else if (isSeparator(d) && ++seps <= MAX_SEPARATORS) {
        // a separator: the number goes on only if a digit follows
      } else break;
      k++;
      if (digits > PHONE_MAX_DIGITS) break;
    }
    const followed = text.slice(end, end + 6);
    const ok =
      digits >= PHONE_MIN_DIGITS &&
      digits <= PHONE_MAX_DIGITS &&
      !/[a-z]/.test(text[end] ?? '') &&
      !CURRENCY_BEFORE.test(text.slice(Math.max(0, i - 5), i)) &&
      !CURRENCY_AFTER.test(followed);
    if (ok) out.push({ at: i, text: text.slice(i, end).trim() });
    i = Math.max(end, i + 1);
  }
  return out;
}

/** Matches of `re` in `text`, without those a negation governs. */
const affirmed = (re: RegExp, text: string): Hit[] => hits(re, text, quote).filter((h) => !negatedAt(text, h.at));
const nearest = (h: Hit, others: readonly Hit[], span: number): Hit | undefined => others.find((o) => Math.abs(o.at - h.at) <= span);

/** A sentence ends: ". " or "! "; a question may come before its call ("Didn't authorize this? Call …"). */
const SENTENCE_END = /[.!] /;

/** The reason and the call instruction stand in one sentence: "if you did not authorize this, call" / "gọi ngay … để hủy giao dịch". */
function oneSentence(text: string, reason: Hit, call: Hit): boolean {
  const between = text.slice(Math.min(reason.at, call.at) + 1, Math.max(reason.at, call.at));
  if (SENTENCE_END.test(between) || between.includes(' | ')) return false;
  return reason.at < call.at || !between.includes('? ');
}

export interface CallbackSender {
  /** The From address (may be empty). */
  from: string;
  /** The From display name. */
  fromName: string;
  subject: string;
  policy: Policy;
}

/** What the text of a callback notice holds; undefined when it is not one. */
export function callbackShape(folded: string, foldedSubject = ''): { amount: Hit; claim: Hit; call: Hit; phone: Hit; reason: Hit } | undefined {
  const text = folded.length > CALLBACK_WINDOW ? folded.slice(0, CALLBACK_WINDOW) : folded;
  const phones = phoneHits(text);
  if (phones.length === 0) return undefined;
  const amounts = hits(AMOUNT, text, quote);
  if (amounts.length === 0) return undefined;
  const reasons = hits(REASON, text, quote);
  if (reasons.length === 0) return undefined;
  const claims = hits(CLAIM, text, quote);
  const charges: [Hit, Hit][] = [];
  for (const a of amounts) {
    const c = nearest(a, claims, AMOUNT_SPAN);
    if (c) charges.push([a, c]);
  }
  if (charges.length === 0) return undefined;
  for (const call of affirmed(CALL, text)) {
    const phone = nearest(call, phones, PHONE_SPAN);
    if (!phone) continue;
    const reason = reasons.find((r) => Math.abs(r.at - call.at) <= REASON_SPAN && oneSentence(text, r, call));
    if (!reason) continue;
    const charge = charges.find(([a]) => Math.abs(a.at - call.at) <= NOTICE_SPAN);
    if (!charge) continue;
    if (isFraudAwareness(foldedSubject, folded)) return undefined;
    return { amount: charge[0], claim: charge[1], call, phone, reason };
  }
  return undefined;
}

/** The sender tags: 'freemail'; 'brand-elsewhere' and the brand's id for a brand named that the From domain is not on. */
function senderTags(sender: CallbackSender, folded: string, around: number): string[] {
  const tags: string[] = [];
  const domain = domainOfAddress(sender.from);
  if (domain !== '' && FREEMAIL.match(domain) !== undefined) tags.push('freemail');
  const m = brandMatcher(sender.policy);
  if (m.brands.length > 0) {
    // findBrand reads 300 characters: the From name, the subject, then the text around the charge and the start of the text
    const start = Math.max(0, around - 150);
    const hit =
      findBrand(m, sender.fromName, true) ??
      findBrand(m, sender.subject, false) ??
      findBrand(m, folded.slice(start, start + 300), false) ??
      findBrand(m, folded.slice(0, 300), false);
    if (hit && !ownedBy(hit.brand, domain)) tags.push('brand-elsewhere', hit.brand.id);
  }
  return tags;
}

/**
 * content.callback-scam for a folded text (subject + body, or text read in pictures: `where`
 * 'in-picture') that is a callback notice; undefined otherwise. The caller skips mail from the
 * local and allowed domains (sentFromKnownDomain).
 */
export function callbackScamFinding(folded: string, sender: CallbackSender, where?: 'in-picture' | 'in-pdf'): Finding | undefined {
  const foldedSubject = foldText(sender.subject);
  const shape = callbackShape(folded, foldedSubject);
  if (!shape) return undefined;
  const tags = ['amount', 'call-to-cancel', 'phone'];
  if (where) tags.push(where);
  tags.push(...senderTags(sender, folded, shape.amount.at));
  const place = where === 'in-picture' ? 'text read in a picture' : where === 'in-pdf' ? 'text of a PDF' : 'the text';
  return {
    scanner: 'content',
    kind: 'content.callback-scam',
    detail: `${place} claims a charge ("${shape.claim.text}" … "${shape.amount.text}") and asks to call ${shape.phone.text} ("${shape.call.text}") to "${shape.reason.text}": callback phishing`,
    subject: `${shape.amount.text} · ${shape.phone.text}`,
    tags,
  };
}

/** The sender side of callbackScamFinding for a message. */
export function callbackSender(message: ParsedMessage, policy: Policy): CallbackSender {
  return { from: message.from[0]?.address ?? '', fromName: message.from[0]?.name ?? '', subject: message.subject, policy };
}
