import type { Finding } from '../types.js';

/**
 * Signs of SMS advertising and SMS scams pasted into mail, read on folded text (foldText after
 * deobfuscate). Each signal is reported at most once per message, as one content.sms-ad finding
 * tagged with it, so a rule's min_count counts different signals:
 *  - sms-instruction: "soạn XN gửi 9062", "soan UT gui 9778" (premium SMS, subscriptions);
 *  - opt-out: "Từ chối QC, soạn TC3 gửi 199" (the footer of telecom advertising SMS);
 *  - phone-numbers: PHONE_LIST_MIN or more different mobile numbers in a short text (SIM sales,
 *    "call us" spam); a directory in a long mail does not count.
 *  - call-to-action: a short text that urges "đăng ký ngay", "nhận ngay", "inbox ngay"... and gives
 *    a web address or a phone number to do it (the advertising SMS pattern).
 */

/** Different mobile numbers from which a short text is a list of numbers for sale or to call. */
export const PHONE_LIST_MIN = 5;
/** Only texts up to this length (characters) are "short" for the phone-number signal. */
export const SHORT_TEXT = 600;

const SMS_INSTRUCTION = /\bsoan (?:tin )?(?:[a-z0-9+]{1,15} ){1,4}gui (?:den |toi |ve )?(?:so )?(\d{3,5})\b/;
const OPT_OUT = /\btu choi (?:nhan )?(?:tin )?(?:qc|quang cao)\b/;
/** The pushes of advertising texts ("register now", "get it now", "message us now"), folded. */
const CALL_TO_ACTION =
  /\b(?:dang ky ngay|nhan ngay|mua ngay|lien he ngay|inbox ngay|ib ngay|nhan tin ngay|goi ngay|tham gia ngay|tai ngay|click ngay|truy cap ngay|dat hang ngay|dang ki ngay|choi ngay|nap ngay|san ngay|chot don ngay|nhan qua ngay|tai app ngay|ket ban ngay)\b/;

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

/**
 * The SMS-ad findings (at most one per signal) for a folded text. `hasLink`: the message carries a
 * web address (the parser's URLs, bare "abc.vn/x" ones included).
 */
export function smsAdFindings(folded: string, hasLink = false): Finding[] {
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
    const cta = CALL_TO_ACTION.exec(folded);
    if (cta && (hasLink || mobileNumbers(folded).size > 0)) {
      findings.push({
        scanner: 'content',
        kind: 'content.sms-ad',
        detail: `a short text urging "${cta[0]}" with an address or a number to do it`,
        subject: cta[0],
        tags: ['call-to-action'],
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
