import type { Finding } from '../types.js';
import { foldText } from './fold.js';
import { wordList } from './word-list.js';

/**
 * "Không nghe máy được" (can't take calls) is how a fake leader opens ("anh đang họp không nghe máy
 * được, em chuyển gấp giúp anh…"), and just as much how a real colleague writes a note ("anh đang
 * họp, không nghe máy được, chiều gọi lại nhé"). These phrases of phrases_scam (policies/lists/
 * phrases-scam.txt) count only with their context: sent from outside the province's own and
 * allowed domains (a free mailbox, a stranger), or beside what the fraud is for, a request for
 * money, a transfer, gift cards or secrecy (REQUEST). The list's other boss-fraud phrases are such
 * requests themselves and always count.
 */
export const UNREACHABLE_PHRASES: ReadonlySet<string> = new Set(
  ['không nghe máy được', 'không nghe điện thoại được', 'không tiện nghe máy'].map(foldText),
);

/** What a fake leader asks for, in folded text: a transfer, money, gift cards, account numbers, secrecy. */
const REQUEST = wordList([
  'chuyen (?:khoan|tien|gap|giup|ngay)', 'so tai khoan', 'stk', 'ung (?:truoc|tien)', 'vay (?:giup|tam|nong)', 'mua giup', 'nap (?:tien|the)',
  'thanh toan giup', 'the cao', 'the qua tang', 'ma the', 'cao lop bac', 'giu kin', 'bi mat', 'kin dao', 'dung noi', 'khong (?:duoc )?(?:noi|bao) (?:voi|cho) ai',
  'transfer', 'wire', 'bank account', 'gift ?cards?', 'itunes', 'google play', 'keep (?:it|this) (?:quiet|between us|confidential|private)', 'confidential',
]);

/**
 * The phrase findings without the can't-take-calls wording when it stands without its context: the
 * sender is one of the province's own or allowed domains (`known`) and `folded` asks for nothing.
 */
export function withoutBareUnreachable(phrases: Finding[], folded: string, known: boolean): Finding[] {
  if (!known) return phrases;
  const bare = (f: Finding): boolean => f.list === 'phrases_scam' && f.subject !== undefined && UNREACHABLE_PHRASES.has(foldText(f.subject));
  if (!phrases.some(bare)) return phrases;
  REQUEST.lastIndex = 0;
  if (REQUEST.test(folded)) return phrases;
  return phrases.filter((f) => !bare(f));
}
