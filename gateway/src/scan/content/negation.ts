import { isWordUnit } from './fold.js';

/**
 * Negated clauses: genuine notices say the opposite of a lure. "Ngân hàng KHÔNG BAO GIỜ yêu cầu
 * Quý khách cung cấp mật khẩu, mã OTP", "Cơ quan thuế không gửi đường link yêu cầu cập nhật thông
 * tin định danh", "We will never ask you to verify your account", "Never share your seed phrase".
 * The phrase lists and the lure reader (lure.ts, offer.ts, index.ts) ask negatedAt() whether a match
 * stands in such a clause, and then do not count it.
 *
 * Read on folded text (foldText: lower case, no diacritics), word by word, in a bounded window: the
 * words before the match back to the last sentence mark (. ! ? ; : | • " - "), at most LOOKBACK
 * characters. A match is negated when, in that window, a negation word (không, chẳng, chưa bao giờ,
 * đừng, never, not, don't, won't, no one) is followed, through a few filler words only (bao giờ,
 * được, nên, ever, will, be...), by a verb of asking or giving, and the match comes after it:
 *  - asking and sending (yêu cầu, đề nghị, gửi, gọi điện, nhắn tin, liên hệ, cho vay, tuyển; ask,
 *    request, require, send, call, contact): its scope runs over a list ("mật khẩu, mã OTP hay xác
 *    minh tài khoản") up to REQUEST_SCOPE words from the last such verb;
 *  - giving and clicking (cung cấp, chia sẻ, tiết lộ, bấm, nhấn vào, truy cập, đăng nhập, cài đặt,
 *    trả lời; share, give, provide, enter, click, open, reply, download): the match must be the verb
 *    itself or its object, DIRECT_SCOPE words at most, no comma between.
 *
 * What keeps a lure a lure:
 *  - a negation without such a verb is no negation here: "đừng bỏ lỡ", "don't miss", "không cần
 *    giấy tờ", "không mất phí", "don't ignore this", "không thanh toán sẽ bị khóa";
 *  - a condition before the negation ("nếu không xác thực", "if you do not verify", "unless") makes
 *    it a threat; a consequence after the match in the clause ("sẽ bị", "will be") too;
 *  - the scope stops at a sentence mark, at a word that opens a new clause (will, sẽ, thì, vì, if,
 *    please, vui lòng...), and, after a comma, at a new subject ("..., Quý khách xác thực ..."); a
 *    direct verb's scope stops at a comma and at "to/để/and/và": "do not share this link, verify
 *    your account" and "đừng chia sẻ đường link này. Quý khách cần xác thực" keep their lure.
 *
 * "đừng" folds to "dung", as do "dùng", "dụng", "đúng": it counts only before a verb of the lists
 * and not after the syllable of a compound ("sử dụng", "tín dụng", "người dùng", "nội dung").
 */

/** Characters looked back from a match for its clause. */
export const LOOKBACK = 240;
/** Words (or commas) from the last asking verb to the match. */
export const REQUEST_SCOPE = 12;
/** Words from a giving/clicking verb to the match (its object). */
export const DIRECT_SCOPE = 5;
/** Filler words allowed between a negation and its verb. */
const MAX_FILLERS = 3;
/** Characters read after the match for a consequence ("sẽ bị khóa"). */
const LOOKAHEAD = 120;

/** Single-word negations. "dung" (đừng) and "chua" (chưa) have their own checks. */
const NEGATIONS = new Set(['khong', 'chang', 'never', 'not', "don't", 'dont', "won't", 'wont', "doesn't", "didn't", 'nobody', 'cannot', "can't"]);
/** Negations of the form subject + verb: a few words of any kind may come between ("No one from X will ask"). */
const SUBJECT_NEGATIONS = new Set(['nobody']);
/** Syllables before "dung" that make it "dụng/dùng/dung" (use, content, ...), not "đừng". */
const DUNG_COMPOUNDS = new Set(['su', 'ap', 'nguoi', 'noi', 'tieu', 'ung', 'tin', 'thu', 'van', 'tuyen', 'xay', 'cong', 'trung', 'hinh', 'dieu', 'bao', 'khoan', 'kinh']);
/** Words that may stand between a negation and its verb. */
const FILLERS = new Set([
  'bao', 'gio', 'he', 'duoc', 'nen', 'phep', 'tung', 'chu', 'dong', 'tu', 'y', 'ai', 'khi', 'nao', 'the',
  'ever', 'will', 'be', 'you', 'we', 'i', 'to', 'currently', 'one',
]);
/** Words that end a negation's scope: a new clause, a condition or a consequence begins. */
const SCOPE_STOPS = new Set([
  'will', 'would', 'se', 'thi', 'vi', 'because', 'if', 'neu', 'otherwise', 'then', 'until', 'unless', 'but', 'nhung', 'khi',
  'when', 'please', 'vui', 'xin', 'must', 'phai', 'need', 'can', 'should',
]);
/** Subjects that, after a comma, open a new clause ("..., Quý khách xác thực tài khoản"). */
const SUBJECTS = new Set(['ban', 'you', 'we', 'khach', 'toi', 'anh', 'chi', 'em', 'ong', 'ba', 'they', 'i']);
/** Words that join a second action to a direct verb: its scope ends there. */
const DIRECT_STOPS = new Set(['to', 'de', 'and', 'va', 'roi', 'then', 'sau', 'after']);
/** A condition before the negation: "nếu không ...", "if you do not ...", "trường hợp không ...". */
const CONDITIONS = new Set(['neu', 'if', 'unless', 'otherwise', 'failure', 'failing', 'hop']);
/** How far before the negation a condition is looked for (words). */
const CONDITION_REACH = 5;

/** Verbs of asking and sending (one or two words, folded). */
const REQUEST_VERBS = [
  'yeu cau', 'de nghi', 'doi hoi', 'gui', 'goi dien', 'goi', 'nhan tin', 'lien he', 'lien lac', 'thu thap', 'tu van', 'cho vay', 'tuyen',
  'ask', 'asks', 'asked', 'asking', 'request', 'requests', 'require', 'requires', 'send', 'sends', 'email', 'call', 'text', 'contact', 'message',
].map((v) => v.split(' '));
/** Verbs of giving and clicking. */
const DIRECT_VERBS = [
  'cung cap', 'chia se', 'tiet lo', 'bam', 'nhan vao', 'an vao', 'click', 'truy cap', 'dang nhap', 'nhap', 'cai dat', 'tai ve', 'tai ung dung',
  'tra loi', 'lam theo', 'ket ban', 'cho muon', 'cho thue',
  'share', 'give', 'provide', 'disclose', 'reveal', 'enter', 'type', 'click', 'tap', 'open', 'follow', 'reply', 'respond', 'download',
  'install', 'forward', 'use',
].map((v) => v.split(' '));

/** Words after a match that turn a negation into a threat ("không thanh toán sẽ bị khóa"). */
const CONSEQUENCES: readonly string[][] = [['se', 'bi'], ['will', 'be'], ['would', 'be'], ['will', 'result'], ['may', 'result'], ['or', 'else']];

/** A word of the window, or ',' for a comma. */
type Token = string;

const SENTENCE_MARKS = new Set(['.', '!', '?', ';', ':', '|', '•', '\u2022']);

function isWordChar(c: number): boolean {
  return isWordUnit(c) || c === 0x27; // the apostrophe of "don't" (foldText makes ’ into ')
}

/** Words and commas of `text`, in order. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (isWordChar(c)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      let a = start;
      let b = i;
      while (a < b && text.charCodeAt(a) === 0x27) a++;
      while (b > a && text.charCodeAt(b - 1) === 0x27) b--;
      if (b > a) out.push(text.slice(a, b));
      start = -1;
    }
    if (c === 0x2c) out.push(',');
  }
  return out;
}

/** Where the clause of position `start` begins: after the last sentence mark in LOOKBACK characters. */
function clauseStart(folded: string, start: number): number {
  const from = Math.max(0, start - LOOKBACK);
  for (let i = start - 1; i >= from; i--) {
    const ch = folded[i]!;
    if (SENTENCE_MARKS.has(ch)) return i + 1;
    // a dash between spaces starts a list item: "- Không cung cấp OTP - Xác thực tài khoản tại đây"
    if (ch === '-' && folded[i - 1] === ' ' && folded[i + 1] === ' ') return i + 1;
  }
  return from;
}

/** The verb (of `verbs`) starting at token i, as its length in tokens, or 0. */
function verbAt(t: Token[], i: number, verbs: readonly string[][]): number {
  let best = 0;
  for (const v of verbs) {
    if (v.length <= best || i + v.length > t.length) continue;
    if (v.every((w, k) => t[i + k] === w)) best = v.length;
  }
  return best;
}

/** Tokens taken by the negation starting at i (0: none there). */
function negationAt(t: Token[], i: number): number {
  const w = t[i]!;
  if (w === 'no' && t[i + 1] === 'one') return 2;
  if (w === 'chua') return t[i + 1] === 'bao' || t[i + 1] === 'he' || t[i + 1] === 'tung' ? 1 : 0;
  if (w === 'dung') return i > 0 && DUNG_COMPOUNDS.has(t[i - 1]!) ? 0 : 1;
  return NEGATIONS.has(w) ? 1 : 0;
}

function conditioned(t: Token[], i: number): boolean {
  for (let k = Math.max(0, i - CONDITION_REACH); k < i; k++) if (CONDITIONS.has(t[k]!)) return true;
  return false;
}

/** Whether the scope of a verb ending at token `from` reaches token `to` (the match). */
function inScope(t: Token[], from: number, to: number, direct: boolean): boolean {
  let words = 0;
  let afterComma = false;
  for (let k = from; k < to; k++) {
    const w = t[k]!;
    if (w === ',') {
      if (direct) return false;
      afterComma = true;
      continue;
    }
    if (!direct) {
      const again = verbAt(t, k, REQUEST_VERBS);
      if (again > 0) {
        // another asking verb in the list ("không gửi đường link yêu cầu ..."): the scope restarts there
        words = 0;
        k += again - 1;
        continue;
      }
      // a giving verb in the list ("cung cấp hay chia sẻ mã OTP") is one word of it ("sẻ" is no "sẽ")
      const giving = verbAt(t, k, DIRECT_VERBS);
      if (giving > 0) {
        k += giving - 1;
        if (++words > REQUEST_SCOPE) return false;
        continue;
      }
    }
    if (SCOPE_STOPS.has(w)) return false;
    if (direct && DIRECT_STOPS.has(w)) return false;
    if (afterComma && SUBJECTS.has(w)) return false;
    if (++words > (direct ? DIRECT_SCOPE : REQUEST_SCOPE)) return false;
  }
  return true;
}

/** Whether the words after the match, in its clause, state a consequence ("sẽ bị khóa", "will be suspended"). */
function threatAfter(folded: string, start: number): boolean {
  const rest = folded.slice(start, start + LOOKAHEAD);
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    if (SENTENCE_MARKS.has(rest[i]!)) {
      end = i;
      break;
    }
  }
  const t = tokens(rest.slice(0, end));
  for (let i = 0; i < t.length; i++) for (const c of CONSEQUENCES) if (c.every((w, k) => t[i + k] === w)) return true;
  return false;
}

/**
 * True when the match at `at` in `folded` (foldText output) stands in a negated clause (see above).
 * `at` may point at the boundary character a word-list expression matched before the word.
 */
export function negatedAt(folded: string, at: number): boolean {
  let start = at;
  while (start < folded.length && start < at + 2 && !isWordChar(folded.charCodeAt(start))) start++;
  const before = tokens(folded.slice(clauseStart(folded, start), start));
  if (before.length === 0) return false;
  // the match's own first words: the verb may be part of it ("không cung cấp thông tin", "đừng bấm vào")
  const own = tokens(folded.slice(start, start + 40)).slice(0, 2);
  const t = [...before, ...own];
  const match = before.length;
  for (let i = 0; i < match; i++) {
    const neg = negationAt(t, i);
    if (neg === 0 || conditioned(t, i)) continue;
    const subject = SUBJECT_NEGATIONS.has(t[i]!) || (t[i] === 'no' && neg === 2) || (t[i] === 'khong' && t[i + 1] === 'ai');
    let j = i + neg;
    let skipped = 0;
    for (;;) {
      if (j > match || t[j] === ',' || t[j] === undefined) break;
      if (verbAt(t, j, REQUEST_VERBS) > 0 || verbAt(t, j, DIRECT_VERBS) > 0) break;
      if (skipped >= MAX_FILLERS || (!subject && !FILLERS.has(t[j]!))) break;
      j++;
      skipped++;
    }
    if (j > match) continue;
    const request = verbAt(t, j, REQUEST_VERBS);
    const direct = request > 0 ? 0 : verbAt(t, j, DIRECT_VERBS);
    if (request === 0 && direct === 0) continue;
    const end = j + (request || direct);
    // the verb is the match itself, or the match lies in the verb's scope
    const reaches = end >= match || inScope(t, end, match, request === 0);
    if (reaches && !threatAfter(folded, start)) return true;
  }
  return false;
}
