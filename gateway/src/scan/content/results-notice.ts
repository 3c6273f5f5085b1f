import { wordList } from './word-list.js';

/**
 * Lottery results notices: a lottery company (xổ số kiến thiết) publishes its draw results and
 * reports tickets issued and prizes paid; the finance department and the press receive them every
 * week. They say "trúng thưởng" ("vé trúng thưởng", "người trúng thưởng") as a prize scam does, but
 * about tickets and the public, in the third person. A prize scam tells the READER that they won
 * ("bạn đã trúng", "chúc mừng", "số điện thoại của quý khách trúng giải") or asks a fee to collect.
 *
 * Read on folded text (fold.ts): a results notice names the draw in at least RESULTS_MIN_WORDS
 * distinct ways (the lottery company, the draw, claiming or paying prizes, tickets issued) and never
 * addresses the reader as a winner. For such a notice only the plain prize wording of the phrase
 * lists (PRIZE_WORDING) is set aside (content/index.ts); "bạn đã trúng", "phí nhận thưởng" and the
 * betting phrases ("soi cầu lô", "bạch thủ lô") always count, and links, sender and attachments are
 * checked as usual.
 */

/** Distinct words of RESULTS_WORDS needed. */
export const RESULTS_MIN_WORDS = 2;
/** The start of the text read: a notice says what it is about early. */
const WINDOW = 20_000;

const w = (alternatives: readonly string[], flags = ''): RegExp => wordList(alternatives, flags);

/** How a results notice names the draw (each alternative counts once). */
const RESULTS_WORDS: readonly RegExp[] = [
  w(['xo so kien thiet', 'cong ty xo so', 'hoi dong giam sat xo so']),
  w(['ket qua (?:mo thuong|xo so|quay so mo thuong)', 'ky (?:mo thuong|quay so mo thuong|ve)', 'mo thuong']),
  w(['linh thuong', 'tra thuong', 'ty le tra thuong', 'han linh thuong']),
  w(['phat hanh ve', 've xo so', 'dai ly (?:ve )?xo so']),
];

/** The reader told they won, or asked to pay to collect: a prize scam, whatever else it says. */
const READER_WON = w([
  'chuc mung', '(?:ban|quy khach|anh chi|anh|chi|thue bao)(?: da| vua| duoc)? (?:trung|nhan duoc giai|la (?:khach hang|nguoi) may man)',
  '(?:so dien thoai|so thue bao|tai khoan|ma so) cua (?:ban|quy khach)(?: da)? trung', 'khach hang may man', 'may man trung',
  'phi (?:nhan|linh) (?:thuong|giai)', 'nop (?:truoc )?(?:phi|thue) (?:de )?(?:nhan|linh)', 'phi (?:van chuyen|thu tuc|ho so)',
  'congratulations', 'you(?: have|\'ve)? won',
]);

/** The phrase-list wording a results notice uses by its nature, folded ("trúng thưởng", "quay số trúng thưởng", "giải thưởng trị giá"). */
export const PRIZE_WORDING: ReadonlySet<string> = new Set(['trung thuong', 'quay so trung thuong', 'giai thuong tri gia']);

/** True when the message is a lottery results notice (see above). `folded`: foldText output of subject + text. */
export function isLotteryResults(folded: string): boolean {
  const text = folded.length > WINDOW ? folded.slice(0, WINDOW) : folded;
  if (READER_WON.test(text)) return false;
  let words = 0;
  for (const re of RESULTS_WORDS) if (re.test(text) && ++words >= RESULTS_MIN_WORDS) return true;
  return false;
}
