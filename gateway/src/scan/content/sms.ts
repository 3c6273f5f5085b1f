import type { Finding } from '../types.js';
import { foldText } from './fold.js';
import { wordList } from './word-list.js';

/**
 * Signs of SMS advertising and SMS scams pasted into mail, read on folded text (foldText after
 * deobfuscate). Each signal is reported at most once per message, as one content.sms-ad finding
 * tagged with it, so a rule's min_count counts different signals:
 *  - sms-instruction: "soạn XN gửi 9062", "soan UT gui 9778", "DK KM50 gửi 9090" (premium SMS, subscriptions);
 *  - opt-out: "Từ chối QC, soạn TC3 gửi 199" (the footer of telecom advertising SMS);
 *  - phone-numbers: PHONE_LIST_MIN or more different mobile numbers in a short text (SIM sales,
 *    "call us" spam); a directory in a long mail does not count.
 *  - call-to-action: a short text that urges "đăng ký ngay", "nhận ngay", "inbox ngay"... and gives
 *    a web address or a phone number to do it (the advertising SMS pattern).
 *  - price-and-phone: a short text that sells (SIM numbers, land, flats, cars, "hàng fake", a clearance
 *    sale), names a price and gives a mobile number or a hotline: the classified ad. A school fee
 *    notice or a colleague's mail has a sum and a number but sells nothing.
 */

/** Different mobile numbers from which a short text is a list of numbers for sale or to call. */
export const PHONE_LIST_MIN = 5;
/** Only texts up to this length (characters) are "short" for the phone-number signal. */
export const SHORT_TEXT = 600;

const SMS_INSTRUCTION = /\b(?:soan (?:tin )?|dk )(?:[a-z0-9+]{1,15} ){1,4}gui (?:den |toi |ve )?(?:so )?(\d{3,5})\b/;
const OPT_OUT = /\btu choi (?:nhan )?(?:tin )?(?:qc|quang cao)\b/;
/** The pushes of advertising texts ("register now", "get it now", "message us now"), folded. */
const CALL_TO_ACTION =
  /\b(?:dang ky ngay|nhan ngay|mua ngay|lien he ngay|inbox ngay|ib ngay|nhan tin ngay|goi ngay|tham gia ngay|tai ngay|click ngay|truy cap ngay|dat hang ngay|dang ki ngay|choi ngay|nap ngay|san ngay|chot don ngay|nhan qua ngay|tai app ngay|ket ban ngay)\b/;

/**
 * What a classified ad sells or how it sells it, folded. Not "bán" alone, nor "cần bán", "bán đất",
 * "bán gấp", "mất tiền": "bạn", "cần bàn", "bạn đặt", "bạn gặp", "mất tiền" fold to the same words.
 * SALE_ONLY is said only by sellers (SIM numbers, land plots, "hàng rep 1:1", cash on delivery
 * nationwide); SALE_WORDS also turn up in a colleague's mail ("khách sạn đã giảm giá 10%", "giá
 * ưu đãi"), so two different ones are needed.
 */
const SALE_ONLY = wordList(
  [
    'sim (?:so )?dep', 'sim (?:tu quy|tam hoa|ngu quy|phong thuy|nam sinh|vip|gia re)', 'ban (?:sim|can ho|lo dat|manh dat|dat nen|dat tho cu)',
    'dat nen', 'so (?:do|hong) (?:rieng|chinh chu|trao tay|san)', 'lo goc', 'chinh chu (?:ban|can ban|cho thue)',
    'hang (?:fake|super fake|rep|replica|like auth|nhai|quang chau)', 'rep 1 ?: ?1', 'auth 1 ?: ?1', 'order (?:hang|quang chau|taobao)', 'nhan order',
    'ship (?:cod|toan quoc)', 'cod toan quoc', 'freeship', 'giao hang toan quoc', 'lay si', 'gia si', 'gia (?:soc|hat de|cuc tot|cuc re)', 'xa (?:hang|kho)', 'dong gia', 'sale off', 'sale \\d+ ?%',
  ],
  '',
);
const SALE_WORDS = wordList(
  [
    'gia (?:ban|chi|re|goc|uu dai|khuyen mai|tot nhat)', 'thanh ly', 'giam (?:gia|ngay|con|\\d+ ?%)', 'khuyen mai', 'mien phi (?:ship|van chuyen|giao hang)',
    'ban (?:nha|xe)', 'sang nhuong', 'cho thue (?:nha|phong|can ho|mat bang)', 'hang xach tay', 'bao hanh', 'so luong co han',
  ],
);
/** Officialdom: an auction of public property, a school's fee notice, a letter citing its grounds. */
const OFFICIAL = wordList(['ubnd', 'uy ban nhan dan', 'kinh gui', 'can cu (?:nghi dinh|quyet dinh|luat|thong tu)', 'cong van', 'dau gia', 'gia khoi diem', 'hoc phi', 'phu huynh', 'nha truong'], '');

function saleWording(folded: string): string | undefined {
  const only = SALE_ONLY.exec(folded);
  if (only) return only[0].replace(/^[^a-z0-9]/, '');
  const words = new Set([...folded.matchAll(SALE_WORDS)].slice(0, 20).map((m) => m[0].replace(/^[^a-z0-9]/, '')));
  return words.size >= 2 ? [...words].slice(0, 2).join(', ') : undefined;
}

/** A price: 550 ngàn, 1,000,000, 550.000, 27.290.000đ, 3tr5, 120k, 2 tỷ (not a phone number written 091.234.5678). */
const PRICE = /(?:^|[^a-z0-9])(?:\d{1,3}(?:[.,]000)+|\d{1,3}(?:[.,]\d{3}){2,3}|\d+(?:[.,]\d+)? ?(?:k|tr|trieu|ty|ngan|nghin|d|dong|vnd)\d{0,3})(?![a-z0-9])/;
/** A hotline or contact word before a number that is not a mobile one (1800 numbers, landlines). */
const HOTLINE = /\b(?:hotline|lh|lien he|sdt|dt|zalo)\b[ :.]*\d{3,}/;

/** Runs of digits with the separators people put inside phone numbers. */
const DIGIT_RUN = /\+?\d(?:[\d.,-]*\d)?/g;
const MOBILE = /^0[35789]\d{8}$/;

/** Different Vietnamese mobile numbers in the text ("0982,157,352", "0835.33.00.22", "+84 912 345 678"). */
export function mobileNumbers(text: string): Set<string> {
  return new Set(mobileNumberHits(text).map((h) => h.number));
}

/** Each Vietnamese mobile number in the text, normalised (0xxxxxxxxx), with where it starts. */
export function mobileNumberHits(text: string): { number: string; at: number }[] {
  const found: { number: string; at: number }[] = [];
  let acc = '';
  let accStart = 0;
  let lastEnd = -1;
  for (const m of text.matchAll(DIGIT_RUN)) {
    const at = m.index ?? 0;
    const digits = m[0].replace(/\D/g, '');
    // Pieces of one number are separated by at most one space ("0912 345 678").
    if (lastEnd < 0 || !/^ ?$/.test(text.slice(lastEnd, at))) acc = '';
    if (acc === '') accStart = at;
    acc += digits;
    lastEnd = at + m[0].length;
    if (acc.startsWith('84') && acc.length >= 11) acc = `0${acc.slice(2)}`;
    if (acc.length === 10 && MOBILE.test(acc)) {
      found.push({ number: acc, at: accStart });
      acc = '';
    } else if (acc.length >= 10) {
      acc = digits.length < 10 ? digits : '';
      accStart = at;
    }
  }
  return found;
}

/** A letter Vietnamese writes with a diacritic (precomposed, lower case): the text is written with them. */
const ACCENTED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/;

/**
 * The first call to action of the folded text that the written text (lower case, diacritics kept;
 * undefined: not known) says as one: in a text written with diacritics, the push must end in "ngay"
 * ("now") as written, not "ngày" ("day"): "chuyển vào tài khoản cá nhân ngày 10/11" folds to "ca nhan
 * ngay 10/11", which is a date and no "nhận ngay". A text written without diacritics cannot tell.
 */
function callToAction(folded: string, written: string | undefined): RegExpExecArray | undefined {
  const cta = CALL_TO_ACTION.exec(folded);
  if (!cta || written === undefined || !ACCENTED.test(written)) return cta ?? undefined;
  let seen = 0;
  for (const m of folded.matchAll(new RegExp(CALL_TO_ACTION.source, 'g'))) {
    if (++seen > 20) break;
    const words = m[0].split(' ');
    // the same words as written: each folds one letter to one letter (precomposed text)
    const shape = new RegExp(`(?<![\\p{L}\\p{N}])${words.slice(0, -1).map((w) => `\\p{L}{${w.length}}`).join(' ')} ngay(?![\\p{L}\\p{N}])`, 'gu');
    for (const w of written.matchAll(shape)) if (foldText(w[0]) === m[0]) return m as RegExpExecArray;
  }
  return undefined;
}

/**
 * The SMS-ad findings (at most one per signal) for a folded text. `hasLink`: the message carries a
 * web address (the parser's URLs, bare "abc.vn/x" ones included). `written`: the same text in lower
 * case with its diacritics (exactText), to tell "nhận ngay" from "nhân ngày".
 */
export function smsAdFindings(folded: string, hasLink = false, written?: string): Finding[] {
  const findings: Finding[] = [];
  const instruction = SMS_INSTRUCTION.exec(folded);
  if (instruction) {
    findings.push({
      scanner: 'content',
      kind: 'content.sms-ad',
      detail: `an SMS instruction to text a code to ${instruction[1]} ("${instruction[0]}")`,
      subject: instruction[0],
      tags: ['sms-instruction'],
    });
  }
  const optOut = OPT_OUT.exec(folded);
  if (optOut) {
    findings.push({
      scanner: 'content',
      kind: 'content.sms-ad',
      detail: `the opt-out line of an advertising SMS ("${optOut[0]}")`,
      subject: optOut[0],
      tags: ['opt-out'],
    });
  }
  if (folded.length <= SHORT_TEXT) {
    const cta = callToAction(folded, written);
    if (cta && (hasLink || mobileNumbers(folded).size > 0)) {
      findings.push({
        scanner: 'content',
        kind: 'content.sms-ad',
        detail: `a short text urging "${cta[0]}" with an address or a number to do it`,
        subject: cta[0],
        tags: ['call-to-action'],
      });
    }
    const what = saleWording(folded);
    if (what && PRICE.test(folded) && (mobileNumbers(folded).size > 0 || HOTLINE.test(folded)) && !OFFICIAL.test(folded)) {
      findings.push({
        scanner: 'content',
        kind: 'content.sms-ad',
        detail: `a short text that sells ("${what}"), names a price and gives a number to call`,
        subject: what,
        tags: ['price-and-phone'],
      });
    }
    const numbers = mobileNumbers(folded);
    if (numbers.size >= PHONE_LIST_MIN) {
      findings.push({
        scanner: 'content',
        kind: 'content.sms-ad',
        detail: `${numbers.size} different mobile numbers in a short text`,
        subject: [...numbers].slice(0, 3).join(', '),
        tags: ['phone-numbers'],
      });
    }
  }
  return findings;
}
