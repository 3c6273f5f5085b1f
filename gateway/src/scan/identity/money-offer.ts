import type { ParsedMessage } from '../../parse/types.js';
import { foldText } from '../content/fold.js';
import { alternativesOf, wordList } from '../content/word-list.js';

/**
 * The story of advance-fee fraud, read on folded text (lower case, no diacritics): a fortune
 * offered to the reader — millions in dollars, euros or pounds, an inheritance, a fund without an
 * owner, a donation the reader is "selected to receive". Alone it is nothing (a news item, a
 * budget); it sharpens a request to answer on a free-mail mailbox that is not the sender's
 * (sender.reply-to-mismatch, identity/index.ts): the scammer mails from a borrowed or hacked
 * mailbox and collects the answers on Gmail. Vietnamese đồng are left out (a province's budgets
 * are in tỷ đồng); dollars, euros and pounds in the millions are not what an office is offered.
 */

/** Only the start of the text is read: the offer stands in the first paragraphs. */
const WINDOW = 5000;

/** A sum of a million or more, in the currencies these stories use. */
const MILLIONS = [
  // "US$ 2.000.000,00", "$4,500,000", "€ 1 500 000", "usd 10,000,000"
  '(?:us ?\\$|usd|\\$|eur|€|gbp|£) ?\\d{1,3}(?:[.,\' ]\\d{3}){2,}',
  // "2,000,000.00 dollars", "1.500.000 euros"
  '\\d{1,3}(?:[.,\' ]\\d{3}){2,}(?:[.,]\\d{2})? ?(?:usd|us dollars|dollars|euros?|pounds|gbp|dolares|dolars)',
  // "2.5 million dollars", "two million us dollars", "(usd) 10 millions", "dois milhoes de dolares", "dos millones de euros"
  '(?:\\d{1,3}(?:[.,]\\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty) ?millions? (?:of )?(?:us |united states )?(?:dollars|usd|euros?|pounds|gbp)',
  '(?:\\d{1,3}|um|dois|tres|cinco|dez|un|dos|cinco|diez) (?:milhoes|milhao|millones|millon) de (?:dolares|euros|reais)',
  // vi: "2 triệu đô la", "5 triệu USD"
  '\\d{1,3}(?:[.,]\\d{1,2})? trieu (?:do la|do my|usd|euro|bang anh)',
];

/** The fortune without a figure: an estate, a fund, a donation offered to the reader. */
const FORTUNE = [
  'inheritance', 'next of kin', 'unclaimed (?:funds?|inheritance|estate|deposit)', 'consignment box', 'dormant account',
  'compensation (?:fund|payment)', 'lottery (?:winnings|prize|award)', 'winning (?:fund|prize)',
  '(?:receive|receiving|accept|accepting|claim) (?:his |her |my |our |the |this |a |your )?(?:charity |charitable )?donation',
  '(?:selected|chosen) (?:to receive|for) (?:a |an |the |this )?(?:charity |charitable )?(?:donation|grant|fund)',
  // pt, es, fr
  'heranca', 'receber (?:uma|a|sua|esta) doacao', 'herencia', 'recibir (?:una|la|esta) donacion', 'heritage', 'recevoir (?:un|le|ce) don',
  // vi
  'thua ke', 'nhan (?:mot )?(?:khoan )?(?:tien )?(?:tai tro|quyen gop|vien tro) (?:tri gia|tu thien)',
];

const OFFER = wordList([...MILLIONS, ...FORTUNE].flatMap((a) => alternativesOf(a)), '');

/** The words of the money offer at the start of the subject and text, or undefined. */
export function moneyOffer(message: ParsedMessage): string | undefined {
  const text = foldText(`${message.subject ?? ''}\n${(message.visibleText || message.text).slice(0, WINDOW)}`);
  const m = OFFER.exec(text);
  return m ? m[0].replace(/^[^a-z0-9$€£]/, '').slice(0, 60) : undefined;
}
